import { createHash } from "node:crypto";
import { ConvType, ImError } from "@im/core";

/** What a send asked for; two sends with one (sender, client id) must agree on all of it. */
export interface SendBody {
  convType: ConvType;
  /** Receiver uid (c2c), group id, or the business line (system). */
  toId: string;
  contentType: number;
  content: string;
  /** System sends only: the receivers (order and repeats do not matter). */
  receivers?: readonly string[];
}

/** sha256 of a send's body, the same for the same body in any store and process. */
export function bodyHash(body: SendBody): Buffer {
  const receivers = body.receivers ? [...new Set(body.receivers)].sort() : null;
  return createHash("sha256")
    .update(JSON.stringify([body.convType, body.toId, body.contentType, body.content, receivers]))
    .digest();
}

/** The answer to a retry whose body differs from the stored message's. */
export function conflictingRetry(convType: ConvType, clientMsgId: string): ImError {
  const what = convType === ConvType.SYSTEM ? "idempotencyKey" : "client_msg_id";
  return new ImError(
    "CONFLICT",
    `${what} ${JSON.stringify(clientMsgId)} was already used for a different message; use a new one for a new message`,
  );
}
