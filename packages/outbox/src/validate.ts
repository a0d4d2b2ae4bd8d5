import { ImError, storableProblem } from "@im/core";
import type { C2SPayload, NewC2S } from "./outbox-store.ts";

/**
 * Refuses what PostgreSQL cannot store (U+0000, unpaired surrogates) before it
 * joins a batch, where it would fail every other message in the same statement.
 */
export function checkNewC2S(msg: NewC2S): void {
  for (const field of ["businessId", "fromUid", "clientMsgId", "content"] as const) {
    const value = msg[field];
    if (typeof value !== "string" || (field !== "content" && value.length === 0))
      throw new ImError("INVALID_ARGUMENT", `${field} is required`);
    if (storableProblem(value)) throw new ImError("INVALID_ARGUMENT", `${field} must be valid Unicode without U+0000`);
  }
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
