import { randomUUID } from "node:crypto";
import { ImError } from "@im/core";
import { createDb, type Db } from "@im/db";
import { createTestDatabase, type TestDatabase } from "@im/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withPrismaTransaction } from "../transaction.ts";
import {
  businessLineStats,
  changeBusinessLineTarget,
  discardDeadLetter,
  getBusinessLine,
  insertBusinessLine,
  listDeadLetters,
  listWebhookAttempts,
  outboxHealth,
  retryDeadLetters,
} from "./business-line-store.ts";

let testDb: TestDatabase;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = createDb({ url: testDb.url, max: 4 });
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

const PENDING = 0;
const DELIVERED = 1;
const DEAD = 2;

async function line(): Promise<string> {
  const id = `line-${randomUUID().slice(0, 8)}`;
  await insertBusinessLine(db.prisma, { id, name: id, webhookUrl: null, webhookSecret: null });
  return id;
}

/** An outbox event of the line; `deliveredAgo` an interval such as '10 minutes'. */
async function event(
  lineId: string,
  status: number,
  opts: { deliveredAgo?: string; lastError?: string; attempts?: number; kind?: string; streamTook?: boolean } = {},
): Promise<string> {
  const eventId = randomUUID();
  await db.pool.query(
    `INSERT INTO outbox (business_line_id, event_id, kind, payload, status, attempts, last_error, delivered_at,
                         next_attempt_at, stream_delivered_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now() - $8::interval, now() + interval '1 hour', CASE WHEN $9 THEN now() END)`,
    [
      lineId,
      eventId,
      opts.kind ?? "c2s",
      JSON.stringify({ fromUid: "alice", clientMsgId: `m-${eventId.slice(0, 8)}`, contentType: 1, content: "hi" }),
      status,
      opts.attempts ?? 0,
      opts.lastError ?? null,
      opts.deliveredAgo ?? null,
      opts.streamTook ?? false,
    ],
  );
  return eventId;
}

/** A webhook attempt of the line, `ago` an interval such as '5 minutes'; its id. */
async function attempt(
  lineId: string,
  opts: { ago?: string; status: number | null; latencyMs: number; ok: boolean; error?: string },
): Promise<number> {
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO webhook_attempts (business_line_id, event_id, at, status, latency_ms, ok, error, response_excerpt)
     VALUES ($1, $2, now() - $3::interval, $4, $5, $6, $7, $8) RETURNING id`,
    [
      lineId,
      randomUUID(),
      opts.ago ?? "0 seconds",
      opts.status,
      opts.latencyMs,
      opts.ok,
      opts.error ?? null,
      opts.ok ? "ok" : "",
    ],
  );
  return Number(rows[0]?.id);
}

describe("business line delivery figures", () => {
  it("counts the line's own outbox and its webhook attempts of the last hour", async () => {
    const id = await line();
    const other = await line();
    await event(id, PENDING);
    await event(id, PENDING);
    await event(id, DELIVERED, { deliveredAgo: "10 minutes" });
    await event(id, DELIVERED, { deliveredAgo: "2 hours" }); // too long ago
    await event(id, DEAD);
    await event(id, DEAD);
    await event(id, DEAD);
    for (const status of [PENDING, DELIVERED, DEAD]) await event(other, status, { deliveredAgo: "1 minute" });
    for (const latencyMs of [10, 20, 30, 40]) await attempt(id, { status: 200, latencyMs, ok: true });
    await attempt(id, { status: 500, latencyMs: 50, ok: false }); // failed, answered: in the latencies
    await attempt(id, { status: null, latencyMs: 5000, ok: false }); // timed out: no latency to count
    await attempt(id, { ago: "2 hours", status: 500, latencyMs: 9000, ok: false }); // too long ago
    await attempt(other, { status: 500, latencyMs: 7000, ok: false });

    const stats = await businessLineStats(db.prisma, id);
    expect(stats).toEqual({
      pending: 2,
      delivered1h: 1,
      deadLetters: 3,
      failed1h: 2,
      p50LatencyMs: 30,
      p99LatencyMs: expect.closeTo(49.6, 6),
    });
  });

  it("answers zeros and no latency for a line with nothing yet", async () => {
    expect(await businessLineStats(db.prisma, await line())).toEqual({
      pending: 0,
      delivered1h: 0,
      deadLetters: 0,
      failed1h: 0,
      p50LatencyMs: null,
      p99LatencyMs: null,
    });
  });

  it("sums backlog, dead letters and the last hour's failed attempts over every line", async () => {
    const before = await outboxHealth(db.prisma);
    const [a, b] = [await line(), await line()];
    await event(a, PENDING);
    await event(b, PENDING);
    await event(b, PENDING);
    await event(a, DEAD);
    await event(a, DELIVERED, { deliveredAgo: "1 minute" });
    await attempt(a, { status: 500, latencyMs: 5, ok: false });
    await attempt(b, { status: null, latencyMs: 5, ok: false });
    await attempt(b, { status: 200, latencyMs: 5, ok: true });
    await attempt(b, { ago: "61 minutes", status: 500, latencyMs: 5, ok: false });
    expect(await outboxHealth(db.prisma)).toEqual({
      backlog: before.backlog + 3,
      failures: before.failures + 2,
      dead: before.dead + 1,
    });
  });
});

describe("business line pages", () => {
  it("pages webhook attempts newest first, one more than asked telling a next page exists", async () => {
    const id = await line();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await attempt(id, { status: 200 + i, latencyMs: i, ok: i % 2 === 0 }));
    await attempt(await line(), { status: 200, latencyMs: 1, ok: true });
    const newest = [...ids].reverse();

    const first = await listWebhookAttempts(db.prisma, id, undefined, 2);
    expect(first.map((a) => a.id)).toEqual(newest.slice(0, 3));
    expect(first[0]).toEqual({
      id: newest[0],
      eventId: expect.any(String),
      at: expect.any(Date),
      status: 204,
      latencyMs: 4,
      ok: true,
      error: null,
      responseExcerpt: "ok",
    });
    const second = await listWebhookAttempts(db.prisma, id, String(newest[1]), 2);
    expect(second.map((a) => a.id)).toEqual(newest.slice(2, 5));
    const last = await listWebhookAttempts(db.prisma, id, String(newest[3]), 2);
    expect(last.map((a) => a.id)).toEqual(newest.slice(4));
  });

  it("pages the line's dead letters only, newest first", async () => {
    const id = await line();
    const dead: string[] = [];
    for (let i = 0; i < 4; i++) {
      dead.push(await event(id, DEAD, { attempts: 5 + i, lastError: `HTTP 50${i}`, kind: `kind-${i}` }));
      await event(id, PENDING);
    }
    await event(await line(), DEAD);
    const newest = [...dead].reverse();

    const first = await listDeadLetters(db.prisma, id, undefined, 2);
    expect(first.map((d) => d.eventId)).toEqual(newest.slice(0, 3));
    expect(first[0]).toEqual({
      id: expect.any(Number),
      eventId: newest[0],
      kind: "kind-3",
      fromUid: "alice",
      clientMsgId: `m-${newest[0]?.slice(0, 8)}`,
      attempts: 8,
      lastError: "HTTP 503",
      createdAt: expect.any(Date),
      streamDeliveredAt: null,
      webhookDeliveredAt: null,
    });
    const ids = first.map((d) => d.id);
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
    const second = await listDeadLetters(db.prisma, id, String(first[1]?.id), 2);
    expect(second.map((d) => d.eventId)).toEqual(newest.slice(2));
    expect(await listDeadLetters(db.prisma, id, String(second.at(-1)?.id), 2)).toEqual([]);
  });
});

describe("discarding a dead letter", () => {
  const remaining = (eventId: string) => db.prisma.outboxEvent.count({ where: { eventId } });

  it("deletes the line's own dead letter and says what it was; nothing else", async () => {
    const id = await line();
    const dead = await event(id, DEAD, { attempts: 7, lastError: "webhook answered 500", kind: "c2s" });
    const pending = await event(id, PENDING);
    const theirs = await event(await line(), DEAD);

    expect(await discardDeadLetter(db.prisma, id, pending)).toBeUndefined();
    expect(await discardDeadLetter(db.prisma, id, theirs)).toBeUndefined();
    expect(await discardDeadLetter(db.prisma, id, "no-such-event")).toBeUndefined();
    expect(await remaining(pending)).toBe(1);
    expect(await remaining(theirs)).toBe(1);

    expect(await discardDeadLetter(db.prisma, id, dead)).toEqual({
      kind: "c2s",
      lastError: "webhook answered 500",
      attempts: 7,
    });
    expect(await remaining(dead)).toBe(0);
    expect(await discardDeadLetter(db.prisma, id, dead)).toBeUndefined();
  });

  it("keeps the dead letter when the caller's transaction rolls back, and the transaction usable after a miss", async () => {
    const id = await line();
    const dead = await event(id, DEAD);
    const refused = new ImError("CONFLICT", "changed our mind");
    await expect(
      withPrismaTransaction(db.prisma, async (tx) => {
        expect(await discardDeadLetter(tx, id, "no-such-event")).toBeUndefined();
        expect(await discardDeadLetter(tx, id, dead)).toBeDefined();
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(await remaining(dead)).toBe(1);
  });
});

describe("retrying dead letters", () => {
  const row = (eventId: string) =>
    db.prisma.outboxEvent.findUniqueOrThrow({
      where: { eventId },
      select: {
        status: true,
        attempts: true,
        lastError: true,
        nextAttemptAt: true,
        streamDeliveredAt: true,
        webhookDeliveredAt: true,
      },
    });

  it("puts the line's own dead letter back, due now with a fresh budget, keeping what each target took", async () => {
    const id = await line();
    const dead = await event(id, DEAD, { attempts: 10, lastError: "webhook answered 500", streamTook: true });
    const pending = await event(id, PENDING, { attempts: 3 });
    const theirs = await event(await line(), DEAD);
    const took = (await row(dead)).streamDeliveredAt;
    expect(took).toEqual(expect.any(Date));

    expect(await retryDeadLetters(db.prisma, id, pending)).toBe(0);
    expect(await retryDeadLetters(db.prisma, id, theirs)).toBe(0);
    expect(await retryDeadLetters(db.prisma, id, "no-such-event")).toBe(0);
    expect((await row(pending)).attempts).toBe(3);
    expect((await row(theirs)).status).toBe(DEAD);

    expect(await retryDeadLetters(db.prisma, id, dead)).toBe(1);
    const revived = await row(dead);
    expect(revived).toMatchObject({ status: PENDING, attempts: 0, lastError: null, webhookDeliveredAt: null });
    expect(revived.streamDeliveredAt).toEqual(took);
    expect(revived.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(await retryDeadLetters(db.prisma, id, dead)).toBe(0); // no longer dead
  });

  it("retries all of the line's dead letters and no one else's, and none when the transaction rolls back", async () => {
    const id = await line();
    const mine = [await event(id, DEAD), await event(id, DEAD)];
    const delivered = await event(id, DELIVERED, { deliveredAgo: "1 minute" });
    const theirs = await event(await line(), DEAD);
    const refused = new ImError("UNAVAILABLE", "audit log down");
    await expect(
      withPrismaTransaction(db.prisma, async (tx) => {
        expect(await retryDeadLetters(tx, id)).toBe(2);
        throw refused;
      }),
    ).rejects.toBe(refused);
    for (const eventId of mine) expect((await row(eventId)).status).toBe(DEAD);

    expect(await retryDeadLetters(db.prisma, id)).toBe(2);
    for (const eventId of mine) expect((await row(eventId)).status).toBe(PENDING);
    expect((await row(delivered)).status).toBe(DELIVERED);
    expect((await row(theirs)).status).toBe(DEAD);
    expect(await retryDeadLetters(db.prisma, id)).toBe(0);
  });
});

describe("changing a line's target", () => {
  const target = async (id: string) => {
    const l = await getBusinessLine(db.prisma, id);
    return l && { webhookUrl: l.webhookUrl, hasSecret: l.hasSecret, stream: l.stream, paused: l.paused };
  };

  it("changes what is given, says what it was, and refuses a webhook without a secret", async () => {
    const id = await line();
    const changed = await withPrismaTransaction(db.prisma, (tx) =>
      changeBusinessLineTarget(tx, id, {
        webhookUrl: "https://crm.example/hook",
        webhookSecret: "0123456789abcdef-secret",
        stream: false,
      }),
    );
    expect(changed?.before).toMatchObject({ webhookUrl: null, hasSecret: false, stream: true, paused: false });
    expect(changed?.after).toMatchObject({
      id,
      webhookUrl: "https://crm.example/hook",
      hasSecret: true,
      stream: false,
      paused: false,
    });
    expect(JSON.stringify(changed)).not.toContain("0123456789abcdef-secret");

    // Nothing given: nothing changes.
    const same = await withPrismaTransaction(db.prisma, (tx) => changeBusinessLineTarget(tx, id, {}));
    expect(same?.after).toEqual(changed?.after);

    for (const bad of [{ webhookSecret: null }, { webhookSecret: "" }]) {
      const err = await withPrismaTransaction(db.prisma, (tx) => changeBusinessLineTarget(tx, id, bad)).catch(
        (e: unknown) => e,
      );
      expect(ImError.is(err, "INVALID_ARGUMENT"), JSON.stringify(bad)).toBe(true);
    }
    expect(await target(id)).toEqual({
      webhookUrl: "https://crm.example/hook",
      hasSecret: true,
      stream: false,
      paused: false,
    });

    // Removing the webhook removes the need for a secret.
    const cleared = await withPrismaTransaction(db.prisma, (tx) =>
      changeBusinessLineTarget(tx, id, { webhookUrl: null, webhookSecret: null, paused: true }),
    );
    expect(cleared?.after).toMatchObject({ webhookUrl: null, hasSecret: false, stream: false, paused: true });
    expect(await withPrismaTransaction(db.prisma, (tx) => changeBusinessLineTarget(tx, "nope", {}))).toBeUndefined();
  });

  it("leaves the target as it was when the caller's transaction rolls back", async () => {
    const id = await line();
    const refused = new ImError("UNAVAILABLE", "audit log down");
    await expect(
      withPrismaTransaction(db.prisma, async (tx) => {
        await changeBusinessLineTarget(tx, id, { paused: true });
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect((await target(id))?.paused).toBe(false);
  });
});
