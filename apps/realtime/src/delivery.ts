import {
  BusBatch,
  type BusPush,
  type DeliveryLedger,
  type InboxMessage,
  type InboxWrite,
  type MessageStore,
  type NodeBus,
  type Presence,
} from "@im/core";
import { Cmd, type CmdBodies, encodeMessage, im, isKnownCmd, type KnownCmd } from "@im/protocol";
import type { Logger } from "pino";
import type { Connection } from "./connection.ts";
import type { Hub } from "./hub.ts";
import type { NodeMetrics } from "./metrics.ts";
import type { Replies } from "./replies.ts";
import type { Sessions } from "./sessions.ts";
import type { UndeliveredTracker } from "./undelivered-tracker.ts";

export interface DeliveryDeps {
  nodeId: string;
  hub: Hub;
  presence: Pick<Presence, "routes" | "routesMany">;
  bus: NodeBus;
  tracker: Pick<UndeliveredTracker, "track">;
  sessions: Pick<Sessions, "unbind">;
  replies: Pick<Replies, "error">;
  metrics: Pick<NodeMetrics, "pushes">;
  log: Logger;
  /** Where catchUp() reads what a session missed. */
  messages: Pick<MessageStore, "maxSeq" | "pull">;
  ledger?: DeliveryLedger | undefined;
  /** Outbound bytes a connection may queue before it is closed as a slow consumer. */
  maxOutboundBytes: number;
}

const CATCH_UP_CONCURRENCY = 16;
const CATCH_UP_PAGE_SIZE = 200;
const CATCH_UP_PAGES = 5;

/**
 * Pushes to the online devices of a user, wherever they are: sessions on this
 * node get the frame, other nodes get one bus message per batch.
 */
export class Delivery {
  /** Published in the node registry (monotonic since start), for the console's live rates. */
  pushesSent = 0;

  constructor(private readonly deps: DeliveryDeps) {}

  /** Pushes stored inbox entries to every online device of their owners (but the sending one). */
  async deliver(writes: readonly InboxWrite[], originConnId?: string): Promise<void> {
    const owners = [...new Set(writes.map((w) => w.ownerUid))];
    const routesByOwner = await this.deps.presence.routesMany(owners);
    const remote = new BusBatch();
    for (const write of writes) {
      const routes = routesByOwner.get(write.ownerUid) ?? [];
      let frame: Uint8Array | null = null;
      for (const route of routes) {
        if (route.connId === originConnId) {
          // The sending device has its own message already: nothing to catch up on later.
          const origin = this.deps.hub.get(route.connId);
          if (origin && write.message.seq > origin.pushedSeq) origin.pushedSeq = write.message.seq;
          continue;
        }
        if (route.nodeId === this.deps.nodeId) {
          frame ??= encodeMessage(Cmd.MSG_PUSH, 0, { message: write.message });
          this.pushLocal(route.connId, write.ownerUid, frame, write.message);
        } else {
          remote.add(route.nodeId, write.ownerUid, route.connId, write.message);
        }
      }
      if (write.ownerUid !== write.message.fromUid)
        this.deps.tracker.track(write.ownerUid, write.message, routes.length > 0);
    }
    remote.publish(this.deps.bus);
  }

  /**
   * Pushes to each session what reached its inbox above what it was last given
   * (pushes that failed while the backplane was down), CATCH_UP_CONCURRENCY
   * sessions at a time, at most CATCH_UP_PAGES pages each: a client that is
   * still behind sees the gap in the pushed seqs and pulls. Returns how many
   * entries were pushed.
   */
  async catchUp(conns: Iterable<Connection>): Promise<number> {
    const queue = [...conns].filter((c) => c.session && !c.closing);
    let pushed = 0;
    const worker = async () => {
      for (let conn = queue.pop(); conn; conn = queue.pop()) {
        try {
          pushed += await this.catchUpOne(conn);
        } catch (err) {
          this.deps.log.warn(
            { err, connId: conn.id },
            "catch-up after an outage failed; the client pulls on its next gap",
          );
        }
      }
    };
    await Promise.all(Array.from({ length: CATCH_UP_CONCURRENCY }, worker));
    return pushed;
  }

  private async catchUpOne(conn: Connection): Promise<number> {
    const uid = conn.session?.uid;
    if (!uid) return 0;
    if ((await this.deps.messages.maxSeq(uid)) <= conn.pushedSeq) return 0;
    let pushed = 0;
    for (let page = 0; page < CATCH_UP_PAGES; page++) {
      const { messages, hasMore } = await this.deps.messages.pull(uid, conn.pushedSeq, CATCH_UP_PAGE_SIZE);
      for (const message of messages) {
        if (conn.closing || conn.session?.uid !== uid) return pushed;
        if (message.seq <= conn.pushedSeq) continue;
        this.pushLocal(conn.id, uid, encodeMessage(Cmd.MSG_PUSH, 0, { message }), message);
        pushed++;
      }
      if (!hasMore || messages.length === 0) break;
    }
    return pushed;
  }

  /** Sends a server-initiated frame to every session of a user (but one), wherever they are. */
  async notifyUser(uid: string, cmd: KnownCmd, body: Record<string, unknown>, exceptConnId?: string): Promise<void> {
    try {
      const routes = await this.deps.presence.routes(uid);
      let frame: Uint8Array | null = null;
      const remote = new Map<string, string[]>();
      for (const r of routes) {
        if (r.connId === exceptConnId) continue;
        if (r.nodeId === this.deps.nodeId) {
          frame ??= encodeMessage(cmd, 0, body as CmdBodies[typeof cmd]);
          const c = this.deps.hub.get(r.connId);
          if (c?.session?.uid === uid) c.send(frame);
        } else {
          remote.set(r.nodeId, [...(remote.get(r.nodeId) ?? []), r.connId]);
        }
      }
      for (const [nodeId, connIds] of remote)
        this.deps.bus.publish(nodeId, { type: "notify", connIds, ownerUid: uid, cmd, body });
    } catch (err) {
      this.deps.log.warn({ err }, "notification failed");
    }
  }

  /** Pushes another node's delivery batch to the sessions here. */
  receivePushes(pushes: readonly BusPush[]): void {
    for (const push of pushes) {
      const frame = encodeMessage(Cmd.MSG_PUSH, 0, { message: push.message });
      for (const connId of push.connIds) this.pushLocal(connId, push.ownerUid, frame, push.message);
    }
  }

  /** Sends another node's notification to the sessions here that still belong to its user. */
  receiveNotify(connIds: readonly string[], ownerUid: string, cmd: number, body: Record<string, unknown>): void {
    if (!isKnownCmd(cmd)) return;
    const frame = encodeMessage(cmd, 0, body as CmdBodies[KnownCmd]);
    for (const id of connIds) {
      const c = this.deps.hub.get(id);
      if (c?.session?.uid === ownerUid) c.send(frame);
    }
  }

  private pushLocal(connId: string, ownerUid: string, frame: Uint8Array, message: InboxMessage): void {
    const conn = this.deps.hub.get(connId);
    if (!conn || conn.session?.uid !== ownerUid) return;
    if (conn.transport.bufferedBytes() > this.deps.maxOutboundBytes) {
      // A client that does not read loses its connection, not its messages: it pulls on reconnect.
      this.deps.replies.error(conn, 0, im.ErrorCode.RATE_LIMITED, "client is not reading; reconnect and pull");
      this.deps.sessions.unbind(conn);
      conn.close(im.ErrorCode.RATE_LIMITED, "slow consumer");
      return;
    }
    conn.send(frame);
    if (message.seq > conn.pushedSeq) conn.pushedSeq = message.seq;
    this.deps.metrics.pushes.inc();
    this.pushesSent++;
    this.deps.ledger?.record({
      ownerUid,
      seq: message.seq,
      msgId: message.msgId,
      kind: "push",
      nodeId: this.deps.nodeId,
      deviceId: conn.session.deviceId,
      deviceType: conn.session.deviceType,
      provider: null,
      result: null,
      at: Date.now(),
    });
  }
}
