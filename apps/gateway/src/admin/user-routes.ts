import { ImError } from "@im/core";
import { investigateUser } from "@im/storage";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse } from "../errors.ts";
import { type RouteContext, Uid } from "../routes/context.ts";
import { mayReadContent } from "./content-access.ts";
import { adminErrors, TAGS } from "./schemas.ts";
import { sessionOf } from "./session-hook.ts";

const CONVERSATIONS = 50;
const RECENT_MESSAGES = 20;

/** The shape of GET /admin/messages items. */
const Message = z.object({
  msgId: z.number().int(),
  convType: z.number().int(),
  senderId: z.string(),
  targetId: z.string(),
  clientMsgId: z.string(),
  contentType: z.number().int(),
  /** null when the operator may not read message content (a viewer without the grant). */
  content: z.string().nullable(),
  createdAt: z.number().int(),
});

const UserDetail = z.object({
  user: z.object({
    id: z.string(),
    name: z.string(),
    avatar: z.string(),
    createdAt: z.number().int(),
    bannedAt: z.number().int().nullable().meta({ description: "When the user was banned; null when not banned" }),
  }),
  inboxHeadSeq: z.number().int().meta({ description: "The user's last inbox seq (user_seqs.last_seq)" }),
  devices: z.array(
    z.object({
      deviceId: z.string(),
      deviceType: z.number().int(),
      online: z.boolean(),
      nodeId: z.string().nullable(),
      connectedAt: z.number().int().nullable(),
      lastActiveAt: z.number().int().nullable(),
      ackedSeq: z.number().int().meta({ description: "Inbox seq the device has synced up to" }),
      lag: z.number().int().meta({ description: "inboxHeadSeq - ackedSeq: entries the device has not synced" }),
      lastLoginAt: z.number().int().nullable(),
      hasPushToken: z.boolean(),
    }),
  ),
  conversations: z.array(
    z.object({
      convType: z.number().int(),
      convId: z.string(),
      lastSeq: z.number().int(),
      lastAt: z.number().int(),
      readSeq: z.number().int(),
      unread: z.number().int(),
    }),
  ),
  recentMessages: z.array(Message),
});

/** One user as an operator investigates them: devices and their sync state, conversations, recent messages. */
export const userRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps, prisma }) => {
  app.get(
    "/users/:uid",
    {
      schema: {
        tags: TAGS,
        summary: "A user with devices (online state, sync lag), newest conversations and latest inbox messages",
        operationId: "adminGetUser",
        description: `Conversations: the ${CONVERSATIONS} most recently active. recentMessages: the last ${RECENT_MESSAGES} entries of the user's inbox (sent and received), newest first.`,
        params: z.object({ uid: Uid }),
        response: { 200: UserDetail, 404: ErrorResponse, ...adminErrors },
      },
    },
    async (request) => {
      const { uid } = request.params;
      const [readContent, found, routes] = await Promise.all([
        mayReadContent(prisma, sessionOf(request)),
        investigateUser(prisma, uid, { conversations: CONVERSATIONS, recentMessages: RECENT_MESSAGES }),
        deps.presence.routes(uid),
      ]);
      if (!found) throw new ImError("USER_NOT_FOUND", `user ${uid} does not exist`);
      const { user, inboxHeadSeq, devices, conversations, recentMessages } = found;
      const routeOf = new Map(routes.map((r) => [r.deviceId, r]));
      const known = new Set(devices.map((d) => d.deviceId));
      const listed = devices.map((d) => {
        const route = routeOf.get(d.deviceId);
        return {
          deviceId: d.deviceId,
          deviceType: d.deviceType,
          online: route !== undefined,
          nodeId: route?.nodeId ?? null,
          connectedAt: route?.loginAt ?? null,
          lastActiveAt: route?.lastActiveAt ?? null,
          ackedSeq: d.ackedSeq,
          lag: Math.max(0, inboxHeadSeq - d.ackedSeq),
          lastLoginAt: d.lastLoginAt?.getTime() ?? null,
          hasPushToken: d.hasPushToken,
        };
      });
      // A session whose device row is not written yet (login in progress) still shows as online.
      for (const r of routes)
        if (!known.has(r.deviceId))
          listed.push({
            deviceId: r.deviceId,
            deviceType: r.deviceType,
            online: true,
            nodeId: r.nodeId,
            connectedAt: r.loginAt,
            lastActiveAt: r.lastActiveAt,
            ackedSeq: 0,
            lag: inboxHeadSeq,
            lastLoginAt: null,
            hasPushToken: false,
          });
      return {
        user: { ...user, createdAt: user.createdAt.getTime(), bannedAt: user.bannedAt?.getTime() ?? null },
        inboxHeadSeq,
        devices: listed,
        conversations: conversations.map((c) => ({ ...c, lastAt: c.lastAt.getTime() })),
        recentMessages: recentMessages.map((m) => ({ ...m, content: readContent ? m.content : null })),
      };
    },
  );
};
