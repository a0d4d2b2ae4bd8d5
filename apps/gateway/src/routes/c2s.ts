import { ImError } from "@im/core";
import { type C2STargetSettings, type OutboxEvent, OutboxStatus, type OutboxStore, PgOutboxStore } from "@im/outbox";
import type { Queryable } from "@im/storage";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditBeforeCommit, v1AuditRecord } from "../audit-writes.ts";
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

function toDeadLetter(e: OutboxEvent): z.infer<typeof DeadLetter> {
  return {
    id: e.id,
    eventId: e.eventId,
    kind: e.kind,
    fromUid: e.payload.fromUid,
    clientMsgId: e.payload.clientMsgId,
    attempts: e.attempts,
    lastError: e.lastError,
    createdAt: e.createdAt,
    streamDelivered: e.streamDeliveredAt !== null,
    webhookDelivered: e.webhookDeliveredAt !== null,
  };
}

/**
 * A business line's own c2s delivery: where its clients' messages go, and its
 * dead letters (events given up on) to retry or discard. Every route acts on
 * the key's own line only; every write commits with its audit entry.
 */
export const c2sRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps }) => {
  let outbox: OutboxStore | undefined = deps.outbox;
  if (!outbox) {
    const own = new PgOutboxStore(deps.db.pool);
    app.addHook("onClose", () => own.close());
    outbox = own;
  }
  const store = outbox;
  // The entry commits with the change; a change that found nothing to do (404) writes none.
  const audited = <T>(request: FastifyRequest, detail: (result: T) => Record<string, unknown> | null) => {
    const entry = auditBeforeCommit<T, Queryable>(deps.db.pool, (result) =>
      v1AuditRecord(request, 200, {
        target: (request.params as { eventId?: string }).eventId ?? grantOf(request).businessId,
        detail: detail(result) ?? {},
      }),
    );
    return {
      beforeCommit: async (tx: unknown, result: T) => {
        if (detail(result) !== null) await entry.beforeCommit?.(tx, result);
      },
    };
  };

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
      const target = await store.getTarget(businessId);
      if (!target) throw new ImError("NOT_FOUND", `business line ${businessId} does not exist`);
      return target;
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
      const { after } = await store.updateTarget(
        grantOf(request).businessId,
        change,
        audited<{ before: C2STargetSettings; after: C2STargetSettings }>(request, ({ before, after }) => ({
          before,
          after,
          secretChanged: change.webhookSecret !== undefined,
        })),
      );
      return after;
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
      const events = await store.listEvents({
        businessId: grantOf(request).businessId,
        status: OutboxStatus.DEAD,
        limit: limit + 1,
        ...(cursor === undefined ? {} : { beforeId: Number(cursor) }),
      });
      const items = events.slice(0, limit).map(toDeadLetter);
      return { items, nextCursor: events.length > limit ? String(items.at(-1)?.id) : null };
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
      const retried = await store.retryDead(
        eventId,
        grantOf(request).businessId,
        audited<boolean>(request, (retried) => (retried ? {} : null)),
      );
      if (!retried) throw new ImError("NOT_FOUND", `no dead letter ${eventId} for this business line`);
      return { retried: 1 };
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
      const retried = await store.retryAllDead(
        grantOf(request).businessId,
        audited<number>(request, (n) => ({ retried: n })),
      );
      return { retried };
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
      const gone = await store.discardDead(
        eventId,
        grantOf(request).businessId,
        audited<OutboxEvent | null>(request, (e) =>
          e ? { kind: e.kind, attempts: e.attempts, lastError: e.lastError } : null,
        ),
      );
      if (!gone) throw new ImError("NOT_FOUND", `no dead letter ${eventId} for this business line`);
      return { discarded: 1 };
    },
  );
};
