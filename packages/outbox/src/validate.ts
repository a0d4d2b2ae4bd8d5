import { checkIdentifier, checkKey, checkStorable, ImError } from "@im/core";
import type { C2SPayload, NewC2S } from "./outbox-store.ts";

/**
 * Refuses, by the rules the realtime edge applies (@im/core validation), what
 * would fail in the database (U+0000, unpaired surrogates, oversized keys)
 * before it joins a batch, where it would fail every other message in the same statement.
 */
export function checkNewC2S(msg: NewC2S): void {
  checkIdentifier("businessId", msg.businessId);
  checkIdentifier("fromUid", msg.fromUid);
  checkKey("clientMsgId", msg.clientMsgId);
  checkStorable("content", msg.content);
  if (!Number.isInteger(msg.contentType) || msg.contentType < 0 || msg.contentType > 0xffffffff)
    throw new ImError("INVALID_ARGUMENT", "contentType must be a uint32");
}

/** The refusal of a c2s message to a line that has nowhere to deliver it (so it is not acked and then dead). */
export function noTarget(businessId: string): ImError {
  return new ImError("NOT_FOUND", `business line ${businessId} takes no c2s messages: it has no webhook and no stream`);
}

/** Whether a retried c2s send carries the message that was stored. */
export function sameBody(
  a: Pick<C2SPayload, "contentType" | "content">,
  b: Pick<C2SPayload, "contentType" | "content">,
) {
  return a.contentType === b.contentType && a.content === b.content;
}

/** The answer to a c2s retry whose body differs from the stored event's. */
export function reusedClientMsgId(clientMsgId: string): ImError {
  return new ImError(
    "CONFLICT",
    `client_msg_id ${JSON.stringify(clientMsgId)} was already used for a different message; use a new one for a new message`,
  );
}
