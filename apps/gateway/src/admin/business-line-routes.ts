import { ImError } from "@im/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type pg from "pg";
import { z } from "zod";
import { MAX_KEY_OVERLAP_SECONDS, rotateApiKey } from "../business-keys.ts";
import { ErrorResponse } from "../errors.ts";
import { Id, type RouteContext } from "../routes/context.ts";
import { withTransaction } from "../transaction.ts";
import { appendAudit } from "./audit.ts";
import { adminErrors, Limit, TAGS } from "./schemas.ts";
import { sessionOf } from "./session-hook.ts";

const LineId = z.object({ id: Id });
const LineEvent = z.object({ id: Id, eventId: z.string().min(1).max(128) });
const Cursor = z.string().regex(/^[1-9][0-9]{0,15}$/, "a cursor this API gave");

const Target = z.object({
  webhookUrl: z.string().nullable(),
  hasSecret: z.boolean(),
  stream: z.boolean().meta({ description: "c2s events also go to the line's Redis Stream (cluster mode)" }),
  paused: z.boolean().meta({ description: "c2s events wait in the outbox until resumed" }),
});
type Target = z.infer<typeof Target>;

const KeyInfo = z.object({
  keyId: z.string(),
  scopes: z.array(z.string()),
  rateLimit: z.number().int(),
  createdAt: z.number().int(),
  revokedAt: z.number().int().nullable(),
});

/** Outbox status values (packages/outbox OutboxStatus). */
const PENDING = 0;
const DEAD = 2;

const errors = { ...adminErrors, 404: ErrorResponse } as const;

interface LineRow {
  id: string;
  name: string;
  webhook_url: string | null;
  has_secret: boolean;
  stream: boolean;
  paused: boolean;
  created_at: Date;
}

const LINE_COLUMNS =
  "id, name, webhook_url, webhook_secret IS NOT NULL AND webhook_secret <> '' AS has_secret, stream, paused, created_at";

function targetOf(r: LineRow): Target {
  return { webhookUrl: r.webhook_url, hasSecret: r.has_secret, stream: r.stream, paused: r.paused };
}

async function lockedLine(client: pg.PoolClient, id: string): Promise<LineRow> {
  const { rows } = await client.query<LineRow>(`SELECT ${LINE_COLUMNS} FROM business_lines WHERE id = $1 FOR UPDATE`, [
    id,
  ]);
  const line = rows[0];
  if (!line) throw new ImError("NOT_FOUND", `business line ${id} does not exist`);
  return line;
}

/**
 * A business line's page in the console: where its c2s events go, how
 * delivery is doing, its keys, its webhook attempts and dead letters. Every
 * write commits together with its audit entry.
 */
export const businessLineRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps }) => {
  const pool = deps.db.pool;

  app.get(
    "/business-lines/:id",
    {
      schema: {
        tags: TAGS,
        summary: "A business line: target, keys (never the keys themselves) and delivery over the last hour",
        operationId: "adminGetBusinessLine",
        params: LineId,
        response: {
          200: z.object({
            id: z.string(),
            name: z.string(),
            createdAt: z.number().int(),
            target: Target,
            keys: z.array(KeyInfo),
            stats: z.object({
              pending: z.number().int(),
              delivered1h: z.number().int(),
              failed1h: z.number().int().meta({ description: "Failed webhook attempts in the last hour" }),
              deadLetters: z.number().int(),
              p50LatencyMs: z.number().nullable().meta({ description: "Webhook latency over the last hour" }),
              p99LatencyMs: z.number().nullable(),
            }),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const [line, keys, outbox, attempts] = await Promise.all([
        pool.query<LineRow>(`SELECT ${LINE_COLUMNS} FROM business_lines WHERE id = $1`, [id]),
        pool.query<{
          id: string;
          scopes: string[];
          rate_limit: number;
          created_at: Date;
          revoked_at: Date | null;
        }>(
          `SELECT id, scopes, rate_limit, created_at, revoked_at FROM api_keys WHERE business_line_id = $1
           ORDER BY created_at, id`,
          [id],
        ),
        pool.query<{ pending: number; delivered: number; dead: number }>(
          `SELECT count(*) FILTER (WHERE status = 0)::int AS pending,
                  count(*) FILTER (WHERE status = 1 AND delivered_at > now() - interval '1 hour')::int AS delivered,
                  count(*) FILTER (WHERE status = 2)::int AS dead
           FROM outbox WHERE business_line_id = $1`,
          [id],
        ),
        pool.query<{ failed: number; p50: number | null; p99: number | null }>(
          `SELECT count(*) FILTER (WHERE NOT ok)::int AS failed,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE status IS NOT NULL) AS p50,
                  percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE status IS NOT NULL) AS p99
           FROM webhook_attempts WHERE business_line_id = $1 AND at > now() - interval '1 hour'`,
          [id],
        ),
      ]);
      const row = line.rows[0];
      if (!row) throw new ImError("NOT_FOUND", `business line ${id} does not exist`);
      const o = outbox.rows[0];
      const a = attempts.rows[0];
      return {
        id: row.id,
        name: row.name,
        createdAt: row.created_at.getTime(),
        target: targetOf(row),
        keys: keys.rows.map((k) => ({
          keyId: k.id,
          scopes: k.scopes,
          rateLimit: k.rate_limit,
          createdAt: k.created_at.getTime(),
          revokedAt: k.revoked_at?.getTime() ?? null,
        })),
        stats: {
          pending: o?.pending ?? 0,
          delivered1h: o?.delivered ?? 0,
          failed1h: a?.failed ?? 0,
          deadLetters: o?.dead ?? 0,
          p50LatencyMs: a?.p50 ?? null,
          p99LatencyMs: a?.p99 ?? null,
        },
      };
    },
  );

  app.patch(
    "/business-lines/:id/target",
    {
      schema: {
        tags: TAGS,
        summary: "Change where a business line's c2s events go, or pause them",
        operationId: "adminSetBusinessLineTarget",
        description:
          "Fields left out stay as they are; webhookUrl null removes the webhook. A webhook needs a signing " +
          "secret: a change that would leave a webhookUrl without one is refused. The secret is never returned.",
        params: LineId,
        body: z.object({
          webhookUrl: z
            .string()
            .max(2048)
            .regex(/^https?:\/\/\S+$/, "an http(s) URL")
            .nullable()
            .optional(),
          webhookSecret: z.string().min(16).max(255).nullable().optional(),
          stream: z.boolean().optional(),
          paused: z.boolean().optional(),
        }),
        response: { 200: Target, ...errors },
      },
    },
    async (request) => {
      const { operator } = sessionOf(request);
      const { id } = request.params;
      const change = request.body;
      return withTransaction(pool, async (client) => {
        const before = await lockedLine(client, id);
        const { rows } = await client.query<LineRow>(
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
        const after = rows[0] as LineRow;
        if (after.webhook_url !== null && !after.has_secret)
          throw new ImError("INVALID_ARGUMENT", "a webhookUrl needs a webhookSecret to sign its calls");
        await appendAudit(client, {
          operatorId: operator.id,
          action: "business-line.target",
          target: id,
          detail: {
            before: targetOf(before),
            after: targetOf(after),
            secretChanged: change.webhookSecret !== undefined,
          },
          ip: request.ip,
        });
        return targetOf(after);
      });
    },
  );

  app.post(
    "/business-lines/:id/keys/rotate",
    {
      schema: {
        tags: TAGS,
        summary: "Replace an API key: a new one with the same scopes and limit; the old one revoked",
        operationId: "adminRotateApiKey",
        description:
          "The new key is in this response only; the system keeps just its hash. The old key stops working at " +
          "once, or after overlapSeconds (at most a week) so the line can roll the new key out without downtime.",
        params: LineId,
        body: z.object({
          keyId: z.string().min(1).max(64),
          overlapSeconds: z.number().int().min(0).max(MAX_KEY_OVERLAP_SECONDS).default(0),
        }),
        response: {
          201: z.object({ keyId: z.string(), businessId: z.string(), key: z.string(), revokedKeyId: z.string() }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { operator } = sessionOf(request);
      const { keyId, overlapSeconds } = request.body;
      const issued = await rotateApiKey(deps.db, keyId, {
        businessId: request.params.id,
        overlapSeconds,
        beforeCommit: (client, fresh) =>
          appendAudit(client, {
            operatorId: operator.id,
            action: "api-key.rotate",
            target: keyId,
            detail: { businessId: fresh.businessId, newKeyId: fresh.keyId, overlapSeconds },
            ip: request.ip,
          }),
      });
      return reply.code(201).send({ ...issued, revokedKeyId: keyId });
    },
  );

  app.get(
    "/business-lines/:id/attempts",
    {
      schema: {
        tags: TAGS,
        summary: "Webhook calls made for a business line, newest first",
        operationId: "adminListWebhookAttempts",
        params: LineId,
        querystring: z.object({ cursor: Cursor.optional(), limit: Limit(200, 50) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number().int(),
                eventId: z.string(),
                at: z.number().int(),
                status: z.number().int().nullable().meta({ description: "HTTP status; null when no answer came" }),
                latencyMs: z.number().int(),
                ok: z.boolean(),
                error: z.string().nullable(),
                responseExcerpt: z.string().meta({ description: "The first 512 bytes of the answer" }),
              }),
            ),
            nextCursor: z.string().nullable(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { cursor, limit } = request.query;
      const { rows } = await pool.query<{
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
        [request.params.id, cursor ?? null, limit + 1],
      );
      const items = rows.slice(0, limit).map((r) => ({
        id: Number(r.id),
        eventId: r.event_id,
        at: r.at.getTime(),
        status: r.status,
        latencyMs: r.latency_ms,
        ok: r.ok,
        error: r.error,
        responseExcerpt: r.response_excerpt,
      }));
      return { items, nextCursor: rows.length > limit ? String(items.at(-1)?.id) : null };
    },
  );

  app.get(
    "/business-lines/:id/dead-letters",
    {
      schema: {
        tags: TAGS,
        summary: "c2s events given up on after too many failed attempts, newest first",
        operationId: "adminListDeadLetters",
        params: LineId,
        querystring: z.object({ cursor: Cursor.optional(), limit: Limit(200, 50) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number().int(),
                eventId: z.string(),
                kind: z.string(),
                attempts: z.number().int(),
                lastError: z.string().nullable(),
                createdAt: z.number().int(),
              }),
            ),
            nextCursor: z.string().nullable(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { cursor, limit } = request.query;
      const { rows } = await pool.query<{
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
        [request.params.id, cursor ?? null, limit + 1],
      );
      const items = rows.slice(0, limit).map((r) => ({
        id: Number(r.id),
        eventId: r.event_id,
        kind: r.kind,
        attempts: r.attempts,
        lastError: r.last_error,
        createdAt: r.created_at.getTime(),
      }));
      return { items, nextCursor: rows.length > limit ? String(items.at(-1)?.id) : null };
    },
  );

  app.post(
    "/business-lines/:id/dead-letters/:eventId/retry",
    {
      schema: {
        tags: TAGS,
        summary: "Deliver a dead letter again, with a fresh attempt budget",
        operationId: "adminRetryDeadLetter",
        params: LineEvent,
        response: { 200: z.object({ retried: z.number().int() }), ...errors },
      },
    },
    async (request) => {
      const { operator } = sessionOf(request);
      const { id, eventId } = request.params;
      return withTransaction(pool, async (client) => {
        const { rowCount } = await client.query(
          `UPDATE outbox SET status = ${PENDING}, attempts = 0, next_attempt_at = now(), last_error = NULL
           WHERE business_line_id = $1 AND event_id = $2 AND status = ${DEAD}`,
          [id, eventId],
        );
        if (!rowCount) throw new ImError("NOT_FOUND", `no dead letter ${eventId} for ${id}`);
        await appendAudit(client, {
          operatorId: operator.id,
          action: "dead-letter.retry",
          target: eventId,
          detail: { businessId: id },
          ip: request.ip,
        });
        return { retried: 1 };
      });
    },
  );

  app.post(
    "/business-lines/:id/dead-letters/retry-all",
    {
      schema: {
        tags: TAGS,
        summary: "Deliver every dead letter of a business line again",
        operationId: "adminRetryAllDeadLetters",
        params: LineId,
        response: { 200: z.object({ retried: z.number().int() }), ...errors },
      },
    },
    async (request) => {
      const { operator } = sessionOf(request);
      const { id } = request.params;
      return withTransaction(pool, async (client) => {
        await lockedLine(client, id);
        const { rowCount } = await client.query(
          `UPDATE outbox SET status = ${PENDING}, attempts = 0, next_attempt_at = now(), last_error = NULL
           WHERE business_line_id = $1 AND status = ${DEAD}`,
          [id],
        );
        const retried = rowCount ?? 0;
        await appendAudit(client, {
          operatorId: operator.id,
          action: "dead-letter.retry-all",
          target: id,
          detail: { retried },
          ip: request.ip,
        });
        return { retried };
      });
    },
  );

  app.post(
    "/business-lines/:id/dead-letters/:eventId/discard",
    {
      schema: {
        tags: TAGS,
        summary: "Drop a dead letter for good (the audit log keeps that it was dropped)",
        operationId: "adminDiscardDeadLetter",
        params: LineEvent,
        response: { 200: z.object({ discarded: z.number().int() }), ...errors },
      },
    },
    async (request) => {
      const { operator } = sessionOf(request);
      const { id, eventId } = request.params;
      return withTransaction(pool, async (client) => {
        const { rows } = await client.query<{ kind: string; last_error: string | null; attempts: number }>(
          `DELETE FROM outbox WHERE business_line_id = $1 AND event_id = $2 AND status = ${DEAD}
           RETURNING kind, last_error, attempts`,
          [id, eventId],
        );
        const gone = rows[0];
        if (!gone) throw new ImError("NOT_FOUND", `no dead letter ${eventId} for ${id}`);
        await appendAudit(client, {
          operatorId: operator.id,
          action: "dead-letter.discard",
          target: eventId,
          detail: { businessId: id, kind: gone.kind, attempts: gone.attempts, lastError: gone.last_error },
          ip: request.ip,
        });
        return { discarded: 1 };
      });
    },
  );
};
