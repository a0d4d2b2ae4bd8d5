import { ImError } from "@im/core";
import {
  appendAudit,
  type BusinessLineRecord,
  businessLineStats,
  changeBusinessLineTarget,
  discardDeadLetter,
  getBusinessLine,
  listApiKeys,
  listDeadLetters,
  listWebhookAttempts,
  lockBusinessLine,
  type PrismaDb,
  retryDeadLetters,
  withPrismaTransaction,
} from "@im/storage";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { MAX_KEY_OVERLAP_SECONDS, rotateApiKey } from "../business-keys.ts";
import { ErrorResponse } from "../errors.ts";
import { C2STargetSchema, TargetChangeSchema, targetOf } from "../routes/c2s.ts";
import { Id, type RouteContext } from "../routes/context.ts";
import { adminErrors, Limit, TAGS } from "./schemas.ts";
import { sessionOf } from "./session-hook.ts";

const LineId = z.object({ id: Id });
const LineEvent = z.object({ id: Id, eventId: z.string().min(1).max(128) });
const Cursor = z.string().regex(/^[1-9][0-9]{0,15}$/, "a cursor this API gave");

const KeyInfo = z.object({
  keyId: z.string(),
  scopes: z.array(z.string()),
  rateLimit: z.number().int(),
  createdAt: z.number().int(),
  revokedAt: z.number().int().nullable(),
});

const WebhookAttempt = z.object({
  id: z.number().int(),
  eventId: z.string(),
  at: z.number().int(),
  status: z.number().int().nullable().meta({ description: "HTTP status; null when no answer came" }),
  latencyMs: z.number().int(),
  ok: z.boolean(),
  error: z.string().nullable(),
  responseExcerpt: z.string().meta({ description: "The first 512 bytes of the answer" }),
});

const DeadLetter = z.object({
  id: z.number().int(),
  eventId: z.string(),
  kind: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.number().int(),
});

const errors = { ...adminErrors, 404: ErrorResponse } as const;

/** A newest-first list, a page at a time: `cursor` is the nextCursor of the page before. */
const PageQuery = z.object({ cursor: Cursor.optional(), limit: Limit(200, 50) });

function pageResponses<T extends z.ZodType>(item: T) {
  return { 200: z.object({ items: z.array(item), nextCursor: z.string().nullable() }), ...errors };
}

/** The page of the store's `limit + 1` rows: the extra row only tells that a next page exists. */
function pageOf<R extends { id: number }, T>(rows: R[], limit: number, item: (row: R) => T) {
  const items = rows.slice(0, limit);
  return { items: items.map(item), nextCursor: rows.length > limit ? String(items.at(-1)?.id) : null };
}

async function lockedLine(client: PrismaDb, id: string): Promise<BusinessLineRecord> {
  const line = await lockBusinessLine(client, id);
  if (!line) throw new ImError("NOT_FOUND", `business line ${id} does not exist`);
  return line;
}

/**
 * A business line's page in the console: where its c2s events go, how
 * delivery is doing, its keys, its webhook attempts and dead letters. Every
 * write commits together with its audit entry.
 */
export const businessLineRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps, prisma }) => {
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
            target: C2STargetSchema,
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
      const [row, keys, stats] = await Promise.all([
        getBusinessLine(prisma, id),
        listApiKeys(prisma, id),
        businessLineStats(prisma, id),
      ]);
      if (!row) throw new ImError("NOT_FOUND", `business line ${id} does not exist`);
      return {
        id: row.id,
        name: row.name,
        createdAt: row.createdAt.getTime(),
        target: targetOf(row),
        keys: keys.map((k) => ({
          keyId: k.id,
          scopes: k.scopes,
          rateLimit: k.rateLimit,
          createdAt: k.createdAt.getTime(),
          revokedAt: k.revokedAt?.getTime() ?? null,
        })),
        stats,
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
        body: TargetChangeSchema,
        response: { 200: C2STargetSchema, ...errors },
      },
    },
    async (request) => {
      const { operator } = sessionOf(request);
      const { id } = request.params;
      const change = request.body;
      return withPrismaTransaction(prisma, async (client) => {
        const changed = await changeBusinessLineTarget(client, id, change);
        if (!changed) throw new ImError("NOT_FOUND", `business line ${id} does not exist`);
        const [before, after] = [targetOf(changed.before), targetOf(changed.after)];
        await appendAudit(client, {
          operatorId: operator.id,
          action: "business-line.target",
          target: id,
          detail: { before, after, secretChanged: change.webhookSecret !== undefined },
          ip: request.ip,
        });
        return after;
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
      const issued = await rotateApiKey({ pool, prisma }, keyId, {
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
        querystring: PageQuery,
        response: pageResponses(WebhookAttempt),
      },
    },
    async (request) => {
      const { cursor, limit } = request.query;
      const rows = await listWebhookAttempts(prisma, request.params.id, cursor, limit);
      return pageOf(rows, limit, (r) => ({ ...r, at: r.at.getTime() }));
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
        querystring: PageQuery,
        response: pageResponses(DeadLetter),
      },
    },
    async (request) => {
      const { cursor, limit } = request.query;
      const rows = await listDeadLetters(prisma, request.params.id, cursor, limit);
      return pageOf(rows, limit, (r) => ({
        id: r.id,
        eventId: r.eventId,
        kind: r.kind,
        attempts: r.attempts,
        lastError: r.lastError,
        createdAt: r.createdAt.getTime(),
      }));
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
      return withPrismaTransaction(prisma, async (client) => {
        const rowCount = await retryDeadLetters(client, id, eventId);
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
      return withPrismaTransaction(prisma, async (client) => {
        await lockedLine(client, id);
        const retried = await retryDeadLetters(client, id);
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
      return withPrismaTransaction(prisma, async (client) => {
        const gone = await discardDeadLetter(client, id, eventId);
        if (!gone) throw new ImError("NOT_FOUND", `no dead letter ${eventId} for ${id}`);
        await appendAudit(client, {
          operatorId: operator.id,
          action: "dead-letter.discard",
          target: eventId,
          detail: { businessId: id, kind: gone.kind, attempts: gone.attempts, lastError: gone.lastError },
          ip: request.ip,
        });
        return { discarded: 1 };
      });
    },
  );
};
