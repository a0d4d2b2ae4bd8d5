import { Batcher, ImError } from "@im/core";
import type pg from "pg";
import { c2sEventId } from "./event-id.ts";
import type {
  C2SPayload,
  C2STarget,
  ClaimedEvent,
  ClaimOptions,
  EnqueueResult,
  ListEventsQuery,
  NewC2S,
  OutboxCounts,
  OutboxEvent,
  OutboxStatusValue,
  OutboxStore,
  WebhookAttempt,
} from "./outbox-store.ts";
import { checkNewC2S, noTarget, reusedClientMsgId, sameBody } from "./validate.ts";

export interface PgOutboxStoreOptions {
  /** Enqueues written in one statement, at most (default 256). */
  maxBatch?: number;
  /** How long the first enqueue of an idle store waits for company (default 1 ms). */
  lingerMs?: number;
  /** Called after new events were committed, e.g. to nudge a dispatcher. */
  onEnqueued?: () => void;
  /** The causes behind UNAVAILABLE errors. */
  onError?: (err: unknown) => void;
  /**
   * Whether a dispatcher appends events to the lines' Redis Streams (cluster
   * mode; default true). Without streams, a line with no webhook has no
   * target and its events are refused.
   */
  streams?: boolean;
}

const MAX_ERROR_LENGTH = 500;

interface PendingInsert {
  businessId: string;
  eventId: string;
  payload: C2SPayload;
}

interface EventRow {
  id: string | number;
  business_line_id: string;
  event_id: string;
  kind: string;
  payload: C2SPayload;
  status: number;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  stream_delivered_at: Date | null;
  webhook_delivered_at: Date | null;
}

interface ClaimedRow extends EventRow {
  webhook_url: string | null;
  webhook_secret: string | null;
  stream: boolean | null;
}

const EVENT_COLUMNS =
  "id, business_line_id, event_id, kind, payload, status, attempts, next_attempt_at, last_error, created_at, " +
  "delivered_at, stream_delivered_at, webhook_delivered_at";

/** A line's c2s target: a signed webhook, or its stream when the outbox has streams ($n). */
const HAS_TARGET = (b: string, streams: string) =>
  `((${b}.webhook_url IS NOT NULL AND coalesce(${b}.webhook_secret, '') <> '') OR (${b}.stream AND ${streams}))`;

// One statement per batch: autocommitted, so every enqueue in it is durable
// when the statement returns. Unknown business lines and lines without a
// target insert nothing; a retry of a stored event is a duplicate either way.
const INSERT_C2S = {
  name: "im_outbox_insert_c2s",
  text: `WITH input AS (
           SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[]) AS t(business_line_id, event_id, payload)
         ), ins AS (
           INSERT INTO outbox (business_line_id, event_id, kind, payload)
           SELECT i.business_line_id, i.event_id, 'c2s', i.payload FROM input i
            WHERE EXISTS (SELECT 1 FROM business_lines b WHERE b.id = i.business_line_id AND ${HAS_TARGET("b", "$4::bool")})
           ON CONFLICT (event_id) DO NOTHING
           RETURNING event_id
         )
         SELECT i.event_id,
                EXISTS (SELECT 1 FROM business_lines b WHERE b.id = i.business_line_id) AS known,
                EXISTS (SELECT 1 FROM ins WHERE ins.event_id = i.event_id) AS inserted,
                EXISTS (SELECT 1 FROM outbox o WHERE o.event_id = i.event_id) AS existed,
                EXISTS (SELECT 1 FROM outbox o WHERE o.event_id = i.event_id
                           AND o.payload->'content' = i.payload->'content'
                           AND o.payload->'contentType' = i.payload->'contentType') AS same_body
           FROM input i`,
};

// SKIP LOCKED lets concurrent claimers pass over each other's rows instead of
// waiting; the lease (next_attempt_at in the future) keeps the rows away from
// later claims after this transaction commits.
const CLAIM_DUE = {
  name: "im_outbox_claim_due",
  text: `WITH due AS (
           SELECT id FROM outbox
            WHERE status = 0 AND next_attempt_at <= now() AND NOT (business_line_id = ANY($3::text[]))
              AND NOT EXISTS (SELECT 1 FROM business_lines b WHERE b.id = outbox.business_line_id AND b.paused)
            ORDER BY next_attempt_at, id
            LIMIT $1
            FOR UPDATE SKIP LOCKED
         ), claimed AS (
           UPDATE outbox o
              SET attempts = o.attempts + 1,
                  next_attempt_at = now() + make_interval(secs => $2::float8 / 1000)
             FROM due
            WHERE o.id = due.id
           RETURNING o.*
         )
         SELECT c.id, c.business_line_id, c.event_id, c.kind, c.payload, c.status, c.attempts, c.next_attempt_at,
                c.last_error, c.created_at, c.delivered_at, c.stream_delivered_at, c.webhook_delivered_at,
                b.webhook_url, b.webhook_secret, b.stream
           FROM claimed c LEFT JOIN business_lines b ON b.id = c.business_line_id
          ORDER BY c.next_attempt_at, c.id`,
};

const MARK_DELIVERED = {
  name: "im_outbox_mark_delivered",
  text: "UPDATE outbox SET status = 1, delivered_at = now(), last_error = NULL WHERE id = ANY($1::bigint[]) AND status = 0",
};

/** Parameters $s and $w: the stream / the webhook took the event in this attempt. */
const targetsDone = (s: number, w: number) =>
  `stream_delivered_at = CASE WHEN $${s}::bool THEN coalesce(stream_delivered_at, now()) ELSE stream_delivered_at END,
   webhook_delivered_at = CASE WHEN $${w}::bool THEN coalesce(webhook_delivered_at, now()) ELSE webhook_delivered_at END`;

const MARK_RETRY = {
  name: "im_outbox_mark_retry",
  text: `UPDATE outbox SET last_error = $2, next_attempt_at = now() + make_interval(secs => $3::float8 / 1000),
             ${targetsDone(4, 5)}
          WHERE id = $1 AND status = 0`,
};

const MARK_DEAD = {
  name: "im_outbox_mark_dead",
  text: `UPDATE outbox SET status = 2, last_error = $2, ${targetsDone(3, 4)} WHERE id = $1 AND status = 0`,
};

const RELEASE = {
  name: "im_outbox_release",
  text: `UPDATE outbox SET attempts = GREATEST(attempts - 1, 0), next_attempt_at = now()
          WHERE id = ANY($1::bigint[]) AND status = 0`,
};

const COUNTS = {
  name: "im_outbox_counts",
  text: `SELECT business_line_id, count(*) FILTER (WHERE status = 0)::int AS pending,
                count(*) FILTER (WHERE status = 2)::int AS dead
           FROM outbox WHERE status IN (0, 2) GROUP BY business_line_id ORDER BY business_line_id`,
};

const INSERT_ATTEMPTS = {
  name: "im_outbox_insert_attempts",
  text: `INSERT INTO webhook_attempts
           (business_line_id, event_id, at, status, latency_ms, ok, error, response_excerpt)
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int[], $5::int[], $6::bool[], $7::text[],
                              $8::text[])`,
};

const PRUNE_ATTEMPTS = {
  name: "im_outbox_prune_attempts",
  text: `DELETE FROM webhook_attempts WHERE id IN (
           SELECT id FROM webhook_attempts WHERE at < now() - make_interval(secs => $1::float8 / 1000) LIMIT $2
         )`,
};

const PURGE_DELIVERED = {
  name: "im_outbox_purge_delivered",
  text: `DELETE FROM outbox WHERE id IN (
           SELECT id FROM outbox
            WHERE status = 1 AND delivered_at < now() - make_interval(secs => $1::float8 / 1000)
            LIMIT $2
         )`,
};

function toEvent(row: EventRow): OutboxEvent {
  return {
    id: Number(row.id),
    businessId: row.business_line_id,
    eventId: row.event_id,
    kind: row.kind,
    payload: row.payload,
    status: row.status as OutboxStatusValue,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at.getTime(),
    lastError: row.last_error,
    createdAt: row.created_at.getTime(),
    deliveredAt: row.delivered_at?.getTime() ?? null,
    streamDeliveredAt: row.stream_delivered_at?.getTime() ?? null,
    webhookDeliveredAt: row.webhook_delivered_at?.getTime() ?? null,
  };
}

/** The outbox in PostgreSQL's `outbox` table; the caller owns (and ends) the pool. */
export class PgOutboxStore implements OutboxStore {
  private readonly batcher: Batcher<PendingInsert, EnqueueResult>;
  private readonly onError: (err: unknown) => void;

  constructor(
    private readonly pool: pg.Pool,
    private readonly opts: PgOutboxStoreOptions = {},
  ) {
    this.onError = opts.onError ?? (() => {});
    this.batcher = new Batcher({
      maxBatch: opts.maxBatch ?? 256,
      lingerMs: opts.lingerMs ?? 1,
      run: (items) => this.insertBatch(items),
    });
  }

  enqueueC2S(msg: NewC2S): Promise<EnqueueResult> {
    try {
      checkNewC2S(msg);
    } catch (err) {
      return Promise.reject(err);
    }
    const payload: C2SPayload = {
      fromUid: msg.fromUid,
      clientMsgId: msg.clientMsgId,
      contentType: msg.contentType,
      content: msg.content,
      sentAt: Date.now(),
    };
    if (msg.deviceType !== undefined) payload.deviceType = msg.deviceType;
    return this.batcher.add({
      businessId: msg.businessId,
      eventId: c2sEventId(msg.businessId, msg.fromUid, msg.clientMsgId),
      payload,
    });
  }

  private async insertBatch(items: PendingInsert[]): Promise<(EnqueueResult | Error)[]> {
    // The same event twice in one batch: the first one inserts, the rest are duplicates of it.
    const unique = new Map<string, PendingInsert>();
    for (const item of items) if (!unique.has(item.eventId)) unique.set(item.eventId, item);
    const rows = [...unique.values()];
    let result: pg.QueryResult<{
      event_id: string;
      known: boolean;
      inserted: boolean;
      existed: boolean;
      same_body: boolean;
    }>;
    try {
      result = await this.pool.query({
        ...INSERT_C2S,
        values: [
          rows.map((r) => r.businessId),
          rows.map((r) => r.eventId),
          rows.map((r) => JSON.stringify(r.payload)),
          this.opts.streams ?? true,
        ],
      });
    } catch (err) {
      this.onError(err);
      throw new ImError("UNAVAILABLE", "outbox unavailable");
    }
    const byId = new Map(result.rows.map((r) => [r.event_id, r]));
    const seen = new Set<string>();
    let inserted = false;
    const out = items.map((item): EnqueueResult | Error => {
      const row = byId.get(item.eventId);
      if (!row?.known) return new ImError("NOT_FOUND", `business line ${item.businessId} does not exist`);
      if (!row.inserted && !row.existed) return noTarget(item.businessId);
      const firstOfBatch = unique.get(item.eventId) as PendingInsert;
      // A retry is the same message: another body under the same client id is refused, never acked as the old one.
      if ((row.existed && !row.same_body) || !sameBody(item.payload, firstOfBatch.payload))
        return reusedClientMsgId(item.payload.clientMsgId);
      const first = !seen.has(item.eventId);
      seen.add(item.eventId);
      inserted ||= row.inserted;
      return { eventId: item.eventId, duplicate: !(row.inserted && first) };
    });
    if (inserted) this.opts.onEnqueued?.();
    return out;
  }

  async claimDue(limit: number, leaseMs: number, opts: ClaimOptions = {}): Promise<ClaimedEvent[]> {
    if (limit <= 0) return [];
    const { rows } = await this.run<ClaimedRow>(CLAIM_DUE, [limit, leaseMs, opts.excludeBusinessIds ?? []]);
    return rows.map((row) => ({
      ...toEvent(row),
      webhookUrl: row.webhook_url,
      webhookSecret: row.webhook_secret,
      stream: row.stream ?? true,
    }));
  }

  async markDelivered(ids: readonly number[]): Promise<void> {
    if (ids.length > 0) await this.run(MARK_DELIVERED, [ids]);
  }

  async markFailed(
    id: number,
    error: string,
    retryInMs: number | "dead",
    delivered: readonly C2STarget[] = [],
  ): Promise<void> {
    const lastError = error.slice(0, MAX_ERROR_LENGTH);
    const done = [delivered.includes("stream"), delivered.includes("webhook")];
    if (retryInMs === "dead") await this.run(MARK_DEAD, [id, lastError, ...done]);
    else await this.run(MARK_RETRY, [id, lastError, Math.max(0, retryInMs), ...done]);
  }

  async release(ids: readonly number[]): Promise<void> {
    if (ids.length > 0) await this.run(RELEASE, [ids]);
  }

  async recordAttempts(attempts: readonly WebhookAttempt[]): Promise<void> {
    if (attempts.length === 0) return;
    await this.run(INSERT_ATTEMPTS, [
      attempts.map((a) => a.businessId),
      attempts.map((a) => a.eventId),
      attempts.map((a) => new Date(a.at)),
      attempts.map((a) => a.status),
      attempts.map((a) => Math.round(a.latencyMs)),
      attempts.map((a) => a.ok),
      attempts.map((a) => (a.error === null ? null : a.error.slice(0, MAX_ERROR_LENGTH))),
      attempts.map((a) => a.responseExcerpt),
    ]);
  }

  async pruneAttempts(olderThanMs: number, limit: number): Promise<number> {
    const { rowCount } = await this.run(PRUNE_ATTEMPTS, [Math.max(0, olderThanMs), limit]);
    return rowCount ?? 0;
  }

  async listEvents(query: ListEventsQuery): Promise<OutboxEvent[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (query.businessId !== undefined) {
      values.push(query.businessId);
      where.push(`business_line_id = $${values.length}`);
    }
    if (query.status !== undefined) {
      values.push(query.status);
      where.push(`status = $${values.length}`);
    }
    if (query.beforeId !== undefined) {
      values.push(query.beforeId);
      where.push(`id < $${values.length}`);
    }
    values.push(Math.min(500, Math.max(1, query.limit ?? 100)));
    const text = `SELECT ${EVENT_COLUMNS} FROM outbox ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
                   ORDER BY id DESC LIMIT $${values.length}`;
    const { rows } = await this.run<EventRow>({ text }, values);
    return rows.map(toEvent);
  }

  async counts(): Promise<OutboxCounts[]> {
    const { rows } = await this.run<{ business_line_id: string; pending: number; dead: number }>(COUNTS, []);
    return rows.map((r) => ({ businessId: r.business_line_id, pending: r.pending, dead: r.dead }));
  }

  async purgeDelivered(olderThanMs: number, limit: number): Promise<number> {
    const { rowCount } = await this.run(PURGE_DELIVERED, [Math.max(0, olderThanMs), limit]);
    return rowCount ?? 0;
  }

  close(): Promise<void> {
    return this.batcher.close();
  }

  private async run<R extends pg.QueryResultRow>(
    query: { name?: string; text: string },
    values: unknown[],
  ): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>({ ...query, values });
    } catch (err) {
      this.onError(err);
      throw new ImError("UNAVAILABLE", "outbox unavailable");
    }
  }
}
