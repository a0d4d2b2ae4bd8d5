import { ConvType } from "@im/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { grantOf } from "../auth.ts";
import { authErrors, ErrorResponse } from "../errors.ts";
import { readUser } from "../ownership.ts";
import { DecimalInt, Id, type RouteContext, security, Uid } from "./context.ts";

const Message = z.object({
  msgId: z.number().int(),
  seq: z.number().int(),
  convType: z.number().int(),
  convId: z.string(),
  fromUid: z.string(),
  toId: z.string(),
  clientMsgId: z.string(),
  contentType: z.number().int(),
  content: z.string(),
  sentAt: z.number().int(),
});

const ConversationSchema = z.object({
  convType: z.number().int(),
  convId: z.string(),
  lastSeq: z.number().int(),
  lastMsgId: z.number().int(),
  lastAt: z.number().int(),
  readSeq: z.number().int(),
  unread: z.number().int(),
  lastMessage: Message.optional(),
});

export const conversationRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps, messages, prisma }) => {
  app.get(
    "/conversations/:uid",
    {
      config: { scope: "conversations" },
      schema: {
        tags: ["conversations"],
        summary: "A user's conversation list, newest activity first, with unread counts",
        operationId: "listConversations",
        security,
        params: z.object({ uid: Uid }),
        querystring: z.object({
          limit: DecimalInt(1, 200).default(50),
          cursor: z.string().min(1).max(64).optional(),
        }),
        response: {
          200: z.object({ conversations: z.array(ConversationSchema), nextCursor: z.string().nullable() }),
          404: ErrorResponse,
          ...authErrors,
        },
      },
    },
    async (request) => {
      const { uid } = request.params;
      await readUser(prisma, grantOf(request), uid);
      const { limit, cursor } = request.query;
      const page = await deps.storage.conversations.list(uid, { limit, ...(cursor === undefined ? {} : { cursor }) });
      return { conversations: page.conversations, nextCursor: page.nextCursor ?? null };
    },
  );

  app.get(
    "/conversations/:uid/:convType/:convId/messages",
    {
      config: { scope: "conversations" },
      schema: {
        tags: ["conversations"],
        summary: "A conversation's history in one user's inbox, oldest first",
        operationId: "listConversationMessages",
        description: "convType: 1 c2c (convId = peer uid), 2 group (group id), 3 system (business line id).",
        security,
        params: z.object({
          uid: Uid,
          convType: DecimalInt(1, 3).refine(
            (t) => Object.values(ConvType).includes(t as ConvType),
            "must be 1, 2 or 3",
          ),
          convId: Id,
        }),
        querystring: z.object({
          afterSeq: DecimalInt(0, Number.MAX_SAFE_INTEGER).default(0),
          limit: DecimalInt(1, 500).default(50),
        }),
        response: {
          200: z.object({ messages: z.array(Message), hasMore: z.boolean() }),
          404: ErrorResponse,
          ...authErrors,
        },
      },
    },
    async (request) => {
      const { uid, convType, convId } = request.params;
      await readUser(prisma, grantOf(request), uid);
      const { afterSeq, limit } = request.query;
      return messages.history(uid, convType as ConvType, convId, afterSeq, limit);
    },
  );
};
