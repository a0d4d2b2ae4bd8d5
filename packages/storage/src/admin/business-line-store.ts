import { ImError } from "@im/core";
import type { Prisma } from "@im/db";
import { sqlState } from "../database-errors.ts";
import { databaseNow } from "./database-now.ts";
import type { PrismaDb } from "./queryable.ts";

/**
 * Business lines (table business_lines, on Prisma Client), where their c2s
 * events go, and their outbox as the console sees it. Line writes take the
 * client of an interactive transaction (withPrismaTransaction) so the change
 * and its audit entry commit together.
 */

export interface BusinessLineRecord {
  id: string;
  name: string;
  webhookUrl: string | null;
  /** A signing secret is set (the secret itself is never read back). */
  hasSecret: boolean;
  stream: boolean;
  paused: boolean;
  createdAt: Date;
}

/** Outbox status values (packages/outbox OutboxStatus). */
const PENDING = 0;
const DELIVERED = 1;
const DEAD = 2;

const HOUR_MS = 3_600_000;

const LINE = {
  id: true,
  name: true,
  webhookUrl: true,
  webhookSecret: true,
  stream: true,
  paused: true,
  createdAt: true,
} as const;

function toLine(r: {
  id: string;
  name: string;
  webhookUrl: string | null;
  webhookSecret: string | null;
  stream: boolean;
  paused: boolean;
  createdAt: Date;
}): BusinessLineRecord {
  // The secret only tells whether one is set; it goes no further than here.
  const { webhookSecret, ...rest } = r;
  return { ...rest, hasSecret: webhookSecret !== null && webhookSecret !== "" };
}

/** Inserts a business line; false when the id is taken. */
export async function insertBusinessLine(
  db: PrismaDb,
  line: { id: string; name: string; webhookUrl: string | null; webhookSecret: string | null },
): Promise<boolean> {
  // skipDuplicates: ON CONFLICT DO NOTHING, so a taken id does not abort the caller's transaction.
  const { count } = await db.businessLine.createMany({ data: [line], skipDuplicates: true });
  return count > 0;
}

export async function businessLineExists(db: PrismaDb, id: string): Promise<boolean> {
  return (await db.businessLine.findUnique({ where: { id }, select: { id: true } })) !== null;
}

/** Every business line, by id. */
export async function listBusinessLines(db: PrismaDb): Promise<BusinessLineRecord[]> {
  return (await db.businessLine.findMany({ select: LINE, orderBy: { id: "asc" } })).map(toLine);
}

export async function getBusinessLine(db: PrismaDb, id: string): Promise<BusinessLineRecord | undefined> {
  const row = await db.businessLine.findUnique({ where: { id }, select: LINE });
  return row ? toLine(row) : undefined;
}

/** The line, its row locked until the caller's transaction ends. */
export async function lockBusinessLine(db: PrismaDb, id: string): Promise<BusinessLineRecord | undefined> {
  // Prisma Client has no FOR UPDATE: the lock is taken with a raw statement, the row read as a model.
  const locked = await db.$queryRaw<{ id: string }[]>`SELECT id FROM business_lines WHERE id = ${id} FOR UPDATE`;
  if (locked.length === 0) return undefined;
  return getBusinessLine(db, id);
}

/** A change of where a line's c2s events go: a field left undefined stays, null clears webhookUrl/webhookSecret. */
export interface BusinessLineTargetChange {
  webhookUrl?: string | null | undefined;
  webhookSecret?: string | null | undefined;
  stream?: boolean | undefined;
  paused?: boolean | undefined;
}

/**
 * Changes where the line's c2s events go, its row locked from reading the
 * settings before to the write; undefined when there is no such line. A
 * change that leaves a webhookUrl without a secret is refused
 * (INVALID_ARGUMENT) after the write, so the caller's transaction rolls it back.
 * Events already pending go to the new target: the dispatcher reads it per claim.
 */
export async function changeBusinessLineTarget(
  db: PrismaDb,
  id: string,
  change: BusinessLineTargetChange,
): Promise<{ before: BusinessLineRecord; after: BusinessLineRecord } | undefined> {
  const before = await lockBusinessLine(db, id);
  if (!before) return undefined;
  const row = await db.businessLine.update({
    where: { id },
    data: {
      ...(change.webhookUrl === undefined ? {} : { webhookUrl: change.webhookUrl }),
      ...(change.webhookSecret === undefined ? {} : { webhookSecret: change.webhookSecret }),
      ...(change.stream === undefined ? {} : { stream: change.stream }),
      ...(change.paused === undefined ? {} : { paused: change.paused }),
    },
    select: LINE,
  });
  const after = toLine(row);
  if (after.webhookUrl !== null && !after.hasSecret)
    throw new ImError("INVALID_ARGUMENT", "a webhookUrl needs a webhookSecret to sign its calls");
  return { before, after };
}

/** How a line's c2s delivery is doing: outbox counts and webhook figures over the last hour. */
export interface BusinessLineStats {
  pending: number;
  delivered1h: number;
  deadLetters: number;
  failed1h: number;
  p50LatencyMs: number | null;
  p99LatencyMs: number | null;
}

export async function businessLineStats(db: PrismaDb, id: string): Promise<BusinessLineStats> {
  const since = await anHourAgo(db);
  const [outbox, failed1h, [latency]] = await Promise.all([
    countByStatus(db, {
      businessLineId: id,
      OR: [{ status: { in: [PENDING, DEAD] } }, { status: DELIVERED, deliveredAt: { gt: since } }],
    }),
    db.webhookAttempt.count({ where: { businessLineId: id, ok: false, at: { gt: since } } }),
    // Prisma Client has no percentile aggregate. Attempts without an answer (status null) have no latency.
    db.$queryRaw<{ p50: number | null; p99: number | null }[]>`
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
             percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99
      FROM webhook_attempts
      WHERE business_line_id = ${id} AND at > now() - interval '1 hour' AND status IS NOT NULL`,
  ]);
  return {
    pending: outbox.get(PENDING) ?? 0,
    delivered1h: outbox.get(DELIVERED) ?? 0,
    deadLetters: outbox.get(DEAD) ?? 0,
    failed1h,
    p50LatencyMs: latency?.p50 ?? null,
    p99LatencyMs: latency?.p99 ?? null,
  };
}

export interface WebhookAttempt {
  id: number;
  eventId: string;
  at: Date;
  status: number | null;
  latencyMs: number;
  ok: boolean;
  error: string | null;
  responseExcerpt: string;
}

/** Newest first, `limit + 1` at most (the extra one tells that a next page exists); keyset on id. */
export async function listWebhookAttempts(
  db: PrismaDb,
  id: string,
  before: string | undefined,
  limit: number,
): Promise<WebhookAttempt[]> {
  const rows = await db.webhookAttempt.findMany({
    where: { businessLineId: id, ...idBefore(before) },
    select: {
      id: true,
      eventId: true,
      at: true,
      status: true,
      latencyMs: true,
      ok: true,
      error: true,
      responseExcerpt: true,
    },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export interface DeadLetter {
  id: number;
  eventId: string;
  kind: string;
  /** The c2s sender and its message id, from the event's payload. */
  fromUid: string;
  clientMsgId: string;
  attempts: number;
  /** Why the last attempt failed, per target. */
  lastError: string | null;
  createdAt: Date;
  /** When the line's stream took the event (a retry does not append it again); null when not yet. */
  streamDeliveredAt: Date | null;
  /** When the line's webhook took the event (a retry does not call it again); null when not yet. */
  webhookDeliveredAt: Date | null;
}

/** Newest first, `limit + 1` at most; keyset on id. */
export async function listDeadLetters(
  db: PrismaDb,
  id: string,
  before: string | undefined,
  limit: number,
): Promise<DeadLetter[]> {
  const rows = await db.outboxEvent.findMany({
    where: { businessLineId: id, status: DEAD, ...idBefore(before) },
    select: {
      id: true,
      eventId: true,
      kind: true,
      payload: true,
      attempts: true,
      lastError: true,
      createdAt: true,
      streamDeliveredAt: true,
      webhookDeliveredAt: true,
    },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  return rows.map(({ payload, ...r }) => ({
    ...r,
    id: Number(r.id),
    fromUid: payloadText(payload, "fromUid"),
    clientMsgId: payloadText(payload, "clientMsgId"),
  }));
}

/** A text field of an event's payload (packages/outbox C2SPayload); empty when the payload has none. */
function payloadText(payload: Prisma.JsonValue, field: string): string {
  const value = payload !== null && typeof payload === "object" && !Array.isArray(payload) ? payload[field] : undefined;
  return typeof value === "string" ? value : "";
}

/**
 * Puts dead letters back to pending with a fresh attempt budget: one event, or all of the line's; how many.
 * Due at the database's now(), in the caller's transaction (with the audit entry). Targets that
 * already took an event keep their mark, so the dispatcher does not send it to them again.
 */
export async function retryDeadLetters(db: PrismaDb, id: string, eventId?: string): Promise<number> {
  const now = await databaseNow(db);
  const { count } = await db.outboxEvent.updateMany({
    where: { businessLineId: id, status: DEAD, ...(eventId === undefined ? {} : { eventId }) },
    data: { status: PENDING, attempts: 0, nextAttemptAt: now, lastError: null },
  });
  return count;
}

/** Deletes a dead letter; what it was, or undefined when there is none. */
export async function discardDeadLetter(
  db: PrismaDb,
  id: string,
  eventId: string,
): Promise<{ kind: string; lastError: string | null; attempts: number } | undefined> {
  try {
    return await db.outboxEvent.delete({
      where: { eventId, businessLineId: id, status: DEAD },
      select: { kind: true, lastError: true, attempts: true },
    });
  } catch (err) {
    // P2025: no such row; nothing failed in the database, so the caller's transaction goes on.
    if (sqlState(err) === "P2025") return undefined;
    throw err;
  }
}

/** Across every line: c2s events waiting, dead letters, and failed webhook attempts over the last hour. */
export async function outboxHealth(db: PrismaDb): Promise<{ backlog: number; failures: number; dead: number }> {
  const since = await anHourAgo(db);
  const [outbox, failures] = await Promise.all([
    countByStatus(db, { status: { in: [PENDING, DEAD] } }),
    // Failures are counted per webhook attempt, from the dispatcher's attempt log.
    db.webhookAttempt.count({ where: { ok: false, at: { gt: since } } }),
  ]);
  return { backlog: outbox.get(PENDING) ?? 0, failures, dead: outbox.get(DEAD) ?? 0 };
}

/** The database's now() less an hour: where the "last hour" figures start. */
async function anHourAgo(db: PrismaDb): Promise<Date> {
  return new Date((await databaseNow(db)).getTime() - HOUR_MS);
}

/** How many outbox events of `where` there are, by status. */
async function countByStatus(db: PrismaDb, where: Prisma.OutboxEventWhereInput): Promise<Map<number, number>> {
  const groups = await db.outboxEvent.groupBy({ by: ["status"], where, _count: { _all: true } });
  return new Map(groups.map((g) => [g.status, g._count._all]));
}

/** The keyset condition of a page after the cursor `before` (a row id this store gave). */
function idBefore(before: string | undefined): { id?: { lt: bigint } } {
  if (before === undefined) return {};
  if (!/^[0-9]{1,18}$/.test(before)) throw new ImError("INVALID_ARGUMENT", "not a cursor this API gave");
  return { id: { lt: BigInt(before) } };
}
