import { randomUUID } from "node:crypto";
import { JwtTokenVerifier } from "@im/auth";
import type { MemoryNodeRegistry, MemoryPresence } from "@im/cluster";
import type { Db } from "@im/db";
import type { Storage } from "@im/storage";
import type { FastifyInstance, InjectOptions } from "fastify";
import { describe, expect, it } from "vitest";
import { buildApp } from "./app.ts";
import { createApiKey, createBusinessLine, revokeApiKey, rotateApiKey } from "./business-keys.ts";
import {
  createUser,
  expectFieldNamed,
  expectKeyRequired,
  expectNotFound,
  expectRateLimited,
  type GatewayFixture,
  goOnline,
  injectWithKey,
  type RouteCase,
  TEST_TOKEN_SECRET,
  uniqueId,
  useGateway,
} from "./test-support.ts";

let db: Db;
let storage: Storage;
let presence: MemoryPresence;
let registry: MemoryNodeRegistry;
let app: FastifyInstance;
let key: string;
let delivered: GatewayFixture["delivered"];
let kicks: GatewayFixture["kicks"];

const call = (opts: InjectOptions, apiKey: string | null = key) => injectWithKey(app, opts, apiKey);
const user = (name: string) => createUser(call, name);

/** One request per /v1 route, with a valid shape, and one with a bad field. */
function routes(u: string) {
  return [
    { method: "PUT", url: `/v1/users/${u}`, payload: { name: "x" }, bad: { name: 5 }, field: "name" },
    { method: "GET", url: `/v1/users/${u}` },
    { method: "GET", url: "/v1/users?limit=10", badUrl: "/v1/users?limit=0", field: "limit" },
    { method: "POST", url: "/v1/tokens", payload: { uid: u }, bad: { uid: "" }, field: "uid" },
    {
      method: "POST",
      url: "/v1/messages",
      payload: { toUids: [u], contentType: 1, content: "hi", idempotencyKey: randomUUID() },
      bad: { toUids: [], contentType: 1, content: "hi", idempotencyKey: "k" },
      field: "toUids",
    },
    { method: "GET", url: "/v1/messages/1/delivery", badUrl: "/v1/messages/abc/delivery", field: "msgId" },
    {
      method: "POST",
      url: `/v1/users/${u}/kickout`,
      payload: { reason: "bye" },
      bad: { reason: "bye", deviceType: 99 },
      field: "deviceType",
    },
    { method: "GET", url: "/v1/iplist?transport=ws", badUrl: "/v1/iplist?transport=udp", field: "transport" },
    {
      method: "POST",
      url: "/v1/groups",
      payload: { name: "g", ownerUid: u },
      bad: { name: "g" },
      field: "ownerUid",
    },
    { method: "GET", url: "/v1/groups/nope" },
    {
      method: "POST",
      url: "/v1/groups/nope/members",
      payload: { uids: [u] },
      bad: { uids: "x" },
      field: "uids",
    },
    {
      method: "POST",
      url: "/v1/groups/nope/members/remove",
      payload: { uids: [u] },
      bad: { uids: [] },
      field: "uids",
    },
    { method: "DELETE", url: "/v1/groups/nope" },
    { method: "GET", url: `/v1/conversations/${u}?limit=5`, badUrl: `/v1/conversations/${u}?limit=x`, field: "limit" },
    {
      method: "GET",
      url: `/v1/conversations/${u}/3/shop/messages`,
      badUrl: `/v1/conversations/${u}/3/shop/messages?limit=-1`,
      field: "limit",
    },
  ] as const satisfies readonly RouteCase[];
}

useGateway(async (gateway) => {
  ({ db, storage, presence, registry, app, delivered, kicks } = gateway);
  await createBusinessLine(db, { id: "shop", name: "Shop" });
  key = (await createApiKey(db, "shop", { rateLimit: 1000 })).key;
});

describe("every /v1 route", () => {
  it("answers 401 without a key, with a malformed key and with an unknown key", async () => {
    await expectKeyRequired(call, routes("u1"), [null, "nonsense", `imk_0123456789abcdef_${"A".repeat(43)}`]);
  });

  it("answers 400 naming the field for invalid input", async () => {
    await expectFieldNamed(call, routes("u1"));
  });

  it("names nested fields, and answers malformed JSON and oversized bodies in the same format", async () => {
    const nested = await call({
      method: "POST",
      url: "/v1/messages",
      payload: { toUids: ["ok", ""], contentType: 1, content: "x", idempotencyKey: "k" },
    });
    expect(nested.statusCode).toBe(400);
    expect(nested.json().error.field).toBe("toUids.1");
    const json = await call({
      method: "POST",
      url: "/v1/tokens",
      payload: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.code).toBe("INVALID_ARGUMENT");
    const big = await call({
      method: "POST",
      url: "/v1/messages",
      payload: { toUids: ["a"], contentType: 1, content: "x".repeat(2 * 1024 * 1024), idempotencyKey: "k" },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe("CONTENT_TOO_LARGE");
  });

  it("answers 429 with Retry-After beyond the key's rate limit", async () => {
    await expectRateLimited(call, routes("u1"), async () => (await createApiKey(db, "shop", { rateLimit: 1 })).key);
  });

  it("answers 404 for unknown resources", async () => {
    const ghost = uniqueId("ghost");
    const cases: InjectOptions[] = [
      { method: "GET", url: `/v1/users/${ghost}` },
      { method: "POST", url: `/v1/users/${ghost}/kickout`, payload: { reason: "x" } },
      {
        method: "POST",
        url: "/v1/messages",
        payload: { toUids: [ghost], contentType: 1, content: "x", idempotencyKey: "g" },
      },
      { method: "GET", url: "/v1/messages/999999/delivery" },
      { method: "GET", url: "/v1/groups/nope" },
      { method: "POST", url: "/v1/groups/nope/members", payload: { uids: [ghost] } },
      { method: "DELETE", url: "/v1/groups/nope" },
      { method: "GET", url: `/v1/conversations/${ghost}/3/shop/messages` },
      { method: "GET", url: `/v1/conversations/${ghost}` },
      { method: "GET", url: "/v1/no-such-route" },
    ];
    await expectNotFound(call, cases);
  });

  it("refuses a revoked key, and a rotated key's predecessor", async () => {
    const issued = await createApiKey(db, "shop");
    expect((await call({ method: "GET", url: "/v1/iplist" }, issued.key)).statusCode).toBe(200);
    const rotated = await rotateApiKey(db, issued.keyId);
    expect((await call({ method: "GET", url: "/v1/iplist" }, issued.key)).statusCode).toBe(401);
    expect((await call({ method: "GET", url: "/v1/iplist" }, rotated.key)).statusCode).toBe(200);
    await revokeApiKey(db, rotated.keyId);
    expect((await call({ method: "GET", url: "/v1/iplist" }, rotated.key)).statusCode).toBe(401);
  });

  it("keeps a rotated key working for the overlap asked for, and ends the overlap on revoke", async () => {
    const issued = await createApiKey(db, "shop");
    const rotated = await rotateApiKey(db, issued.keyId, { overlapSeconds: 3600 });
    // Both keys work while the business line rolls the new one out.
    expect((await call({ method: "GET", url: "/v1/iplist" }, issued.key)).statusCode).toBe(200);
    expect((await call({ method: "GET", url: "/v1/iplist" }, rotated.key)).statusCode).toBe(200);
    // A key in its overlap cannot be rotated again; revoking it ends the overlap at once.
    await expect(rotateApiKey(db, issued.keyId)).rejects.toMatchObject({ kind: "NOT_FOUND" });
    await revokeApiKey(db, issued.keyId);
    expect((await call({ method: "GET", url: "/v1/iplist" }, issued.key)).statusCode).toBe(401);
    expect((await call({ method: "GET", url: "/v1/iplist" }, rotated.key)).statusCode).toBe(200);
    // The overlap has a ceiling.
    await expect(rotateApiKey(db, rotated.keyId, { overlapSeconds: 8 * 24 * 3600 })).rejects.toMatchObject({
      kind: "INVALID_ARGUMENT",
    });
  });

  it("refuses a route outside the key's scopes with 403", async () => {
    const scoped = (await createApiKey(db, "shop", { scopes: ["tokens"] })).key;
    expect((await call({ method: "POST", url: "/v1/tokens", payload: { uid: "u1" } }, scoped)).statusCode).toBe(200);
    const res = await call({ method: "GET", url: "/v1/iplist" }, scoped);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("FORBIDDEN");
  });
});

describe("users", () => {
  it("creates and updates a profile and reports online sessions", async () => {
    const id = await user("ann");
    const updated = await call({
      method: "PUT",
      url: `/v1/users/${id}`,
      payload: { avatar: "a.png", extra: { vip: true } },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      uid: id,
      name: "ann",
      avatar: "a.png",
      extra: { vip: true },
      online: false,
    });
    await presence.add({
      uid: id,
      deviceType: 1,
      deviceId: "phone",
      nodeId: "n1",
      connId: "c1",
      loginSeq: 1,
      loginAt: 1,
      lastActiveAt: 2,
    });
    const got = (await call({ method: "GET", url: `/v1/users/${id}` })).json();
    expect(got.online).toBe(true);
    expect(got.sessions).toEqual([{ deviceType: 1, deviceId: "phone", nodeId: "n1", loginAt: 1, lastActiveAt: 2 }]);

    const pages: { uid: string; online: boolean }[] = [];
    let cursor: string | null = null;
    do {
      const page = (
        await call({ method: "GET", url: `/v1/users?limit=2${cursor ? `&cursor=${cursor}` : ""}` })
      ).json() as {
        users: { uid: string; online: boolean }[];
        nextCursor: string | null;
      };
      pages.push(...page.users);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.find((u) => u.uid === id)?.online).toBe(true);
  });

  it("kicks a user's sessions", async () => {
    const id = await user("ben");
    await goOnline(presence, id, 2, ["tablet-1", "tablet-2"]);
    await goOnline(presence, id, 1, ["phone"]);
    const res = await call({
      method: "POST",
      url: `/v1/users/${id}/kickout`,
      payload: { deviceType: 2, reason: "banned" },
    });
    expect(res.json()).toEqual({ kicked: 2 });
    expect(kicks).toEqual([{ uid: id, deviceType: 2, reason: "banned" }]);
  });

  it("issues login tokens", async () => {
    const res = await call({
      method: "POST",
      url: "/v1/tokens",
      payload: { uid: "ann", deviceType: 1, ttlSeconds: 60 },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // What a realtime node does with it at login: verified with the shared secret, claims intact.
    const claims = await new JwtTokenVerifier({ secrets: [TEST_TOKEN_SECRET] }).verify(body.token);
    expect(claims).toMatchObject({ uid: "ann", deviceType: 1, expiresAt: body.expiresAt });
    expect(body.expiresAt - (claims.issuedAt ?? 0)).toBe(60_000);
    await expect(
      new JwtTokenVerifier({ secrets: ["some-other-secret-of-enough-length!!"] }).verify(body.token),
    ).rejects.toThrow();
  });
});

describe("messages", () => {
  it("stores a message once per idempotency key and pushes it once", async () => {
    const [a, b] = [await user("ann"), await user("ben")];
    const payload = { toUids: [a, b], contentType: 1, content: "sale 🎉", idempotencyKey: randomUUID() };
    const first = await call({ method: "POST", url: "/v1/messages", payload });
    expect(first.statusCode).toBe(200);
    const ack = first.json();
    expect(ack.duplicate).toBe(false);
    const again = (await call({ method: "POST", url: "/v1/messages", payload })).json();
    expect(again).toEqual({ ...ack, duplicate: true });
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.map((w) => w.ownerUid)).toEqual([a, b]);
    const { rows } = await db.pool.query(
      "SELECT count(*)::int AS n FROM messages WHERE sender_id = 'shop' AND client_msg_id = $1",
      [payload.idempotencyKey],
    );
    expect(rows[0].n).toBe(1);

    const delivery = (await call({ method: "GET", url: `/v1/messages/${ack.msgId}/delivery` })).json();
    expect(delivery.receivers).toEqual(
      [
        { uid: a, seq: 1, delivered: false },
        { uid: b, seq: 1, delivered: false },
      ].sort((x, y) => (x.uid < y.uid ? -1 : 1)),
    );
    storage.messages.markDelivered(a, [1]);
    const after = (await call({ method: "GET", url: `/v1/messages/${ack.msgId}/delivery` })).json();
    expect(after.receivers.find((r: { uid: string }) => r.uid === a).delivered).toBe(true);

    const history = (await call({ method: "GET", url: `/v1/conversations/${a}/3/shop/messages` })).json();
    expect(history.messages.map((m: { content: string }) => m.content)).toEqual(["sale 🎉"]);
    expect(history.hasMore).toBe(false);
    const list = (await call({ method: "GET", url: `/v1/conversations/${a}` })).json();
    expect(list.conversations).toMatchObject([{ convType: 3, convId: "shop", unread: 1, lastMsgId: ack.msgId }]);
  });

  it("answers 409 to a reused idempotency key with another body, and the original to the same body", async () => {
    const [a, b] = [await user("ann"), await user("ben")];
    const payload = { toUids: [a], contentType: 1, content: "refund 10 €", idempotencyKey: randomUUID() };
    const ack = (await call({ method: "POST", url: "/v1/messages", payload })).json();
    for (const changed of [{ content: "refund 1000 €" }, { toUids: [a, b] }, { contentType: 2 }]) {
      const res = await call({ method: "POST", url: "/v1/messages", payload: { ...payload, ...changed } });
      expect(res.statusCode, JSON.stringify(changed)).toBe(409);
      expect(res.json().error).toEqual({
        code: "CONFLICT",
        message: `idempotencyKey "${payload.idempotencyKey}" was already used for a different message; use a new one for a new message`,
      });
    }
    const same = await call({ method: "POST", url: "/v1/messages", payload: { ...payload, toUids: [a, a] } });
    expect(same.json()).toEqual({ ...ack, duplicate: true });
    expect(delivered).toHaveLength(1);
    const history = (await call({ method: "GET", url: `/v1/conversations/${a}/3/shop/messages` })).json();
    expect(history.messages.map((m: { content: string }) => m.content)).toEqual(["refund 10 €"]);
  });

  it("stores and pushes once when retries race", async () => {
    const a = await user("ann");
    const payload = { toUids: [a], contentType: 1, content: "race", idempotencyKey: randomUUID() };
    const acks = await Promise.all(
      Array.from({ length: 5 }, () => call({ method: "POST", url: "/v1/messages", payload }).then((r) => r.json())),
    );
    expect(new Set(acks.map((x) => x.msgId)).size).toBe(1);
    expect(acks.filter((x) => !x.duplicate)).toHaveLength(1);
    expect(delivered).toHaveLength(1);
  });

  it("another business line cannot read the delivery of this one's message", async () => {
    const a = await user("ann");
    const ack = (
      await call({
        method: "POST",
        url: "/v1/messages",
        payload: { toUids: [a], contentType: 1, content: "x", idempotencyKey: "k" },
      })
    ).json();
    await createBusinessLine(db, { id: "other", name: "Other" });
    const other = (await createApiKey(db, "other")).key;
    expect((await call({ method: "GET", url: `/v1/messages/${ack.msgId}/delivery` }, other)).statusCode).toBe(404);
  });
});

describe("groups", () => {
  it("creates a group, changes members and dismisses it", async () => {
    const [o, m1, m2] = [await user("owner"), await user("m1"), await user("m2")];
    const created = await call({
      method: "POST",
      url: "/v1/groups",
      payload: { name: "team", ownerUid: o, memberUids: [m1] },
    });
    expect(created.statusCode).toBe(201);
    const g = created.json();
    expect((await call({ method: "POST", url: `/v1/groups/${g.id}/members`, payload: { uids: [m2] } })).json()).toEqual(
      {
        added: [m2],
      },
    );
    expect(
      (await call({ method: "POST", url: `/v1/groups/${g.id}/members/remove`, payload: { uids: [m1] } })).json(),
    ).toEqual({ removed: [m1] });
    const got = (await call({ method: "GET", url: `/v1/groups/${g.id}` })).json();
    expect(got.members.map((m: { uid: string }) => m.uid)).toEqual([o, m2]);
    expect((await call({ method: "DELETE", url: `/v1/groups/${g.id}` })).json()).toEqual({ dismissed: true });
    expect((await call({ method: "GET", url: `/v1/groups/${g.id}` })).statusCode).toBe(404);
  });
});

describe("iplist", () => {
  it("lists endpoints lightest first", async () => {
    const base = { cpu: 0, draining: false, startedAt: 0, updatedAt: 0 };
    await registry.announce({ ...base, nodeId: "busy", tcp: "h:1", ws: "ws://h:2", connections: 100 }, 60_000);
    await registry.announce({ ...base, nodeId: "idle", tcp: "", ws: "ws://h:3", connections: 1 }, 60_000);
    const tcp = (await call({ method: "GET", url: "/v1/iplist?transport=tcp" })).json();
    expect(tcp.endpoints.map((e: { nodeId: string }) => e.nodeId)).toEqual(["busy"]);
    const ws = (await call({ method: "GET", url: "/v1/iplist?transport=ws" })).json();
    expect(ws.endpoints.map((e: { nodeId: string }) => e.nodeId)).toEqual(["idle", "busy"]);
  });
});

describe("operations", () => {
  it("serves health, readiness and metrics", async () => {
    expect((await app.inject({ method: "GET", url: "/healthz" })).json()).toEqual({ status: "ok" });
    expect((await app.inject({ method: "GET", url: "/readyz" })).json()).toEqual({ status: "ok" });
    const metrics = await app.inject({ method: "GET", url: "/metrics" });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('im_gateway_http_requests_total{method="GET",route="/healthz",status="200"}');
    expect(metrics.body).toContain("im_gateway_http_request_duration_seconds_bucket");
  });

  it("publishes an OpenAPI 3.1 document listing every route, and the reference UI", async () => {
    const res = await app.inject({ method: "GET", url: "/openapi.json" });
    expect(res.statusCode).toBe(200);
    const doc = JSON.parse(res.body);
    expect(doc.openapi).toMatch(/^3\.1\./);
    const listed = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const expected = [
      "PUT /v1/users/{uid}",
      "GET /v1/users/{uid}",
      "GET /v1/users",
      "POST /v1/users/{uid}/kickout",
      "POST /v1/tokens",
      "POST /v1/messages",
      "GET /v1/messages/{msgId}/delivery",
      "GET /v1/iplist",
      "POST /v1/groups",
      "GET /v1/groups/{groupId}",
      "POST /v1/groups/{groupId}/members",
      "POST /v1/groups/{groupId}/members/remove",
      "DELETE /v1/groups/{groupId}",
      "GET /v1/conversations/{uid}/{convType}/{convId}/messages",
      "GET /v1/conversations/{uid}",
      "GET /healthz",
      "GET /readyz",
      "GET /metrics",
    ];
    for (const e of expected) expect(listed).toContain(e);
    expect(
      doc.paths["/v1/messages"].post.requestBody.content["application/json"].schema.properties.toUids,
    ).toBeDefined();
    const docs = await app.inject({ method: "GET", url: "/docs/" });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers["content-type"]).toContain("text/html");
  });

  it("never leaks internals on a 5xx", async () => {
    const broken = await buildApp({
      db: { pool: { query: () => Promise.reject(new Error("secret connection string")) } as never },
      storage,
      presence,
      registry,
      tokenSecret: TEST_TOKEN_SECRET,
      deliver: async () => {},
      kick: async () => 0,
    });
    const ready = await broken.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(503);
    expect(ready.body).not.toContain("secret");
    const v1 = await broken.inject({ method: "GET", url: "/v1/iplist", headers: { authorization: `Bearer ${key}` } });
    expect(v1.statusCode).toBe(503);
    expect(v1.headers["retry-after"]).toBe("1");
    expect(v1.body).not.toContain("secret");
    await broken.close();

    const failing = await buildApp({
      db,
      storage,
      presence,
      registry,
      tokenSecret: TEST_TOKEN_SECRET,
      deliver: async () => {},
      kick: async () => {
        throw new Error("secret internals");
      },
    });
    const u = await user("carl");
    const kick = await failing.inject({
      method: "POST",
      url: `/v1/users/${u}/kickout`,
      payload: { reason: "x" },
      headers: { authorization: `Bearer ${key}` },
    });
    expect(kick.statusCode).toBe(500);
    expect(kick.json()).toEqual({ error: { code: "INTERNAL", message: "internal error" } });
    await failing.close();
  });
});
