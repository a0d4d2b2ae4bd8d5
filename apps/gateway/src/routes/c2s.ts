import { ImError } from "@im/core";
import {
  appendAudit,
  type BusinessLineRecord,
  changeBusinessLineTarget,
  type DeadLetter as DeadLetterRecord,
  discardDeadLetter,
  getBusinessLine,
  listDeadLetters,
  type PrismaDb,
  retryDeadLetters,
  withPrismaTransaction,
} from "@im/storage";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { v1AuditRecord } from "../audit-writes.ts";
import { grantOf } from "../auth.ts";
import { authErrors, ErrorResponse } from "../errors.ts";
import { DecimalInt, type RouteContext, security } from "./context.ts";

const EventId = z.object({ eventId: z.string().min(1).max(128) });
const Cursor = z.string().regex(/^[1-9][0-9]{0,15}$/, "a cursor this API gave");

export const C2STargetSchema = z
  .object({
    webhookUrl: z.string().nullable(),
    hasSecret: z.boolean().meta({ description: "A signing secret is set (it is never returned)" }),
    stream: z.boolean().meta({ description: "c2s events also go to the line's Redis Stream (cluster mode)" }),
    paused: z.boolean().meta({ description: "c2s events wait in the outbox until resumed" }),
  })
  .meta({ id: "C2STarget" });

export const TargetChangeSchema = z.object({
  webhookUrl: z
    .string()
    .max(2048)
    .regex(/^https?:\/\/\S+$/, "an http(s) URL")
    .nullable()
    .optional(),
  webhookSecret: z.string().min(16).max(255).nullable().optional(),
  stream: z.boolean().optional(),
  paused: z.boolean().optional(),
});

const DeadLetter = z
  .object({
    id: z.number().int(),
    eventId: z.string(),
    kind: z.string(),
    fromUid: z.string(),
    clientMsgId: z.string(),
    attempts: z.number().int(),
    lastError: z.string().nullable().meta({ description: "Why the last attempt failed, per target" }),
    createdAt: z.number().int(),
    streamDelivered: z.boolean().meta({ description: "The stream took it already; a retry does not append it again" }),
    webhookDelivered: z.boolean().meta({ description: "The webhook took it already; a retry does not call it again" }),
  })
  .meta({ id: "DeadLetter" });

const errors = { ...authErrors, 404: ErrorResponse } as const;

/** What the API shows of a line's target (the secret only as whether one is set). */
export function targetOf(line: BusinessLineRecord): z.infer<typeof C2STargetSchema> {
  return { webhookUrl: line.webhookUrl, hasSecret: line.hasSecret, stream: line.stream, paused: line.paused };
}

function toDeadLetter(d: DeadLetterRecord): z.infer<typeof DeadLetter> {
  return {
    id: d.id,
    eventId: d.eventId,
    kind: d.kind,
    fromUid: d.fromUid,
    clientMsgId: d.clientMsgId,
    attempts: d.attempts,
    lastError: d.lastError,
    createdAt: d.createdAt.getTime(),
    streamDelivered: d.streamDeliveredAt !== null,
    webhookDelivered: d.webhookDeliveredAt !== null,
  };
}

const noDeadLetter = (eventId: string) => new ImError("NOT_FOUND", `no dead letter ${eventId} for this business line`);

/**
 * A business line's own c2s delivery: where its clients' messages go, and its
 * dead letters (events given up on) to retry or discard. Every route acts on
 * the key's own line only; every write commits with its audit entry, in one
 * Prisma transaction (a write that found nothing to do, 404, writes none).
 */
export const c2sRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { prisma }) => {
  const audit = (tx: PrismaDb, request: FastifyRequest, detail: Record<string, unknown> = {}) =>
    appendAudit(
      tx,
      v1AuditRecord(request, 200, {
        target: (request.params as { eventId?: string }).eventId ?? grantOf(request).businessId,
        detail,
      }),
    );

  app.get(
    "/c2s/target",
    {
      config: { scope: "c2s" },
      schema: {
        tags: ["c2s"],
        operationId: "getC2STarget",
        summary: "Where this business line's c2s messages go",
        security,
        response: { 200: C2STargetSchema, ...errors },
      },
    },
    async (request) => {
      const { businessId } = grantOf(request);
      const line = await getBusinessLine(prisma, businessId);
      if (!line) throw new ImError("NOT_FOUND", `business line ${businessId} does not exist`);
      return targetOf(line);
    },
  );

  app.patch(
    "/c2s/target",
    {
      config: { scope: "c2s", auditedInRoute: true },
      schema: {
        tags: ["c2s"],
        operationId: "updateC2STarget",
        summary: "Change where this business line's c2s messages go, or pause them",
        description:
          "Fields left out stay as they are; webhookUrl null removes the webhook. A webhook needs a signing secret: " +
          "a change that would leave a webhookUrl without one is refused. Events still pending go to the new target. " +
          "With neither a webhook nor a stream (the stream needs cluster mode), clients' messages to the line are " +
          "refused (NOT_FOUND) rather than accepted and dead-lettered. The secret is never returned nor logged.",
        security,
        body: TargetChangeSchema,
        response: { 200: C2STargetSchema, ...errors },
      },
    },
    async (request) => {
      const change = request.body;
      const { businessId } = grantOf(request);
      return withPrismaTransaction(prisma, async (tx) => {
        const changed = await changeBusinessLineTarget(tx, businessId, change);
        if (!changed) throw new ImError("NOT_FOUND", `business line ${businessId} does not exist`);
        const [before, after] = [targetOf(changed.before), targetOf(changed.after)];
        await audit(tx, request, { before, after, secretChanged: change.webhookSecret !== undefined });
        return after;
      });
    },
  );

  app.get(
    "/c2s/dead-letters",
    {
      config: { scope: "c2s" },
      schema: {
        tags: ["c2s"],
        operationId: "listC2SDeadLetters",
        summary: "This business line's c2s events given up on after too many failed attempts, newest first",
        security,
        querystring: z.object({ cursor: Cursor.optional(), limit: DecimalInt(1, 200).optional() }),
        response: {
          200: z.object({ items: z.array(DeadLetter), nextCursor: z.string().nullable() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { cursor } = request.query;
      const limit = request.query.limit ?? 50;
      // limit + 1 rows: the extra one only tells that a next page exists.
      const rows = await listDeadLetters(prisma, grantOf(request).businessId, cursor, limit);
      const items = rows.slice(0, limit).map(toDeadLetter);
      return { items, nextCursor: rows.length > limit ? String(items.at(-1)?.id) : null };
    },
  );

  app.post(
    "/c2s/dead-letters/:eventId/retry",
    {
      config: { scope: "c2s", auditedInRoute: true },
      schema: {
        tags: ["c2s"],
        operationId: "retryC2SDeadLetter",
        summary: "Deliver a dead letter again, with a fresh attempt budget",
        description:
          "Targets that already took the event (see streamDelivered, webhookDelivered) are not sent it again.",
        security,
        params: EventId,
        response: { 200: z.object({ retried: z.number().int() }), ...errors },
      },
    },
    async (request) => {
      const { eventId } = request.params;
      return withPrismaTransaction(prisma, async (tx) => {
        if ((await retryDeadLetters(tx, grantOf(request).businessId, eventId)) === 0) throw noDeadLetter(eventId);
        await audit(tx, request);
        return { retried: 1 };
      });
    },
  );

  app.post(
    "/c2s/dead-letters/retry-all",
    {
      config: { scope: "c2s", auditedInRoute: true },
      schema: {
        tags: ["c2s"],
        operationId: "retryAllC2SDeadLetters",
        summary: "Deliver every dead letter of this business line again",
        security,
        response: { 200: z.object({ retried: z.number().int() }), ...errors },
      },
    },
    async (request) => {
      return withPrismaTransaction(prisma, async (tx) => {
        const retried = await retryDeadLetters(tx, grantOf(request).businessId);
        await audit(tx, request, { retried });
        return { retried };
      });
    },
  );

  app.post(
    "/c2s/dead-letters/:eventId/discard",
    {
      config: { scope: "c2s", auditedInRoute: true },
      schema: {
        tags: ["c2s"],
        operationId: "discardC2SDeadLetter",
        summary: "Drop a dead letter for good (the audit log keeps that it was dropped)",
        security,
        params: EventId,
        response: { 200: z.object({ discarded: z.number().int() }), ...errors },
      },
    },
    async (request) => {
      const { eventId } = request.params;
      return withPrismaTransaction(prisma, async (tx) => {
        const gone = await discardDeadLetter(tx, grantOf(request).businessId, eventId);
        if (!gone) throw noDeadLetter(eventId);
        await audit(tx, request, { kind: gone.kind, attempts: gone.attempts, lastError: gone.lastError });
        return { discarded: 1 };
      });
    },
  );
};
