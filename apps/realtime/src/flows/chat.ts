import {
  type AppendResult,
  checkContent,
  checkIdentifier,
  checkKey,
  type DeliveryLedger,
  ImError,
  type MessageStore,
  type UserStore,
} from "@im/core";
import { Cmd, encodeMessage, type im } from "@im/protocol";
import type { Logger } from "pino";
import type { Connection } from "../connection.ts";
import type { Delivery } from "../delivery.ts";
import { LatencyWindow } from "../latency-window.ts";
import type { NodeMetrics } from "../metrics.ts";
import type { Replies } from "../replies.ts";
import type { UndeliveredTracker } from "../undelivered-tracker.ts";

export interface ChatDeps {
  nodeId: string;
  users: Pick<UserStore, "exists">;
  messages: Pick<MessageStore, "appendC2C" | "appendGroup" | "markDelivered" | "advanceCursor">;
  delivery: Pick<Delivery, "deliver">;
  tracker: Pick<UndeliveredTracker, "acked" | "ackedUpTo">;
  replies: Pick<Replies, "fail">;
  metrics: Pick<NodeMetrics, "storeLatency" | "messagesIn">;
  log: Logger;
  ledger?: DeliveryLedger | undefined;
  maxContentBytes: number;
}

type SendReq = { clientMsgId?: string | null; contentType?: number | null; content?: string | null };

/** c2c and c2g: store (durable) → ack the sender → push to the online devices; and the devices' push acks. */
export class ChatFlow {
  /** Published in the node registry (monotonic since start), for the console's live rates. */
  msgsStored = 0;
  readonly storeLatencies = new LatencyWindow();

  constructor(private readonly deps: ChatDeps) {}

  sendC2C(conn: Connection, seq: number, req: im.IC2CSendReq): void {
    this.send(conn, seq, { kind: "c2c", to: checkIdentifier("to_uid", req.toUid) }, req);
  }

  sendGroup(conn: Connection, seq: number, req: im.IC2GSendReq): void {
    this.send(conn, seq, { kind: "group", to: checkIdentifier("group_id", req.groupId) }, req);
  }

  /**
   * MSG_PUSH_ACK: the device has these inbox entries; marks them delivered and stops the offline-push timer.
   * acked_seq: the device holds everything up to it, so its cursor moves there (capped at the inbox head by the store).
   */
  pushAck(conn: Connection, req: im.IMsgPushAck): void {
    const { deps } = this;
    const uid = conn.session!.uid;
    const ackedSeq = req.ackedSeq ?? 0;
    if (Number.isSafeInteger(ackedSeq) && ackedSeq > 0) {
      deps.messages.advanceCursor(uid, conn.session!.deviceId, ackedSeq);
      deps.tracker.ackedUpTo(uid, ackedSeq);
    }
    const seqs = (req.seqs ?? []).filter((s) => Number.isSafeInteger(s) && s > 0).slice(0, 1000);
    if (seqs.length === 0) return;
    deps.messages.markDelivered(uid, seqs);
    deps.tracker.acked(uid, seqs);
    const ledger = deps.ledger;
    if (!ledger) return;
    const { deviceId, deviceType } = conn.session!;
    const at = Date.now();
    for (const seq of seqs)
      ledger.record({
        ownerUid: uid,
        seq,
        msgId: null,
        kind: "push-ack",
        nodeId: deps.nodeId,
        deviceId,
        deviceType,
        provider: null,
        result: null,
        at,
      });
  }

  private send(conn: Connection, seq: number, target: { kind: "c2c" | "group"; to: string }, req: SendReq): void {
    const { deps } = this;
    const session = conn.session!;
    const clientMsgId = checkKey("client_msg_id", req.clientMsgId);
    const content = checkContent("content", req.content ?? "", deps.maxContentBytes);
    const started = performance.now();
    const ackCmd = target.kind === "c2c" ? Cmd.C2C_SEND_ACK : Cmd.C2G_SEND_ACK;
    // The receiver check is async; chaining keeps one connection's sends in
    // arrival order on their way into the store, without waiting for commits.
    conn.chain = conn.chain.then(async () => {
      try {
        let pending: Promise<AppendResult>;
        const message = { fromUid: session.uid, clientMsgId, contentType: req.contentType ?? 0, content };
        if (target.kind === "c2c") {
          if (target.to !== session.uid && !(await deps.users.exists(target.to)))
            throw new ImError("USER_NOT_FOUND", `user ${target.to} does not exist`);
          pending = deps.messages.appendC2C({ ...message, toUid: target.to });
        } else {
          // Membership and mutes are checked inside the storing transaction.
          pending = deps.messages.appendGroup({ ...message, groupId: target.to });
        }
        pending.then(
          (result) => {
            const storedMs = performance.now() - started;
            deps.metrics.storeLatency.observe(storedMs / 1000);
            this.storeLatencies.record(storedMs);
            conn.send(
              encodeMessage(ackCmd, seq, {
                msgId: result.msgId,
                seq: result.senderSeq,
                sentAt: result.sentAt,
                clientMsgId,
                duplicate: result.duplicate,
              }),
            );
            if (!result.duplicate) {
              deps.metrics.messagesIn.inc({ kind: target.kind });
              this.msgsStored++;
              deps.delivery.deliver(result.writes, conn.id).catch((err) => deps.log.warn({ err }, "delivery failed"));
            }
          },
          (err) => deps.replies.fail(conn, seq, err),
        );
      } catch (err) {
        deps.replies.fail(conn, seq, err);
      }
    });
  }
}
