import type http from "node:http";
import type { PushNotification } from "@im/core";
import { startTestHttpServer, type TestHttpServer } from "@im/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sampleMessage } from "./push-provider.contract.ts";
import { type GiveUpReason, type WebhookPushOptions, WebhookPushProvider } from "./push-webhook.ts";
import { verifyWebhookSignature } from "./webhook-signature.ts";

const SECRET = "push-suite-secret";

const note = (seq: number, uid = "bob"): PushNotification => ({ uid, message: sampleMessage(seq) });

describe("WebhookPushProvider", () => {
  let server: TestHttpServer;
  /** Responses the endpoint is holding open (a hanging endpoint). */
  let held: http.ServerResponse[];
  const providers: WebhookPushProvider[] = [];

  const make = (opts: Partial<WebhookPushOptions> = {}) => {
    const p = new WebhookPushProvider({
      url: `${server.url}push`,
      secret: SECRET,
      baseDelayMs: 5,
      maxDelayMs: 20,
      ...opts,
    });
    providers.push(p);
    return p;
  };
  const hang = () => server.handle((_req, res) => void held.push(res));
  const respond = (...statuses: number[]) => {
    let i = 0;
    server.handle((_req, res) => {
      res.writeHead(statuses[Math.min(i++, statuses.length - 1)]!);
      res.end();
    });
  };
  const bodies = () => server.received.map((r) => JSON.parse(r.body) as PushNotification);

  beforeAll(async () => {
    server = await startTestHttpServer(() => {});
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    held = [];
    server.received.length = 0;
    respond(200);
  });
  afterEach(async () => {
    for (const res of held) res.destroy();
    await Promise.all(providers.splice(0).map((p) => p.close()));
  });

  it("POSTs {uid, message} as JSON with a timestamp and a signature receivers can verify", async () => {
    const p = make();
    const message = { ...sampleMessage(7, "hi 👋🏽 你好"), internal: "not for the webhook" };
    p.notify({ uid: "bob", message });
    await p.whenIdle();
    expect(server.received).toHaveLength(1);
    const req = server.received[0]!;
    expect(req).toMatchObject({ method: "POST", url: "/push" });
    expect(req.headers["content-type"]).toBe("application/json");
    const ts = req.headers["x-im-timestamp"] as string;
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(5);
    expect(req.headers["x-im-signature"]).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(SECRET, ts, req.body, req.headers["x-im-signature"] as string, 60)).toBe(true);
    expect(verifyWebhookSignature("wrong-secret", ts, req.body, req.headers["x-im-signature"] as string, 60)).toBe(
      false,
    );
    expect(JSON.parse(req.body)).toEqual({ uid: "bob", message: sampleMessage(7, "hi 👋🏽 你好") });
    expect(p.stats()).toEqual({ sent: 1, failed: 0, dropped: 0, retried: 0, queued: 0, inFlight: 0 });
  });

  it("sends the configured extra headers", async () => {
    const p = make({ headers: { "x-business": "shop" } });
    p.notify(note(1));
    await p.whenIdle();
    expect(server.received[0]?.headers["x-business"]).toBe("shop");
  });

  it("retries after 500s, with a fresh valid signature each time, then succeeds", async () => {
    respond(500, 503, 200);
    const p = make({ maxAttempts: 5 });
    p.notify(note(1));
    await p.whenIdle();
    expect(server.received).toHaveLength(3);
    for (const r of server.received) {
      expect(
        verifyWebhookSignature(
          SECRET,
          r.headers["x-im-timestamp"] as string,
          r.body,
          r.headers["x-im-signature"] as string,
          60,
        ),
      ).toBe(true);
    }
    expect(p.stats()).toMatchObject({ sent: 1, failed: 0, retried: 2, queued: 0 });
  });

  it("gives up after maxAttempts, counts it and reports it", async () => {
    respond(500);
    const gaveUp: [number, GiveUpReason][] = [];
    const p = make({ maxAttempts: 3, onGiveUp: (n, why) => gaveUp.push([n.message.seq, why]) });
    p.notify(note(1));
    await p.whenIdle();
    expect(server.received).toHaveLength(3);
    expect(p.stats()).toMatchObject({ sent: 0, failed: 1, retried: 2, dropped: 0, queued: 0 });
    expect(gaveUp).toEqual([[1, "max_attempts"]]);
  });

  it("does not retry a request the endpoint refuses (4xx)", async () => {
    respond(400);
    const gaveUp: GiveUpReason[] = [];
    const p = make({ onGiveUp: (_n, why) => gaveUp.push(why) });
    p.notify(note(1));
    await p.whenIdle();
    expect(server.received).toHaveLength(1);
    expect(p.stats()).toMatchObject({ failed: 1, retried: 0 });
    expect(gaveUp).toEqual(["rejected"]);
  });

  it.each([408, 429])("retries %i", async (status) => {
    respond(status, 200);
    const p = make();
    p.notify(note(1));
    await p.whenIdle();
    expect(p.stats()).toMatchObject({ sent: 1, retried: 1 });
  });

  it("honours Retry-After, capped at maxDelayMs", async () => {
    let n = 0;
    server.handle((_req, res) => {
      res.writeHead(n++ === 0 ? 429 : 200, { "retry-after": "3600" });
      res.end();
    });
    const p = make({ baseDelayMs: 1, maxDelayMs: 150 });
    const started = performance.now();
    p.notify(note(1));
    await p.whenIdle();
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(2000);
    expect(p.stats().sent).toBe(1);
  });

  it("times out a hanging request and retries it", async () => {
    hang();
    const p = make({ timeoutMs: 50, maxAttempts: 2 });
    p.notify(note(1));
    await p.whenIdle();
    expect(server.received).toHaveLength(2);
    expect(p.stats()).toMatchObject({ failed: 1, retried: 1, inFlight: 0 });
  });

  it("retries when the endpoint cannot be reached", async () => {
    const down = await startTestHttpServer(() => {});
    await down.close();
    const p = new WebhookPushProvider({ url: down.url, secret: SECRET, baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 });
    providers.push(p);
    p.notify(note(1));
    await p.whenIdle();
    expect(p.stats()).toMatchObject({ failed: 1, retried: 2, sent: 0 });
  });

  it("notify() returns immediately even when the endpoint hangs", async () => {
    hang();
    const p = make({ concurrency: 2, maxQueue: 100_000, closeTimeoutMs: 50 });
    const started = performance.now();
    for (let i = 1; i <= 5000; i++) p.notify(note(i));
    expect(performance.now() - started).toBeLessThan(250);
    await expect.poll(() => server.received.length).toBe(2);
    expect(p.stats()).toMatchObject({ inFlight: 2, queued: 4998, sent: 0 });
    const closing = performance.now();
    await p.close();
    expect(performance.now() - closing).toBeLessThan(1000);
    expect(p.stats()).toMatchObject({ inFlight: 0, queued: 0, dropped: 5000, sent: 0 });
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    hang();
    const p = make({ concurrency: 3 });
    for (let i = 1; i <= 10; i++) p.notify(note(i));
    await expect.poll(() => server.received.length).toBe(3);
    await new Promise((r) => setTimeout(r, 50));
    expect(server.received).toHaveLength(3);
    expect(p.stats()).toMatchObject({ inFlight: 3, queued: 7 });
    respond(200);
    for (const res of held.splice(0)) res.writeHead(200).end();
    await p.whenIdle();
    expect(p.stats()).toMatchObject({ sent: 10, inFlight: 0, queued: 0 });
    expect(new Set(bodies().map((b) => b.message.seq)).size).toBe(10);
  });

  it("bounds the queue by dropping the oldest waiting notifications", async () => {
    hang();
    const dropped: number[] = [];
    const p = make({
      concurrency: 1,
      maxQueue: 5,
      onGiveUp: (n, why) => why === "queue_full" && dropped.push(n.message.seq),
    });
    p.notify(note(1));
    await expect.poll(() => server.received.length).toBe(1); // 1 is in flight, not queued
    for (let i = 2; i <= 20; i++) p.notify(note(i));
    expect(p.stats()).toMatchObject({ queued: 5, dropped: 14, inFlight: 1 });
    expect(dropped).toEqual(Array.from({ length: 14 }, (_, i) => i + 2));
    respond(200);
    for (const res of held.splice(0)) res.writeHead(200).end();
    await p.whenIdle();
    expect(bodies().map((b) => b.message.seq)).toEqual([1, 16, 17, 18, 19, 20]);
    expect(p.stats()).toMatchObject({ sent: 6, dropped: 14, queued: 0 });
  });

  it("counts notifications waiting for a retry against the bound", async () => {
    respond(500);
    const dropped: number[] = [];
    const p = make({
      maxQueue: 2,
      baseDelayMs: 60_000,
      maxDelayMs: 60_000,
      onGiveUp: (n, why) => why === "queue_full" && dropped.push(n.message.seq),
    });
    p.notify(note(1));
    p.notify(note(2));
    await expect.poll(() => p.stats().retried).toBe(2);
    expect(p.stats()).toMatchObject({ queued: 2, inFlight: 0 });
    p.notify(note(3));
    await expect.poll(() => p.stats().retried).toBe(3);
    expect(p.stats()).toMatchObject({ queued: 2, dropped: 1, inFlight: 0 });
    expect(dropped).toEqual([1]);
  });

  it("close() lets in-flight work finish, then drops what waits for a retry", async () => {
    let n = 0;
    server.handle((req, res) => {
      const seq = (JSON.parse(req.body) as PushNotification).message.seq;
      setTimeout(() => {
        res.writeHead(seq === 1 && n++ === 0 ? 500 : 200);
        res.end();
      }, 30);
    });
    const p = make({ baseDelayMs: 60_000, maxDelayMs: 60_000, closeTimeoutMs: 2000 });
    p.notify(note(1));
    await expect.poll(() => p.stats().retried).toBe(1);
    p.notify(note(2));
    await expect.poll(() => p.stats().inFlight).toBe(1);
    await p.close();
    expect(p.stats()).toMatchObject({ sent: 1, dropped: 1, queued: 0, inFlight: 0 });
    p.notify(note(3));
    expect(p.stats().dropped).toBe(2);
  });

  it("close() aborts requests still running after closeTimeoutMs", async () => {
    hang();
    const p = make({ closeTimeoutMs: 50, timeoutMs: 60_000 });
    p.notify(note(1));
    await expect.poll(() => p.stats().inFlight).toBe(1);
    const started = performance.now();
    await p.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(p.stats()).toMatchObject({ inFlight: 0, sent: 0, dropped: 1 });
  });

  it("keeps going when the give-up hook throws", async () => {
    respond(400, 200);
    const p = make({
      onGiveUp: () => {
        throw new Error("logger broke");
      },
    });
    p.notify(note(1));
    p.notify(note(2));
    await p.whenIdle();
    expect(p.stats()).toMatchObject({ failed: 1, sent: 1 });
  });

  it("close() releases whenIdle() waiters when it drops the notifications waiting for a retry", async () => {
    respond(500);
    const p = make({ baseDelayMs: 60_000, maxDelayMs: 60_000 });
    p.notify(note(1));
    await expect.poll(() => p.stats().retried).toBe(1);
    const idle = p.whenIdle();
    await p.close();
    await idle;
    expect(p.stats()).toMatchObject({ dropped: 1, queued: 0 });
  });

  it("refuses a malformed URL and nonsensical limits at construction", () => {
    expect(() => new WebhookPushProvider({ url: "nope", secret: SECRET })).toThrow();
    expect(() => new WebhookPushProvider({ url: server.url, secret: SECRET, concurrency: 0 })).toThrow(/concurrency/);
    expect(() => new WebhookPushProvider({ url: server.url, secret: SECRET, maxQueue: 1.5 })).toThrow(/maxQueue/);
  });
});
