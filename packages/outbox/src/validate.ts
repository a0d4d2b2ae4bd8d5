import { ImError, storableProblem } from "@im/core";
import type { NewC2S } from "./outbox-store.ts";

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
