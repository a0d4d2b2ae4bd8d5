import type { TimerWheel } from "@im/core";
import { Delivery } from "./delivery.ts";
import { AuthFlow } from "./flows/auth.ts";
import { ChatFlow } from "./flows/chat.ts";
import { createHandlers } from "./handlers.ts";
import type { Hub } from "./hub.ts";
import { createNodeMetrics } from "./metrics.ts";
import type { NodeDeps, NodeOptions } from "./node-options.ts";
import { Replies } from "./replies.ts";
import { Sessions } from "./sessions.ts";
import { UndeliveredTracker } from "./undelivered-tracker.ts";

/** Builds a node's parts and hands each flow the narrow dependencies it needs. */
export function composeNode(deps: NodeDeps, opts: NodeOptions, hub: Hub, wheel: TimerWheel) {
  const { nodeId } = opts;
  const metrics = createNodeMetrics(nodeId);
  const log = deps.logger.child({ node: nodeId });
  const tracker = new UndeliveredTracker(wheel, deps.push, opts.undeliveredMs, (uid, message) => {
    metrics.offlineNotify.inc();
    deps.ledger?.record({
      ownerUid: uid,
      seq: message.seq,
      msgId: message.msgId,
      kind: "offline-push",
      nodeId,
      deviceId: null,
      deviceType: null,
      provider: deps.push.name,
      // notify() only hands the message over; "none" means offline pushes are not configured.
      result: deps.push.name === "none" ? "not-sent" : "queued",
      at: Date.now(),
    });
  });
  const replies = new Replies(metrics, log);
  const sessions = new Sessions(nodeId, deps.presence, metrics, log);
  const common = { ...deps, nodeId, hub, replies, sessions, metrics, log, tracker };
  const delivery = new Delivery({ ...common, maxOutboundBytes: opts.maxOutboundBytes ?? 8 * 1024 * 1024 });
  const auth = new AuthFlow({ ...common, ...opts, wheel });
  const chat = new ChatFlow({ ...common, delivery, maxContentBytes: opts.maxContentBytes });
  const handlers = createHandlers({
    auth,
    chat,
    sync: common,
    business: { outbox: deps.outbox, maxContentBytes: opts.maxContentBytes },
    social: { ...deps, delivery },
    replies,
  });
  return { metrics, log, replies, sessions, delivery, auth, chat, handlers };
}
