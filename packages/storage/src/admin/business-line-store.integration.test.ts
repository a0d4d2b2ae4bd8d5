import { randomUUID } from "node:crypto";
import { ImError } from "@im/core";
import { createDb, type Db } from "@im/db";
import { createTestDatabase, type TestDatabase } from "@im/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withPrismaTransaction } from "../transaction.ts";
import {
  businessLineStats,
  discardDeadLetter,
  insertBusinessLine,
  listDeadLetters,
  listWebhookAttempts,
  outboxHealth,
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
  opts: { deliveredAgo?: string; lastError?: string; attempts?: number; kind?: string } = {},
): Promise<string> {
  const eventId = randomUUID();
  await db.pool.query(
    `INSERT INTO outbox (business_line_id, event_id, kind, payload, status, attempts, last_error, delivered_at)
     VALUES ($1, $2, $3, '{}', $4, $5, $6, now() - $7::interval)`,
    [
      lineId,
      eventId,
      opts.kind ?? "c2s",
      status,
      opts.attempts ?? 0,
      opts.lastError ?? null,
      opts.deliveredAgo ?? null,
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
      attempts: 8,
      lastError: "HTTP 503",
      createdAt: expect.any(Date),
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
