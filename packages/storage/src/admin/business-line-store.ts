import type { Queryable } from "./queryable.ts";

/** Business lines, where their c2s events go, and their outbox as the console sees it. */

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

interface LineRow {
  id: string;
  name: string;
  webhook_url: string | null;
  has_secret: boolean;
  stream: boolean;
  paused: boolean;
  created_at: Date;
}

/** Outbox status values (packages/outbox OutboxStatus). */
const PENDING = 0;
const DEAD = 2;

const LINE_COLUMNS =
  "id, name, webhook_url, webhook_secret IS NOT NULL AND webhook_secret <> '' AS has_secret, stream, paused, created_at";

function toLine(r: LineRow): BusinessLineRecord {
  return {
    id: r.id,
    name: r.name,
    webhookUrl: r.webhook_url,
    hasSecret: r.has_secret,
    stream: r.stream,
    paused: r.paused,
    createdAt: r.created_at,
  };
}

/** Inserts a business line; false when the id is taken. */
export async function insertBusinessLine(
  db: Queryable,
  line: { id: string; name: string; webhookUrl: string | null; webhookSecret: string | null },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO business_lines (id, name, webhook_url, webhook_secret) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO NOTHING`,
    [line.id, line.name, line.webhookUrl, line.webhookSecret],
  );
  return (rowCount ?? 0) > 0;
}

export async function businessLineExists(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query("SELECT 1 FROM business_lines WHERE id = $1", [id]);
  return rows.length > 0;
}

/** Every business line, by id. */
export async function listBusinessLines(db: Queryable): Promise<BusinessLineRecord[]> {
  const { rows } = await db.query<LineRow>(`SELECT ${LINE_COLUMNS} FROM business_lines ORDER BY id`);
  return rows.map(toLine);
}

export async function getBusinessLine(db: Queryable, id: string): Promise<BusinessLineRecord | undefined> {
  const { rows } = await db.query<LineRow>(`SELECT ${LINE_COLUMNS} FROM business_lines WHERE id = $1`, [id]);
  return rows[0] && toLine(rows[0]);
}

/** The line, its row locked until the caller's transaction ends. */
export async function lockBusinessLine(db: Queryable, id: string): Promise<BusinessLineRecord | undefined> {
  const { rows } = await db.query<LineRow>(`SELECT ${LINE_COLUMNS} FROM business_lines WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] && toLine(rows[0]);
}

/** Changes the delivery target; a field left undefined stays, null clears webhookUrl/webhookSecret. */
export async function updateBusinessLineTarget(
  db: Queryable,
  id: string,
  change: {
    webhookUrl?: string | null | undefined;
    webhookSecret?: string | null | undefined;
    stream?: boolean | undefined;
    paused?: boolean | undefined;
  },
): Promise<BusinessLineRecord | undefined> {
  const { rows } = await db.query<LineRow>(
    `UPDATE business_lines SET
       webhook_url = CASE WHEN $2 THEN $3 ELSE webhook_url END,
       webhook_secret = CASE WHEN $4 THEN $5 ELSE webhook_secret END,
       stream = coalesce($6, stream),
       paused = coalesce($7, paused)
     WHERE id = $1 RETURNING ${LINE_COLUMNS}`,
    [
      id,
      change.webhookUrl !== undefined,
      change.webhookUrl ?? null,
      change.webhookSecret !== undefined,
      change.webhookSecret ?? null,
      change.stream ?? null,
      change.paused ?? null,
    ],
  );
  return rows[0] && toLine(rows[0]);
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

/** Puts dead letters back to pending with a fresh attempt budget: one event, or all of the line's. */
export async function retryDeadLetters(db: Queryable, id: string, eventId?: string): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE outbox SET status = ${PENDING}, attempts = 0, next_attempt_at = now(), last_error = NULL
     WHERE business_line_id = $1 AND status = ${DEAD} AND ($2::text IS NULL OR event_id = $2)`,
    [id, eventId ?? null],
  );
  return rowCount ?? 0;
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
