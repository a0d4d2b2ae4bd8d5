import { createHmac, timingSafeEqual } from "node:crypto";

export const WEBHOOK_TIMESTAMP_HEADER = "x-im-timestamp";
export const WEBHOOK_SIGNATURE_HEADER = "x-im-signature";

export type WebhookSecret = string | Uint8Array;
export type WebhookBody = string | Uint8Array;

/**
 * The signature header value for a webhook body: `sha256=` and the hex
 * HMAC-SHA256 of `<timestamp>.<body>`. The timestamp (unix seconds) is signed
 * too, so a captured request cannot be replayed later with a fresh timestamp.
 */
export function signWebhook(secret: WebhookSecret, timestamp: number | string, body: WebhookBody): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex")}`;
}

/**
 * For webhook receivers: true when `header` is the signature of the raw
 * request `body` at `timestamp` (the x-im-timestamp header, unix seconds) and
 * the timestamp is within `toleranceSec` of now. Verify the body exactly as
 * received, before parsing it.
 */
export function verifyWebhookSignature(
  secret: WebhookSecret,
  timestamp: string | number | null | undefined,
  body: WebhookBody,
  header: string | null | undefined,
  toleranceSec: number,
  nowMs: number = Date.now(),
): boolean {
  if (timestamp === null || timestamp === undefined || typeof header !== "string") return false;
  const ts = String(timestamp);
  if (!/^\d{1,12}$/.test(ts)) return false;
  if (Math.abs(nowMs / 1000 - Number(ts)) > toleranceSec) return false;
  const given = /^sha256=([0-9a-f]{64})$/i.exec(header.trim())?.[1];
  if (!given) return false;
  const expected = signWebhook(secret, ts, body).slice("sha256=".length);
  return timingSafeEqual(Buffer.from(given.toLowerCase(), "hex"), Buffer.from(expected, "hex"));
}
