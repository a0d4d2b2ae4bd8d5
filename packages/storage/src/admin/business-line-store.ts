import { databaseNow } from "./database-now.ts";
import type { PrismaDb, Queryable } from "./queryable.ts";

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
const DEAD = 2;

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

/** Changes the delivery target; a field left undefined stays, null clears webhookUrl/webhookSecret. */
export async function updateBusinessLineTarget(
  db: PrismaDb,
  id: string,
  change: {
    webhookUrl?: string | null | undefined;
    webhookSecret?: string | null | undefined;
    stream?: boolean | undefined;
    paused?: boolean | undefined;
  },
): Promise<BusinessLineRecord | undefined> {
  const { count } = await db.businessLine.updateMany({
    where: { id },
    data: {
      ...(change.webhookUrl === undefined ? {} : { webhookUrl: change.webhookUrl }),
      ...(change.webhookSecret === undefined ? {} : { webhookSecret: change.webhookSecret }),
      ...(change.stream === undefined ? {} : { stream: change.stream }),
      ...(change.paused === undefined ? {} : { paused: change.paused }),
    },
  });
  if (count === 0) return undefined;
  return getBusinessLine(db, id);
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

export async function businessLineStats(db: Queryable, id: string): Promise<BusinessLineStats> {
  const [outbox, attempts] = await Promise.all([
    db.query<{ pending: number; delivered: number; dead: number }>(
      `SELECT count(*) FILTER (WHERE status = ${PENDING})::int AS pending,
              count(*) FILTER (WHERE status = 1 AND delivered_at > now() - interval '1 hour')::int AS delivered,
              count(*) FILTER (WHERE status = ${DEAD})::int AS dead
       FROM outbox WHERE business_line_id = $1`,
      [id],
    ),
    db.query<{ failed: number; p50: number | null; p99: number | null }>(
      `SELECT count(*) FILTER (WHERE NOT ok)::int AS failed,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE status IS NOT NULL) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE status IS NOT NULL) AS p99
       FROM webhook_attempts WHERE business_line_id = $1 AND at > now() - interval '1 hour'`,
      [id],
    ),
  ]);
  const o = outbox.rows[0];
  const a = attempts.rows[0];
  return {
    pending: o?.pending ?? 0,
    delivered1h: o?.delivered ?? 0,
    deadLetters: o?.dead ?? 0,
    failed1h: a?.failed ?? 0,
    p50LatencyMs: a?.p50 ?? null,
    p99LatencyMs: a?.p99 ?? null,
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
  db: Queryable,
  id: string,
  before: string | undefined,
  limit: number,
): Promise<WebhookAttempt[]> {
  const { rows } = await db.query<{
    id: string;
    event_id: string;
    at: Date;
    status: number | null;
    latency_ms: number;
    ok: boolean;
    error: string | null;
    response_excerpt: string;
  }>(
    `SELECT id, event_id, at, status, latency_ms, ok, error, response_excerpt FROM webhook_attempts
     WHERE business_line_id = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
    [id, before ?? null, limit + 1],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    eventId: r.event_id,
    at: r.at,
    status: r.status,
    latencyMs: r.latency_ms,
    ok: r.ok,
    error: r.error,
    responseExcerpt: r.response_excerpt,
  }));
}

export interface DeadLetter {
  id: number;
  eventId: string;
  kind: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
}

/** Newest first, `limit + 1` at most; keyset on id. */
export async function listDeadLetters(
  db: Queryable,
  id: string,
  before: string | undefined,
  limit: number,
): Promise<DeadLetter[]> {
  const { rows } = await db.query<{
    id: string;
    event_id: string;
    kind: string;
    attempts: number;
    last_error: string | null;
    created_at: Date;
  }>(
    `SELECT id, event_id, kind, attempts, last_error, created_at FROM outbox
     WHERE business_line_id = $1 AND status = ${DEAD} AND ($2::bigint IS NULL OR id < $2)
     ORDER BY id DESC LIMIT $3`,
    [id, before ?? null, limit + 1],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    eventId: r.event_id,
    kind: r.kind,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
  }));
}

/**
 * Puts dead letters back to pending with a fresh attempt budget: one event, or all of the line's.
 * Due at the database's now(), in the caller's transaction (with the line locked and the audit entry).
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
  db: Queryable,
  id: string,
  eventId: string,
): Promise<{ kind: string; lastError: string | null; attempts: number } | undefined> {
  const { rows } = await db.query<{ kind: string; last_error: string | null; attempts: number }>(
    `DELETE FROM outbox WHERE business_line_id = $1 AND event_id = $2 AND status = ${DEAD}
     RETURNING kind, last_error, attempts`,
    [id, eventId],
  );
  const r = rows[0];
  return r && { kind: r.kind, lastError: r.last_error, attempts: r.attempts };
}

/** Across every line: c2s events waiting, dead letters, and failed webhook attempts over the last hour. */
export async function outboxHealth(db: Queryable): Promise<{ backlog: number; failures: number; dead: number }> {
  const { rows } = await db.query<{ backlog: number; failures: number; dead: number }>(
    // Failures are counted per webhook attempt, from the dispatcher's attempt log.
    `SELECT count(*) FILTER (WHERE status = ${PENDING})::int AS backlog,
            (SELECT count(*) FROM webhook_attempts WHERE NOT ok AND at > now() - interval '1 hour')::int
              AS failures,
            count(*) FILTER (WHERE status = ${DEAD})::int AS dead
     FROM outbox WHERE status IN (${PENDING}, ${DEAD})`,
  );
  return rows[0] ?? { backlog: 0, failures: 0, dead: 0 };
}
