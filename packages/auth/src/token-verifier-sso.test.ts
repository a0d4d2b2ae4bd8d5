import { type ErrorName, ImError } from "@im/core";
import { sendJson, startTestHttpServer, type TestHttpServer } from "@im/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SsoTokenVerifier, type SsoTokenVerifierOptions } from "./token-verifier-sso.ts";

async function rejection(promise: Promise<unknown>, kind: ErrorName): Promise<ImError> {
  const err = await promise.then(
    () => new Error("resolved"),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImError);
  expect((err as ImError).kind).toBe(kind);
  return err as ImError;
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("SsoTokenVerifier", () => {
  let server: TestHttpServer;
  let now: number;
  const clock = () => now;
  const make = (opts: Partial<SsoTokenVerifierOptions> = {}) =>
    new SsoTokenVerifier({ url: `${server.url}verify`, timeoutMs: 1000, clock, ...opts });

  beforeAll(async () => {
    server = await startTestHttpServer(() => {});
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    now = 1_767_225_600_000;
    server.received.length = 0;
    server.handle((req, res) => {
      const { token } = JSON.parse(req.body) as { token: string };
      if (token.startsWith("good-"))
        sendJson(res, 200, { uid: token.slice(5), deviceType: 2, expiresAt: now + 3_600_000 });
      else sendJson(res, 401, { error: "invalid" });
    });
  });

  it("POSTs the token as JSON with the configured headers and returns the answer", async () => {
    const sso = make({ headers: { authorization: "Bearer app-key" } });
    expect(await sso.verify("good-alice")).toEqual({ uid: "alice", deviceType: 2, expiresAt: now + 3_600_000 });
    const [req] = server.received;
    expect(req).toMatchObject({ method: "POST", url: "/verify" });
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(req?.headers.authorization).toBe("Bearer app-key");
    expect(JSON.parse(req?.body ?? "")).toEqual({ token: "good-alice" });
  });

  it("accepts an answer with only a uid", async () => {
    server.handle((_req, res) => sendJson(res, 200, { uid: "u1" }));
    expect(await make().verify("t")).toEqual({ uid: "u1" });
  });

  it.each([401, 403])("maps %i to TOKEN_INVALID", async (status) => {
    server.handle((_req, res) => sendJson(res, status, {}));
    await rejection(make().verify("t"), "TOKEN_INVALID");
  });

  it.each([500, 502, 503, 404, 429, 400])("maps %i to AUTH_UNAVAILABLE with a retry hint", async (status) => {
    server.handle((_req, res) => sendJson(res, status, { error: "internal detail: db down" }));
    const err = await rejection(make().verify("t"), "AUTH_UNAVAILABLE");
    expect(err.retryAfterMs).toBeGreaterThan(0);
    expect(err.message).not.toContain("db down");
  });

  it("gives up after the timeout with AUTH_UNAVAILABLE", async () => {
    server.handle(() => {}); // never answers
    const started = performance.now();
    await rejection(make({ timeoutMs: 100 }).verify("t"), "AUTH_UNAVAILABLE");
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("maps a connection failure to AUTH_UNAVAILABLE", async () => {
    const down = await startTestHttpServer(() => {});
    const url = down.url;
    await down.close();
    await rejection(new SsoTokenVerifier({ url, timeoutMs: 1000 }).verify("t"), "AUTH_UNAVAILABLE");
  });

  it("does not follow redirects (the token must not travel elsewhere)", async () => {
    server.handle((req, res) => {
      if (req.url === "/elsewhere") return sendJson(res, 200, { uid: "thief" });
      res.writeHead(307, { location: "/elsewhere" });
      res.end();
    });
    await rejection(make().verify("t"), "AUTH_UNAVAILABLE");
    expect(server.received.map((r) => r.url)).toEqual(["/verify"]);
  });

  it.each([
    ["not JSON", "<html>oops</html>"],
    ["no uid", JSON.stringify({ user: "alice" })],
    ["an empty uid", JSON.stringify({ uid: "" })],
    ["an over-long uid", JSON.stringify({ uid: "u".repeat(65) })],
    ["an unknown device type", JSON.stringify({ uid: "a", deviceType: 77 })],
    ["a non-numeric expiresAt", JSON.stringify({ uid: "a", expiresAt: "soon" })],
    ["a JSON string", JSON.stringify("alice")],
  ])("treats a 200 with %s as AUTH_UNAVAILABLE, and does not cache it", async (_what, body) => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body);
    });
    const sso = make();
    await rejection(sso.verify("t"), "AUTH_UNAVAILABLE");
    await rejection(sso.verify("t"), "AUTH_UNAVAILABLE");
    expect(server.received).toHaveLength(2);
  });

  it("refuses an oversized answer", async () => {
    server.handle((_req, res) => sendJson(res, 200, { uid: "a", padding: "x".repeat(200_000) }));
    await rejection(make().verify("t"), "AUTH_UNAVAILABLE");
  });

  it("maps an answer whose expiresAt has passed to TOKEN_EXPIRED", async () => {
    server.handle((_req, res) => sendJson(res, 200, { uid: "a", expiresAt: now - 1 }));
    await rejection(make().verify("t"), "TOKEN_EXPIRED");
  });

  it("rejects empty and oversized tokens without asking", async () => {
    const sso = make();
    await rejection(sso.verify(""), "TOKEN_INVALID");
    await rejection(sso.verify("t".repeat(10_000)), "TOKEN_INVALID");
    expect(server.received).toHaveLength(0);
  });

  it("answers repeated verifications from the cache until the TTL passes", async () => {
    const sso = make({ cacheTtlMs: 10_000 });
    for (let i = 0; i < 5; i++) expect((await sso.verify("good-alice")).uid).toBe("alice");
    expect(server.received).toHaveLength(1);
    expect(sso.stats()).toMatchObject({ requests: 1, cacheHits: 4 });
    now += 10_001;
    await sso.verify("good-alice");
    expect(server.received).toHaveLength(2);
  });

  it("never caches an answer past the token's expiresAt", async () => {
    server.handle((_req, res) => sendJson(res, 200, { uid: "a", expiresAt: now + 1000 }));
    const sso = make({ cacheTtlMs: 60_000 });
    await sso.verify("t");
    now += 500;
    await sso.verify("t");
    expect(server.received).toHaveLength(1);
    now += 600;
    server.handle((_req, res) => sendJson(res, 401, {}));
    await rejection(sso.verify("t"), "TOKEN_INVALID");
    expect(server.received).toHaveLength(2);
  });

  it("caches rejections briefly", async () => {
    const sso = make({ negativeCacheTtlMs: 2000 });
    await rejection(sso.verify("bad"), "TOKEN_INVALID");
    await rejection(sso.verify("bad"), "TOKEN_INVALID");
    expect(server.received).toHaveLength(1);
    now += 2001;
    await rejection(sso.verify("bad"), "TOKEN_INVALID");
    expect(server.received).toHaveLength(2);
  });

  it("does not cache unavailability: the next verification asks again", async () => {
    server.handle((_req, res) => sendJson(res, 500, {}));
    const sso = make();
    await rejection(sso.verify("good-bob"), "AUTH_UNAVAILABLE");
    server.handle((_req, res) => sendJson(res, 200, { uid: "bob" }));
    expect((await sso.verify("good-bob")).uid).toBe("bob");
    expect(server.received).toHaveLength(2);
    expect(sso.stats().unavailable).toBe(1);
  });

  it("keeps the cache bounded, dropping the least recently used answer", async () => {
    const sso = make({ cacheSize: 2 });
    await sso.verify("good-a");
    await sso.verify("good-b");
    await sso.verify("good-a"); // a is now the most recent
    await sso.verify("good-c"); // evicts b
    expect(server.received).toHaveLength(3);
    await sso.verify("good-a");
    expect(server.received).toHaveLength(3);
    await sso.verify("good-b");
    expect(server.received).toHaveLength(4);
  });

  it("coalesces concurrent verifications of one token into one request", async () => {
    server.handle(async (_req, res) => {
      await delay(50);
      sendJson(res, 200, { uid: "alice" });
    });
    const sso = make();
    const results = await Promise.all(Array.from({ length: 20 }, () => sso.verify("same-token")));
    expect(results.every((r) => r.uid === "alice")).toBe(true);
    expect(server.received).toHaveLength(1);
    expect(sso.stats()).toMatchObject({ requests: 1, coalesced: 19 });
    await Promise.all([sso.verify("other-1"), sso.verify("other-2")]);
    expect(server.received).toHaveLength(3);
  });

  it("shares one failure among coalesced verifications, then asks again", async () => {
    server.handle(async (_req, res) => {
      await delay(30);
      sendJson(res, 503, {});
    });
    const sso = make();
    const all = await Promise.allSettled(Array.from({ length: 5 }, () => sso.verify("t")));
    expect(all.every((r) => r.status === "rejected" && ImError.is(r.reason, "AUTH_UNAVAILABLE"))).toBe(true);
    expect(server.received).toHaveLength(1);
    await rejection(sso.verify("t"), "AUTH_UNAVAILABLE");
    expect(server.received).toHaveLength(2);
  });

  it("hands out copies: a caller mutating its result does not change the cache", async () => {
    const sso = make();
    const first = await sso.verify("good-alice");
    first.uid = "mallory";
    expect((await sso.verify("good-alice")).uid).toBe("alice");
  });

  it("refuses a malformed URL at construction", () => {
    expect(() => new SsoTokenVerifier({ url: "not a url" })).toThrow();
  });
});
