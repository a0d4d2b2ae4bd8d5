import { redisKeys } from "@im/cluster";
import { verifyWebhookSignature } from "@im/push";
import { createTestDatabase, type ReceivedRequest, startTestHttpServer, type TestDatabase } from "@im/testing";
import type { Redis } from "ioredis";
import type pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { OutboxDispatcher, type OutboxDispatcherOptions } from "./dispatcher.ts";
import { OutboxStatus } from "./outbox-store.ts";
import { PgOutboxStore } from "./outbox-store-pg.ts";
import {
  addBusinessLine,
  connectPool,
  connectTestRedis,
  deleteKeys,
  eventually,
  retryDeadEvent,
  uniquePrefix,
} from "./test-support/fixtures.ts";

const SECRET = "crm-webhook-secret";

let database: TestDatabase;
let pool: pg.Pool;
let store: PgOutboxStore;
let redis: Redis;
let prefix: string;
const running: OutboxDispatcher[] = [];
let n = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = connectPool(database.url, 8);
  store = new PgOutboxStore(pool);
  redis = connectTestRedis();
  prefix = uniquePrefix();
});
afterAll(async () => {
  await store?.close();
  await pool?.end();
  await deleteKeys(redis, prefix);
  await redis?.quit();
  await database?.drop();
});
beforeEach(async () => {
  await pool.query("TRUNCATE outbox, webhook_attempts");
  await pool.query("DELETE FROM business_lines");
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.stop()));
});

function dispatcher(opts: Partial<OutboxDispatcherOptions> = {}): OutboxDispatcher {
  const d = new OutboxDispatcher({ store, pollMs: 20, baseDelayMs: 20, maxDelayMs: 100, timeoutMs: 2_000, ...opts });
  running.push(d);
  d.start();
  return d;
}

const send = (businessId: string, content = `hello ${++n}`) =>
  store.enqueueC2S({ businessId, fromUid: "alice", clientMsgId: `cm-${++n}`, contentType: 1, content });

/** Receives webhook calls, answers `status()` and keeps the event ids it accepted. */
async function receiver(status: (req: ReceivedRequest) => number = () => 200) {
  const accepted: string[] = [];
  const server = await startTestHttpServer((req, res) => {
    const code = status(req);
    if (code >= 200 && code < 300) accepted.push(String(req.headers["x-im-event-id"]));
    res.writeHead(code).end();
  });
  return { server, accepted };
}

describe("OutboxDispatcher webhook", () => {
  it("delivers a c2s event signed with the business line's secret", async () => {
    const { server, accepted } = await receiver();
    try {
      await addBusinessLine(pool, "crm", { url: `${server.url}hook`, secret: SECRET });
      const d = dispatcher();
      const { eventId } = await store.enqueueC2S({
        businessId: "crm",
        fromUid: "alice",
        clientMsgId: "cm-sig",
        contentType: 7,
        content: "héllo 👋",
      });
      d.nudge();
      await eventually(() => accepted.length === 1, 5_000, "webhook call");
      const req = server.received[0]!;
      expect(req.method).toBe("POST");
      expect(req.url).toBe("/hook");
      expect(req.headers["x-im-event-id"]).toBe(eventId);
      const ts = req.headers["x-im-timestamp"] as string;
      expect(verifyWebhookSignature(SECRET, ts, req.body, req.headers["x-im-signature"] as string, 60)).toBe(true);
      expect(verifyWebhookSignature("other", ts, req.body, req.headers["x-im-signature"] as string, 60)).toBe(false);
      expect(JSON.parse(req.body)).toMatchObject({
        eventId,
        kind: "c2s",
        businessId: "crm",
        fromUid: "alice",
        clientMsgId: "cm-sig",
        contentType: 7,
        content: "héllo 👋",
      });
      await eventually(async () => (await store.listEvents({}))[0]?.status === OutboxStatus.DELIVERED);
    } finally {
      await server.close();
    }
  });

  it("keeps retrying while the endpoint fails and delivers each event once it recovers", async () => {
    let down = true;
    const { server, accepted } = await receiver(() => (down ? 503 : 200));
    try {
      await addBusinessLine(pool, "crm", { url: server.url, secret: SECRET });
      dispatcher({ maxAttempts: 50 });
      const ids = (await Promise.all(Array.from({ length: 20 }, () => send("crm")))).map((r) => r.eventId);
      await eventually(() => server.received.length >= 40, 5_000, "retries");
      down = false;
      await eventually(() => new Set(accepted).size === 20, 10_000, "all events accepted");
      await eventually(async () => (await store.listEvents({ status: OutboxStatus.DELIVERED })).length === 20);
      expect(new Set(accepted)).toEqual(new Set(ids));
      expect(accepted).toHaveLength(20); // once per event id
      expect((await store.listEvents({})).every((e) => e.lastError === null && e.deliveredAt !== null)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("loses nothing across a restart of the dispatcher", async () => {
    let down = true;
    const { server, accepted } = await receiver(() => (down ? 500 : 200));
    try {
      await addBusinessLine(pool, "crm", { url: server.url, secret: SECRET });
      const first = dispatcher({ maxAttempts: 50 });
      const ids = (await Promise.all(Array.from({ length: 10 }, () => send("crm")))).map((r) => r.eventId);
      await eventually(() => server.received.length >= 10, 5_000, "first attempts");
      await first.stop();
      down = false;
      dispatcher({ maxAttempts: 50 });
      await eventually(() => new Set(accepted).size === 10, 10_000, "delivery after restart");
      expect(new Set(accepted)).toEqual(new Set(ids));
    } finally {
      await server.close();
    }
  });

  it("dead-letters an event after maxAttempts and delivers it once retried", async () => {
    let down = true;
    const { server, accepted } = await receiver(() => (down ? 500 : 200));
    try {
      await addBusinessLine(pool, "crm", { url: server.url, secret: SECRET });
      const d = dispatcher({ maxAttempts: 3 });
      const { eventId } = await send("crm");
      await eventually(async () => (await store.listEvents({ status: OutboxStatus.DEAD })).length === 1, 5_000, "dead");
      const [dead] = await store.listEvents({ status: OutboxStatus.DEAD, businessId: "crm" });
      expect(dead).toMatchObject({ eventId, attempts: 3, lastError: "webhook answered 500" });
      expect(server.received).toHaveLength(3); // no storm: it stops at maxAttempts
      await new Promise((r) => setTimeout(r, 100));
      expect(server.received).toHaveLength(3);

      down = false;
      expect(await retryDeadEvent(pool, eventId)).toBe(true);
      d.nudge();
      await eventually(() => accepted.length === 1, 5_000, "delivery after the retry");
      expect(accepted).toEqual([eventId]);
    } finally {
      await server.close();
    }
  });

  it("bounds concurrent calls per business line so a slow endpoint does not hold up the others", async () => {
    let current = 0;
    let peak = 0;
    const slow = await startTestHttpServer(async (_req, res) => {
      current++;
      peak = Math.max(peak, current);
      await new Promise((r) => setTimeout(r, 100));
      current--;
      res.writeHead(200).end();
    });
    const { server: fast, accepted: fastAccepted } = await receiver();
    try {
      await addBusinessLine(pool, "slow", { url: slow.url, secret: SECRET });
      await addBusinessLine(pool, "fast", { url: fast.url, secret: SECRET });
      for (let i = 0; i < 20; i++) await send("slow");
      dispatcher({ concurrency: 6, perBusinessConcurrency: 3 });
      await eventually(() => current > 0, 5_000, "slow calls started");
      await Promise.all(Array.from({ length: 10 }, () => send("fast")));
      await eventually(() => fastAccepted.length === 10, 5_000, "fast line delivered");
      const slowDelivered = (await store.listEvents({ businessId: "slow", status: OutboxStatus.DELIVERED })).length;
      expect(slowDelivered).toBeLessThan(20); // the fast line did not wait for the slow one
      await eventually(async () => (await store.listEvents({ status: OutboxStatus.DELIVERED })).length === 30, 10_000);
      expect(peak).toBeLessThanOrEqual(3);
      expect(peak).toBeGreaterThan(1);
    } finally {
      await slow.close();
      await fast.close();
    }
  });

  it("never sends an unsigned call to a line without a webhook secret", async () => {
    const { server } = await receiver();
    try {
      await pool.query("INSERT INTO business_lines (id, name, webhook_url) VALUES ('nosecret', 'n', $1)", [server.url]);
      dispatcher({ maxAttempts: 2 });
      await send("nosecret");
      await eventually(async () => (await store.listEvents({ status: OutboxStatus.DEAD })).length === 1, 5_000, "dead");
      expect((await store.listEvents({}))[0]!.lastError).toBe("webhook: business line has no webhook secret");
      expect(server.received).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it("retries a webhook that does not answer within the timeout", async () => {
    let hang = true;
    const { server, accepted } = await receiver();
    server.handle(async (req, res) => {
      if (hang) return; // never answers
      accepted.push(String(req.headers["x-im-event-id"]));
      res.writeHead(204).end();
    });
    try {
      await addBusinessLine(pool, "crm", { url: server.url, secret: SECRET });
      dispatcher({ timeoutMs: 100, maxAttempts: 50 });
      const { eventId } = await send("crm");
      await eventually(() => server.received.length >= 2, 5_000, "retry after timeout");
      const [event] = await store.listEvents({});
      expect(event!.lastError).toMatch(/timed out/);
      hang = false;
      await eventually(() => accepted.includes(eventId), 5_000, "delivery");
    } finally {
      await server.close();
    }
  });
});

describe("OutboxDispatcher Redis Stream", () => {
  it("appends events to the business line's stream for consumer groups", async () => {
    await addBusinessLine(pool, "erp");
    const key = redisKeys(prefix).c2sStream("erp");
    expect(key).toBe(`${prefix}c2s:{erp}`);
    await redis.xgroup("CREATE", key, "erp-workers", "$", "MKSTREAM");
    dispatcher({ redis, streamPrefix: prefix, streamMaxLen: 1_000 });
    const { eventId } = await store.enqueueC2S({
      businessId: "erp",
      fromUid: "bob",
      clientMsgId: "cm-stream",
      contentType: 2,
      content: "to the queue ✓",
    });
    // A blocking read needs a connection of its own; the dispatcher's would wait behind it.
    const consumer = connectTestRedis();
    const reply = (await consumer.xreadgroup(
      "GROUP",
      "erp-workers",
      "w1",
      "COUNT",
      10,
      "BLOCK",
      5_000,
      "STREAMS",
      key,
      ">",
    )) as [string, [string, string[]][]][] | null;
    await consumer.quit();
    expect(reply).not.toBeNull();
    const [[, entries]] = reply as [[string, [string, string[]][]]];
    expect(entries).toHaveLength(1);
    const [entryId, flat] = entries[0]!;
    const fields = Object.fromEntries(flat.flatMap((v, i) => (i % 2 === 0 ? [[v, flat[i + 1]]] : [])));
    expect(fields).toMatchObject({
      eventId,
      kind: "c2s",
      businessId: "erp",
      fromUid: "bob",
      clientMsgId: "cm-stream",
      contentType: "2",
      content: "to the queue ✓",
    });
    expect(await redis.xack(key, "erp-workers", entryId)).toBe(1);
    await eventually(async () => (await store.listEvents({}))[0]?.status === OutboxStatus.DELIVERED);
  });

  it("writes to the stream and the webhook when the line has both", async () => {
    const { server, accepted } = await receiver();
    try {
      await addBusinessLine(pool, "both", { url: server.url, secret: SECRET });
      dispatcher({ redis, streamPrefix: prefix });
      const { eventId } = await send("both");
      await eventually(() => accepted.length === 1, 5_000, "webhook call");
      const entries = await redis.xrange(redisKeys(prefix).c2sStream("both"), "-", "+");
      expect(entries.map(([, f]) => f[1])).toEqual([eventId]);
    } finally {
      await server.close();
    }
  });

  it("appends once while a failing webhook is retried, and calls the webhook once it recovers", async () => {
    let failures = 4;
    const { server, accepted } = await receiver(() => (failures-- > 0 ? 503 : 200));
    try {
      await addBusinessLine(pool, "flaky", { url: server.url, secret: SECRET });
      dispatcher({ redis, streamPrefix: prefix, maxAttempts: 20 });
      const { eventId } = await send("flaky");
      await eventually(() => accepted.length === 1, 10_000, "webhook recovered");
      await eventually(async () => (await store.listEvents({}))[0]?.status === OutboxStatus.DELIVERED);
      expect(server.received).toHaveLength(5); // four failures, then the success
      expect(accepted).toEqual([eventId]);
      const entries = await redis.xrange(redisKeys(prefix).c2sStream("flaky"), "-", "+");
      expect(entries.map(([, f]) => f[1])).toEqual([eventId]);
      const [event] = await store.listEvents({});
      expect(event!.attempts).toBe(5);
      expect(event!.streamDeliveredAt).not.toBeNull();
    } finally {
      await server.close();
    }
  });

  it("calls the webhook once while a failing stream append is retried", async () => {
    const { server, accepted } = await receiver();
    const key = redisKeys(prefix).c2sStream("nostream");
    try {
      await redis.set(key, "not a stream"); // XADD now fails with WRONGTYPE
      await addBusinessLine(pool, "nostream", { url: server.url, secret: SECRET });
      dispatcher({ redis, streamPrefix: prefix, maxAttempts: 50 });
      const { eventId } = await send("nostream");
      await eventually(async () => ((await store.listEvents({}))[0]?.attempts ?? 0) >= 3, 5_000, "stream retries");
      const [pending] = await store.listEvents({});
      expect(pending).toMatchObject({ status: OutboxStatus.PENDING, lastError: expect.stringMatching(/^stream: /) });
      expect(pending!.webhookDeliveredAt).not.toBeNull();
      await redis.del(key);
      await eventually(async () => (await store.listEvents({}))[0]?.status === OutboxStatus.DELIVERED, 5_000);
      expect(accepted).toEqual([eventId]);
      expect(server.received).toHaveLength(1);
      expect((await redis.xrange(key, "-", "+")).map(([, f]) => f[1])).toEqual([eventId]);
    } finally {
      await server.close();
    }
  });
});

describe("OutboxDispatcher business line settings and attempt log", () => {
  it("records every webhook attempt with status, latency, outcome and the start of the answer", async () => {
    let failures = 2;
    const { server, accepted } = await receiver();
    server.handle(async (req, res) => {
      if (failures-- > 0) {
        res.writeHead(503).end(`busy ${"x".repeat(2_000)}`);
        return;
      }
      accepted.push(String(req.headers["x-im-event-id"]));
      res.writeHead(200).end("thanks");
    });
    try {
      await addBusinessLine(pool, "crm", { url: server.url, secret: SECRET });
      dispatcher({ maxAttempts: 10 });
      const { eventId } = await send("crm");
      await eventually(() => accepted.includes(eventId), 5_000, "delivery after recovery");
      await eventually(
        async () => (await pool.query("SELECT 1 FROM webhook_attempts")).rowCount === 3,
        5_000,
        "three attempts recorded",
      );
      const { rows } = await pool.query(
        `SELECT business_line_id, event_id, status, ok, error, response_excerpt, latency_ms
         FROM webhook_attempts ORDER BY id`,
      );
      expect(rows.map((r) => [r.business_line_id, r.event_id, r.status, r.ok, r.error])).toEqual([
        ["crm", eventId, 503, false, "webhook answered 503"],
        ["crm", eventId, 503, false, "webhook answered 503"],
        ["crm", eventId, 200, true, null],
      ]);
      expect(Buffer.byteLength(rows[0].response_excerpt)).toBe(512);
      expect(rows[0].response_excerpt.startsWith("busy xxx")).toBe(true);
      expect(rows[2].response_excerpt).toBe("thanks");
      expect(rows.every((r) => r.latency_ms >= 0)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("holds a paused line's events until it is resumed", async () => {
    const { server, accepted } = await receiver();
    try {
      await addBusinessLine(pool, "crm", { url: server.url, secret: SECRET });
      await pool.query("UPDATE business_lines SET paused = true WHERE id = 'crm'");
      dispatcher();
      const { eventId } = await send("crm");
      await new Promise((r) => setTimeout(r, 300));
      expect(server.received).toHaveLength(0);
      await pool.query("UPDATE business_lines SET paused = false WHERE id = 'crm'");
      await eventually(() => accepted.includes(eventId), 5_000, "delivery after resume");
    } finally {
      await server.close();
    }
  });

  it("leaves a line's stream alone when the line turned its stream off", async () => {
    const { server, accepted } = await receiver();
    try {
      await addBusinessLine(pool, "hookonly", { url: server.url, secret: SECRET });
      await pool.query("UPDATE business_lines SET stream = false WHERE id = 'hookonly'");
      dispatcher({ redis, streamPrefix: prefix });
      await send("hookonly");
      await eventually(() => accepted.length === 1, 5_000, "webhook call");
      expect(await redis.xlen(redisKeys(prefix).c2sStream("hookonly"))).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("notes a refused call to a webhook without a secret as a failed attempt", async () => {
    const { server } = await receiver();
    try {
      await pool.query("INSERT INTO business_lines (id, name, webhook_url) VALUES ('bare', 'b', $1)", [server.url]);
      dispatcher({ maxAttempts: 1 });
      const { eventId } = await send("bare");
      await eventually(
        async () => (await pool.query("SELECT 1 FROM webhook_attempts")).rowCount === 1,
        5_000,
        "attempt recorded",
      );
      const { rows } = await pool.query("SELECT event_id, status, ok, error FROM webhook_attempts");
      expect(rows).toEqual([
        { event_id: eventId, status: null, ok: false, error: "business line has no webhook secret" },
      ]);
      expect(server.received).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it("deletes webhook attempts older than the retention on its own", async () => {
    await addBusinessLine(pool, "crm");
    await pool.query(
      `INSERT INTO webhook_attempts (business_line_id, event_id, at, status, latency_ms, ok)
       VALUES ('crm', 'old', now() - interval '2 days', 500, 1, false), ('crm', 'new', now(), 200, 1, true)`,
    );
    dispatcher({ attemptRetentionMs: 86_400_000, pruneEveryMs: 20 });
    await eventually(
      async () => (await pool.query("SELECT 1 FROM webhook_attempts WHERE event_id = 'old'")).rowCount === 0,
      5_000,
      "old attempt pruned",
    );
    const { rows } = await pool.query("SELECT event_id FROM webhook_attempts");
    expect(rows).toEqual([{ event_id: "new" }]);
  });
});
