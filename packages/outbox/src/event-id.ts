import { createHash } from "node:crypto";

/**
 * The event id of a c2s message: the same (businessId, fromUid, clientMsgId)
 * always gives the same id, which turns a retried send into a conflict on the
 * unique event_id instead of a second event. The parts never contain U+0000.
 */
export function c2sEventId(businessId: string, fromUid: string, clientMsgId: string): string {
  const digest = createHash("sha256").update(`${businessId}\u0000${fromUid}\u0000${clientMsgId}`).digest("base64url");
  return `c2s_${digest.slice(0, 32)}`;
}
