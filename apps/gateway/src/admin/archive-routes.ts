import { Readable } from "node:stream";
import { ImError } from "@im/core";
import {
  type ArchivedMessage,
  type ArchiveFilter,
  appendAudit,
  archiveBatches,
  deliverySummaries,
  listArchive,
  NO_RECIPIENTS,
  recipientStates,
  setCanReadContent,
  transcriptPage,
  withPrismaTransaction,
} from "@im/storage";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse } from "../errors.ts";
import { DecimalInt, IdFilter, type RouteContext, Uid } from "../routes/context.ts";
import { csvHeader, csvLine, jsonLine } from "./archive-format.ts";
import { mayReadContent } from "./content-access.ts";
import { adminErrors, EpochMs, Limit, TAGS } from "./schemas.ts";
import { sessionOf } from "./session-hook.ts";

const Id = DecimalInt(1, Number.MAX_SAFE_INTEGER);

export const ArchivedMessageSchema = z.object({
  msgId: z.number().int(),
  convType: z.number().int(),
  senderId: z.string(),
  targetId: z.string(),
  convId: z.string().meta({
    description: "The conversation as the sender sees it: the peer uid (c2c), the group id, the business line id",
  }),
  clientMsgId: z.string(),
  contentType: z.number().int(),
  content: z.string().nullable().meta({ description: "null when the operator may not read message content" }),
  createdAt: z.number().int(),
});

const Delivery = z.object({
  recipients: z.number().int().meta({ description: "Inbox entries other than the sender's own" }),
  delivered: z.number().int().meta({ description: "Recipients with a device that acknowledged the push" }),
  read: z.number().int().meta({ description: "Recipients whose conversation read position reached the message" }),
});

const ArchiveItem = ArchivedMessageSchema.extend({ delivery: Delivery });

const FilterQuery = {
  uid: IdFilter.optional().meta({ description: "Sent by this user or business line" }),
  convType: DecimalInt(1, 3).optional(),
  convId: IdFilter.optional(),
  from: EpochMs.optional(),
  to: EpochMs.optional(),
  q: z.string().min(1).max(255).optional().meta({ description: "Case-insensitive substring of the content" }),
};

const FILTER_DESCRIPTION =
  "uid: sent by this user. convType + convId: in this conversation — 2 a group id, 3 a business line id, " +
  "1 a uid (messages to or from that user). from/to: ms since epoch, half-open [from, to). " +
  "q (or text): case-insensitive substring of the content, answered by a trigram index (3+ characters).";

function filterOf(query: {
  uid?: string;
  convType?: number;
  convId?: string;
  from?: number;
  to?: number;
  q?: string;
  text?: string;
}): ArchiveFilter {
  const filter: ArchiveFilter = {};
  if (query.uid !== undefined) filter.uid = query.uid;
  if (query.convType !== undefined) filter.convType = query.convType;
  if (query.convId !== undefined) filter.convId = query.convId;
  if (query.from !== undefined) filter.from = query.from;
  if (query.to !== undefined) filter.to = query.to;
  const q = query.q ?? query.text;
  if (q !== undefined) filter.q = q;
  return filter;
}

/** Parses a cursor given as text (the console keeps it in the URL). */
function cursorId(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const parsed = Id.safeParse(cursor);
  if (!parsed.success) throw new ImError("INVALID_ARGUMENT", "cursor is not one this API gave");
  return parsed.data;
}

const EXPORT_BATCH = 1000;

/**
 * The console's message archive: search, transcripts, export. Content is
 * null for operators who may not read it; reading content by search or
 * transcript, and every export, is audited.
 */
export const archiveRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps, prisma }) => {
  const pool = deps.db.pool;

  app.get(
    "/messages",
    {
      schema: {
        tags: TAGS,
        summary: "Search stored messages, newest first, with each message's delivery summary",
        operationId: "adminSearchMessages",
        description: `${FILTER_DESCRIPTION} Paging: pass nextCursor back as cursor (or nextBefore as before).`,
        querystring: z.object({
          ...FilterQuery,
          text: z.string().min(1).max(255).optional().meta({ description: "Older name of q" }),
          limit: Limit(200, 50),
          cursor: z.string().min(1).max(32).optional(),
          before: Id.optional(),
        }),
        response: {
          200: z.object({
            items: z.array(ArchiveItem),
            nextCursor: z.string().nullable(),
            messages: z.array(ArchiveItem).meta({ description: "Same as items (older clients)" }),
            nextBefore: z.number().int().nullable(),
          }),
          ...adminErrors,
        },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const filter = filterOf(request.query);
      const before = cursorId(request.query.cursor) ?? request.query.before;
      if (before !== undefined) filter.before = before;
      const withContent = await mayReadContent(prisma, session);
      const page = await listArchive(pool, filter, request.query.limit, withContent);
      const summaries = await deliverySummaries(
        pool,
        page.messages.map((m) => m.msgId),
      );
      const items = page.messages.map((m) => ({ ...m, delivery: summaries.get(m.msgId) ?? NO_RECIPIENTS }));
      if (filter.q !== undefined)
        await appendAudit(prisma, {
          operatorId: session.operator.id,
          action: "messages.search",
          target: filter.q,
          detail: { ...filter, contentShown: withContent, results: items.length },
          ip: request.ip,
        });
      return {
        items,
        nextCursor: page.nextBefore === null ? null : String(page.nextBefore),
        messages: items,
        nextBefore: page.nextBefore,
      };
    },
  );

  app.get(
    "/messages/export",
    {
      schema: {
        tags: TAGS,
        summary: "Download every message matching a filter, newest first, as JSON lines or CSV",
        operationId: "adminExportMessages",
        description: `${FILTER_DESCRIPTION} Streamed in batches; audited as messages.export.`,
        querystring: z.object({ format: z.enum(["jsonl", "csv"]).default("jsonl"), ...FilterQuery }),
        produces: ["application/x-ndjson", "text/csv"],
        response: {
          200: z.string().meta({ description: "One message per line (JSON lines) or per CSV record, with a header" }),
          ...adminErrors,
        },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const { format } = request.query;
      const filter = filterOf(request.query);
      const withContent = await mayReadContent(prisma, session);
      // Validates the filter before the first byte goes out: a bad filter is a 400, not a cut-off download.
      await listArchive(pool, filter, 1, false);
      await appendAudit(prisma, {
        operatorId: session.operator.id,
        action: "messages.export",
        target: format,
        detail: { ...filter, contentShown: withContent },
        ip: request.ip,
      });
      const lines = async function* () {
        if (format === "csv") yield csvHeader();
        for await (const batch of archiveBatches(pool, filter, EXPORT_BATCH, withContent))
          yield batch.map(format === "csv" ? csvLine : jsonLine).join("");
      };
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      return (
        reply
          .header("content-type", format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8")
          .header("content-disposition", `attachment; filename="messages-${stamp}.${format}"`)
          // A stream goes out as it is read; the response schema describes its text for OpenAPI only.
          .send(Readable.from(lines()) as unknown as string)
      );
    },
  );

  app.get(
    "/conversations/:convType/:convId/messages",
    {
      schema: {
        tags: TAGS,
        summary: "A conversation's transcript, a page at a time back in time, with each recipient's state",
        operationId: "adminListConversationMessages",
        description:
          "Seen by uid: for c2c (convType 1) uid is one side and convId the other side's uid; for system " +
          "(3) convId is the business line and uid the user; for a group (2) uid is optional (a member's view, " +
          "from their inbox; without it, every message sent to the group). Items are oldest first (newest last). " +
          "nextBefore goes back as before: uid's inbox seq when uid is given, otherwise a message id.",
        params: z.object({ convType: DecimalInt(1, 3), convId: IdFilter }),
        querystring: z.object({ uid: Uid.optional(), before: Id.optional(), limit: Limit(200, 50) }),
        response: {
          200: z.object({
            items: z.array(
              ArchiveItem.extend({
                recipients: z.array(
                  z.object({
                    uid: z.string(),
                    seq: z.number().int().meta({ description: "The recipient's inbox seq of the message" }),
                    deliveredAt: z.number().int().nullable(),
                    read: z.boolean().meta({ description: "The recipient's read position reached this message" }),
                  }),
                ),
                recipientsTruncated: z.boolean().meta({ description: "More recipients than listed (large groups)" }),
              }),
            ),
            nextBefore: z.number().int().nullable(),
          }),
          404: ErrorResponse,
          ...adminErrors,
        },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const { convType, convId } = request.params;
      const { uid, before, limit } = request.query;
      const withContent = await mayReadContent(prisma, session);
      const page = await transcriptPage(pool, { convType, convId, uid, before, limit }, withContent);
      const ids = page.messages.map((m) => m.msgId);
      const [summaries, states] = await Promise.all([
        deliverySummaries(pool, ids),
        recipientStates(pool, ids, MAX_RECIPIENTS_LISTED),
      ]);
      if (withContent)
        await appendAudit(prisma, {
          operatorId: session.operator.id,
          action: "messages.transcript",
          target: `${convType}:${convId}`,
          detail: { uid: uid ?? null, before: before ?? null, messages: ids.length },
          ip: request.ip,
        });
      return {
        items: page.messages.map((m: ArchivedMessage) => {
          const delivery = summaries.get(m.msgId) ?? NO_RECIPIENTS;
          const recipients = states.get(m.msgId) ?? [];
          return { ...m, delivery, recipients, recipientsTruncated: delivery.recipients > recipients.length };
        }),
        nextBefore: page.nextBefore,
      };
    },
  );

  app.put(
    "/operators/:id/content-access",
    {
      schema: {
        tags: TAGS,
        summary: "Let a viewer read message content, or stop it (admins always may)",
        operationId: "adminSetContentAccess",
        params: z.object({ id: z.string().min(1).max(64) }),
        body: z.object({ canReadContent: z.boolean() }),
        response: {
          200: z.object({ id: z.string(), canReadContent: z.boolean() }),
          404: ErrorResponse,
          ...adminErrors,
        },
      },
    },
    async (request) => {
      const { operator } = sessionOf(request);
      const { id } = request.params;
      const { canReadContent } = request.body;
      await withPrismaTransaction(prisma, async (client) => {
        if (!(await setCanReadContent(client, id, canReadContent)))
          throw new ImError("NOT_FOUND", `operator ${id} does not exist`);
        await appendAudit(client, {
          operatorId: operator.id,
          action: "operator.content-access",
          target: id,
          detail: { canReadContent },
          ip: request.ip,
        });
      });
      return { id, canReadContent };
    },
  );
};

/** Recipients listed per transcript message; the delivery summary still counts all. */
const MAX_RECIPIENTS_LISTED = 100;
