import { OutboxDispatcher, PgOutboxStore } from "@im/outbox";
import { startTestHttpServer, type TestHttpServer } from "@im/testing";
import type { FastifyInstance, InjectOptions } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { TestServer } from "./test-support/harness.ts";
import { type ConsoleSession, type NodeWithGateway, startNodeWithGateway } from "./test-support/node-with-gateway.ts";

// The console's business-line page against a real outbox dispatcher and a webhook that fails, then recovers.
let stack: NodeWithGateway;
let server: TestServer;
let gateway: FastifyInstance;
let outbox: PgOutboxStore;
let dispatcher: OutboxDispatcher;
let receiver: TestHttpServer;
let healthy = false;
const accepted: string[] = [];
const sessions: Record<"admin" | "viewer", ConsoleSession> = {
  admin: { cookie: "", csrf: "" },
  viewer: { cookie: "", csrf: "" },
};
let n = 0;

beforeAll(async () => {
  receiver = await startTestHttpServer((req, res) => {
    if (!healthy) {
      res.writeHead(500).end("down for maintenance");
      return;
    }
    accepted.push(String(req.headers["x-im-event-id"]));
    res.writeHead(200).end("ok");
  });
  stack = await startNodeWithGateway();
  ({ server, gateway } = stack);
  outbox = new PgOutboxStore(server.pool, { onEnqueued: () => dispatcher?.nudge() });
  dispatcher = new OutboxDispatcher({ store: outbox, pollMs: 20, baseDelayMs: 20, maxDelayMs: 50, maxAttempts: 2 });
  dispatcher.start();
  for (const role of ["admin", "viewer"] as const)
    sessions[role] = await stack.signIn({ username: `line-${role}`, password: "a long enough password", role });
});

afterAll(async () => {
  await dispatcher?.stop();
  await outbox?.close();
  await stack?.stop();
  await receiver?.close();
});

function call(opts: InjectOptions, as: "admin" | "viewer" = "admin") {
  const s = sessions[as];
  return gateway.inject({ ...opts, cookies: { im_admin_session: s.cookie }, headers: { "x-csrf-token": s.csrf } });
}

const send = (businessId: string) =>
  outbox.enqueueC2S({ businessId, fromUid: "alice", clientMsgId: `m-${++n}`, contentType: 1, content: "hi" });

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function deadLetters(): Promise<{ eventId: string; lastError: string; attempts: number }[]> {
  return (await call({ method: "GET", url: "/admin/business-lines/shop/dead-letters" })).json().items;
}

async function auditActions(): Promise<string[]> {
  const { rows } = await server.pool.query("SELECT action FROM audit_log ORDER BY id");
  return rows.map((r) => r.action);
}

it("refuses a webhook without a signing secret, when created or changed", async () => {
  const bare = await call({
    method: "POST",
    url: "/admin/business-lines",
    payload: { id: "shop", name: "Shop", webhookUrl: receiver.url },
  });
  expect(bare.statusCode).toBe(400);
  expect(
    (await call({ method: "POST", url: "/admin/business-lines", payload: { id: "shop", name: "Shop" } })).statusCode,
  ).toBe(201);
  const noSecret = await call({
    method: "PATCH",
    url: "/admin/business-lines/shop/target",
    payload: { webhookUrl: receiver.url },
  });
  expect(noSecret.statusCode).toBe(400);
  expect(noSecret.json().error.code).toBe("INVALID_ARGUMENT");
  const byViewer = await call(
    {
      method: "PATCH",
      url: "/admin/business-lines/shop/target",
      payload: { webhookUrl: receiver.url, webhookSecret: "a-secret-of-enough-length" },
    },
    "viewer",
  );
  expect(byViewer.statusCode).toBe(403);
  const set = await call({
    method: "PATCH",
    url: "/admin/business-lines/shop/target",
    payload: { webhookUrl: receiver.url, webhookSecret: "a-secret-of-enough-length" },
  });
  expect(set.json()).toEqual({ webhookUrl: receiver.url, hasSecret: true, stream: true, paused: false });
  const dropSecret = await call({
    method: "PATCH",
    url: "/admin/business-lines/shop/target",
    payload: { webhookSecret: null },
  });
  expect(dropSecret.statusCode).toBe(400);
  const detail = (await call({ method: "GET", url: "/admin/business-lines/shop" })).json();
  expect(detail.target).toEqual({ webhookUrl: receiver.url, hasSecret: true, stream: true, paused: false });
  expect(JSON.stringify(detail)).not.toContain("a-secret-of-enough-length");
  expect((await call({ method: "GET", url: "/admin/business-lines/nope" })).statusCode).toBe(404);
});

it("lists attempts and dead letters while the webhook fails, then retries, retries all and discards", async () => {
  const [a, b, c] = [await send("shop"), await send("shop"), await send("shop")];
  await until(async () => (await deadLetters()).length === 3, "three dead letters");
  const dead = await deadLetters();
  expect(dead.map((d) => d.eventId).sort()).toEqual([a.eventId, b.eventId, c.eventId].sort());
  expect(dead[0]).toMatchObject({ attempts: 2, lastError: "webhook answered 500" });
  await until(async () => {
    const items = (await call({ method: "GET", url: "/admin/business-lines/shop/attempts" })).json().items;
    return items.length === 6;
  }, "six attempts");
  const page = (await call({ method: "GET", url: "/admin/business-lines/shop/attempts?limit=4" })).json();
  expect(page.items).toHaveLength(4);
  expect(page.items[0]).toMatchObject({
    status: 500,
    ok: false,
    error: "webhook answered 500",
    responseExcerpt: "down for maintenance",
  });
  const rest = (
    await call({ method: "GET", url: `/admin/business-lines/shop/attempts?limit=4&cursor=${page.nextCursor}` })
  ).json();
  expect(rest.items).toHaveLength(2);
  expect(rest.nextCursor).toBeNull();
  const failing = (await call({ method: "GET", url: "/admin/business-lines/shop" })).json();
  expect(failing.stats).toMatchObject({ deadLetters: 3, failed1h: 6, pending: 0 });
  expect(failing.stats.p50LatencyMs).toEqual(expect.any(Number));

  healthy = true;
  const viewerRetry = await call(
    { method: "POST", url: `/admin/business-lines/shop/dead-letters/${a.eventId}/retry` },
    "viewer",
  );
  expect(viewerRetry.statusCode).toBe(403);
  const retried = await call({ method: "POST", url: `/admin/business-lines/shop/dead-letters/${a.eventId}/retry` });
  expect(retried.json()).toEqual({ retried: 1 });
  await until(() => accepted.includes(a.eventId), "the retried event delivered");
  const discarded = await call({ method: "POST", url: `/admin/business-lines/shop/dead-letters/${b.eventId}/discard` });
  expect(discarded.json()).toEqual({ discarded: 1 });
  const again = await call({ method: "POST", url: `/admin/business-lines/shop/dead-letters/${b.eventId}/retry` });
  expect(again.statusCode).toBe(404);
  const all = await call({ method: "POST", url: "/admin/business-lines/shop/dead-letters/retry-all" });
  expect(all.json()).toEqual({ retried: 1 });
  await until(() => accepted.includes(c.eventId), "the last dead letter delivered");
  expect(accepted).not.toContain(b.eventId);
  expect(await deadLetters()).toEqual([]);
  const recovered = (await call({ method: "GET", url: "/admin/business-lines/shop" })).json();
  expect(recovered.stats).toMatchObject({ deadLetters: 0, delivered1h: 2 });
  expect(await auditActions()).toEqual(
    expect.arrayContaining(["dead-letter.retry", "dead-letter.discard", "dead-letter.retry-all"]),
  );
});

it("holds events while the line is paused and delivers them once resumed", async () => {
  const paused = await call({ method: "PATCH", url: "/admin/business-lines/shop/target", payload: { paused: true } });
  expect(paused.json()).toMatchObject({ paused: true, hasSecret: true });
  const { eventId } = await send("shop");
  await new Promise((r) => setTimeout(r, 300));
  expect(accepted).not.toContain(eventId);
  expect((await call({ method: "GET", url: "/admin/business-lines/shop" })).json().stats.pending).toBe(1);
  await call({ method: "PATCH", url: "/admin/business-lines/shop/target", payload: { paused: false } });
  await until(() => accepted.includes(eventId), "delivery after resume");
  const { rows } = await server.pool.query(
    "SELECT detail FROM audit_log WHERE action = 'business-line.target' ORDER BY id DESC LIMIT 2",
  );
  expect(rows.map((r) => [r.detail.before.paused, r.detail.after.paused])).toEqual([
    [true, false],
    [false, true],
  ]);
});

it("rotates a key: the new one is shown once and works, the old one stops at once", async () => {
  const issued = (await call({ method: "POST", url: "/admin/business-lines/shop/keys", payload: {} })).json();
  const probe = (key: string) =>
    gateway.inject({ method: "GET", url: "/v1/users/nobody", headers: { authorization: `Bearer ${key}` } });
  expect((await probe(issued.key)).statusCode).not.toBe(401);
  const wrongLine = await call({
    method: "POST",
    url: "/admin/business-lines/other/keys/rotate",
    payload: { keyId: issued.keyId },
  });
  expect(wrongLine.statusCode).toBe(404);
  const rotated = await call({
    method: "POST",
    url: "/admin/business-lines/shop/keys/rotate",
    payload: { keyId: issued.keyId },
  });
  expect(rotated.statusCode).toBe(201);
  const fresh = rotated.json();
  expect(fresh).toMatchObject({ businessId: "shop", revokedKeyId: issued.keyId });
  expect(fresh.key).not.toBe(issued.key);
  expect((await probe(issued.key)).statusCode).toBe(401);
  expect((await probe(fresh.key)).statusCode).not.toBe(401);
  const detail = (await call({ method: "GET", url: "/admin/business-lines/shop" })).json();
  expect(JSON.stringify(detail)).not.toContain(fresh.key);
  expect(detail.keys.map((k: { keyId: string; revokedAt: number | null }) => [k.keyId, k.revokedAt !== null])).toEqual([
    [issued.keyId, true],
    [fresh.keyId, false],
  ]);
  const { rows } = await server.pool.query(
    "SELECT target, detail FROM audit_log WHERE action = 'api-key.rotate' ORDER BY id DESC LIMIT 1",
  );
  expect(rows[0]).toMatchObject({ target: issued.keyId, detail: { newKeyId: fresh.keyId } });
});
