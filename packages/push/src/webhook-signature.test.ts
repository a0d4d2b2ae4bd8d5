import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhookSignature } from "./webhook-signature.ts";

const SECRET = "webhook-secret";
const NOW = 1_767_225_600_000;
const TS = NOW / 1000;
const BODY = '{"uid":"bob","message":{"content":"hi 👋"}}';

describe("webhook signatures", () => {
  it("is sha256= and the hex HMAC-SHA256 of '<timestamp>.<body>'", () => {
    const expected = createHmac("sha256", SECRET).update(`${TS}.${BODY}`).digest("hex");
    expect(signWebhook(SECRET, TS, BODY)).toBe(`sha256=${expected}`);
    expect(signWebhook(SECRET, TS, Buffer.from(BODY))).toBe(`sha256=${expected}`);
  });

  it("verifies a fresh signature over the exact body", () => {
    const header = signWebhook(SECRET, TS, BODY);
    expect(verifyWebhookSignature(SECRET, String(TS), BODY, header, 300, NOW)).toBe(true);
    expect(
      verifyWebhookSignature(
        SECRET,
        TS,
        Buffer.from(BODY),
        header.toUpperCase().replace("SHA256=", "sha256="),
        300,
        NOW,
      ),
    ).toBe(true);
  });

  it.each([
    ["another body", SECRET, TS, `${BODY} `, undefined],
    ["another secret", "other-secret", TS, BODY, undefined],
    ["another timestamp", SECRET, TS + 1, BODY, undefined],
    ["a missing header", SECRET, TS, BODY, null],
    ["a header without the sha256= prefix", SECRET, TS, BODY, "deadbeef"],
    ["a truncated signature", SECRET, TS, BODY, signWebhook(SECRET, TS, BODY).slice(0, 40)],
  ])("rejects %s", (_what, secret, ts, body, header) => {
    const h = header === undefined ? signWebhook(SECRET, TS, BODY) : header;
    expect(verifyWebhookSignature(secret, ts, body, h, 300, NOW)).toBe(false);
  });

  it("rejects timestamps outside the tolerance, either way", () => {
    for (const skew of [-301, 301]) {
      const ts = TS + skew;
      expect(verifyWebhookSignature(SECRET, ts, BODY, signWebhook(SECRET, ts, BODY), 300, NOW)).toBe(false);
    }
    const edge = TS - 300;
    expect(verifyWebhookSignature(SECRET, edge, BODY, signWebhook(SECRET, edge, BODY), 300, NOW)).toBe(true);
  });

  it.each(["", "abc", "1.5", "-5", undefined, null])("rejects the timestamp %j", (ts) => {
    expect(verifyWebhookSignature(SECRET, ts, BODY, signWebhook(SECRET, String(ts), BODY), 1e12, NOW)).toBe(false);
  });
});
