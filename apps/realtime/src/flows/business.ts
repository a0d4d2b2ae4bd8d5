import { checkContent, checkIdentifier, checkKey, ImError } from "@im/core";
import type { OutboxStore } from "@im/outbox";
import type { im } from "@im/protocol";
import type { Connection } from "../connection.ts";

export interface BusinessDeps {
  /** Where c2s messages go; without it C2S_SEND_REQ is answered UNAVAILABLE. */
  outbox?: Pick<OutboxStore, "enqueueC2S"> | undefined;
  maxContentBytes: number;
}

/**
 * C2S_SEND_REQ: acked once the event is durably in the outbox; the outbox
 * delivers it to the business line. Chained like c2c sends, so one
 * connection's messages enter the outbox in arrival order.
 */
export function sendToBusiness(deps: BusinessDeps, conn: Connection, req: im.IC2SSendReq): Promise<im.IC2SSendAck> {
  const outbox = deps.outbox;
  if (!outbox) throw new ImError("UNAVAILABLE", "c2s is not configured");
  const session = conn.session!;
  const businessId = checkIdentifier("business_id", req.businessId);
  const clientMsgId = checkKey("client_msg_id", req.clientMsgId);
  const content = checkContent("content", req.content ?? "", deps.maxContentBytes);
  const message = {
    businessId,
    fromUid: session.uid,
    clientMsgId,
    contentType: req.contentType ?? 0,
    content,
    deviceType: session.deviceType,
  };
  return new Promise((resolve, reject) => {
    conn.chain = conn.chain.then(() => {
      try {
        outbox
          .enqueueC2S(message)
          .then((r) => resolve({ eventId: r.eventId, clientMsgId, duplicate: r.duplicate }), reject);
      } catch (err) {
        reject(err);
      }
    });
  });
}
