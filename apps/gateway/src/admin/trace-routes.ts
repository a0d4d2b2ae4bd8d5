import { ImError } from "@im/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse } from "../errors.ts";
import { DecimalInt, type RouteContext, Uid } from "../routes/context.ts";
import { ArchivedMessageSchema } from "./archive-routes.ts";
import { mayReadContent } from "./content-access.ts";
import { TRACE_REASONS, type TraceKey, traceMessage } from "./message-trace.ts";
import { adminErrors, TAGS } from "./schemas.ts";
import { sessionOf } from "./session-hook.ts";

const OfflinePush = z
  .object({ at: z.number().int(), provider: z.string(), result: z.string() })
  .nullable()
  .meta({ description: "Handed to the offline push provider: when, which, and what it said (queued, not-sent)" });

/** Recipients traced per message; the total is still given. */
const MAX_TRACED = 200;

/** "Why didn't bob get it?": one message followed to every device, from the delivery ledger. */
export const traceRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps }) => {
  const pool = deps.db.pool;

  app.get(
    "/messages/trace",
    {
      schema: {
        tags: TAGS,
        summary: "Follow one message to each recipient and device: stored, pushed, acknowledged, read",
        operationId: "adminTraceMessage",
        description:
          "Name the message by msgId, or by senderId + clientMsgId. uid: only this user, also when they got no " +
          "inbox entry (reason not-a-member, joined-later or not-a-recipient). For a recipient not reached: " +
          "not-acked (pushed to a device, never acknowledged), offline (no device online, offline push sent), " +
          "no-push-token (offline and no device has a push token). Pushes and acks come from the delivery ledger, " +
          "kept for a limited number of days.",
        querystring: z.object({
          msgId: DecimalInt(1, Number.MAX_SAFE_INTEGER).optional(),
          senderId: z.string().min(1).max(255).optional(),
          clientMsgId: z.string().min(1).max(255).optional(),
          uid: Uid.optional(),
        }),
        response: {
          200: z.object({
            message: ArchivedMessageSchema,
            recipients: z.array(
              z.object({
                uid: z.string(),
                inboxSeq: z.number().int().nullable(),
                storedAt: z.number().int().nullable(),
                devices: z.array(
                  z.object({
                    deviceId: z.string(),
                    deviceType: z.number().int().nullable(),
                    nodeId: z.string().nullable(),
                    pushedAt: z.number().int().nullable(),
                    pushAckedAt: z.number().int().nullable(),
                    hasPushToken: z.boolean(),
                    offlinePush: OfflinePush,
                  }),
                ),
                offlinePush: OfflinePush,
                deliveredAt: z.number().int().nullable(),
                delivered: z.boolean(),
                read: z.boolean().meta({ description: "The recipient's conversation read position reached it" }),
                reason: z.enum(TRACE_REASONS).nullable(),
              }),
            ),
            recipientsTotal: z.number().int(),
          }),
          404: ErrorResponse,
          ...adminErrors,
        },
      },
    },
    async (request) => {
      const { msgId, senderId, clientMsgId, uid } = request.query;
      let key: TraceKey;
      if (msgId !== undefined && senderId === undefined && clientMsgId === undefined) key = { msgId };
      else if (msgId === undefined && senderId !== undefined && clientMsgId !== undefined)
        key = { senderId, clientMsgId };
      else throw new ImError("INVALID_ARGUMENT", "give msgId, or senderId with clientMsgId");
      const withContent = await mayReadContent(pool, sessionOf(request));
      return traceMessage(pool, key, { uid, maxRecipients: MAX_TRACED, withContent });
    },
  );
};
