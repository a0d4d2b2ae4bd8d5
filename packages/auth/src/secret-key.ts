import { webcrypto } from "node:crypto";

/** HMAC secrets shorter than this are refused: they could be brute-forced from one token. */
export const MIN_SECRET_BYTES = 16;

export type Secret = string | Uint8Array;

export function secretBytes(secret: Secret): Uint8Array {
  const bytes = typeof secret === "string" ? new TextEncoder().encode(secret) : secret;
  if (bytes.length < MIN_SECRET_BYTES) throw new Error(`token secret must be at least ${MIN_SECRET_BYTES} bytes`);
  return bytes;
}

export type HmacKey = webcrypto.CryptoKey;

/** Imported once: importing a raw key on every verification would cost more than the HMAC itself. */
export function hmacKey(secret: Secret, usage: "sign" | "verify"): Promise<HmacKey> {
  return webcrypto.subtle.importKey("raw", secretBytes(secret), { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}
