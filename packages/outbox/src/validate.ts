import { checkIdentifier, checkKey, checkStorable, ImError } from "@im/core";
import type { NewC2S } from "./outbox-store.ts";

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
