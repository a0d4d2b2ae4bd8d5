import { ImError } from "@im/core";
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
export const userRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps }) => {
  const pool = deps.db.pool;

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
      const [readContent, user, head, devices, conversations, messages, routes] = await Promise.all([
        mayReadContent(pool, sessionOf(request)),
        pool.query<{ id: string; name: string; avatar: string; created_at: Date; banned_at: Date | null }>(
          "SELECT id, name, avatar, created_at, banned_at FROM users WHERE id = $1",
          [uid],
        ),
        pool.query<{ last_seq: string }>("SELECT last_seq FROM user_seqs WHERE owner_id = $1", [uid]),
        pool.query<{
          device_id: string;
          device_type: number;
          acked_seq: string;
          has_push_token: boolean;
          last_login_at: Date | null;
        }>(
          `SELECT device_id, device_type, acked_seq, push_token IS NOT NULL AS has_push_token, last_login_at
           FROM devices WHERE uid = $1 ORDER BY last_login_at DESC NULLS LAST, device_id`,
          [uid],
        ),
        pool.query<{
          conv_type: number;
          conv_id: string;
          last_seq: string;
          last_at: Date;
          read_seq: string;
          unread: number;
        }>(
          `SELECT conv_type, conv_id, last_seq, last_at, read_seq, unread FROM conversations
           WHERE owner_id = $1 ORDER BY last_at DESC, conv_type, conv_id LIMIT $2`,
          [uid, CONVERSATIONS],
        ),
        pool.query<{
          id: string;
          conv_type: number;
          sender_id: string;
          target_id: string;
          client_msg_id: string;
          content_type: number;
          content: string;
          created_at: Date;
        }>(
          `SELECT m.id, m.conv_type, m.sender_id, m.target_id, m.client_msg_id, m.content_type, m.content, m.created_at
           FROM inbox i JOIN messages m ON m.id = i.message_id
           WHERE i.owner_id = $1 ORDER BY i.seq DESC LIMIT $2`,
          [uid, RECENT_MESSAGES],
        ),
        deps.presence.routes(uid),
      ]);
      const row = user.rows[0];
      if (!row) throw new ImError("USER_NOT_FOUND", `user ${uid} does not exist`);
      const inboxHeadSeq = Number(head.rows[0]?.last_seq ?? 0);
      const routeOf = new Map(routes.map((r) => [r.deviceId, r]));
      const known = new Set(devices.rows.map((d) => d.device_id));
      const listed = devices.rows.map((d) => {
        const route = routeOf.get(d.device_id);
        const ackedSeq = Number(d.acked_seq);
        return {
          deviceId: d.device_id,
          deviceType: d.device_type,
          online: route !== undefined,
          nodeId: route?.nodeId ?? null,
          connectedAt: route?.loginAt ?? null,
          lastActiveAt: route?.lastActiveAt ?? null,
          ackedSeq,
          lag: Math.max(0, inboxHeadSeq - ackedSeq),
          lastLoginAt: d.last_login_at?.getTime() ?? null,
          hasPushToken: d.has_push_token,
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
        user: {
          id: row.id,
          name: row.name,
          avatar: row.avatar,
          createdAt: row.created_at.getTime(),
          bannedAt: row.banned_at?.getTime() ?? null,
        },
        inboxHeadSeq,
        devices: listed,
        conversations: conversations.rows.map((c) => ({
          convType: c.conv_type,
          convId: c.conv_id,
          lastSeq: Number(c.last_seq),
          lastAt: c.last_at.getTime(),
          readSeq: Number(c.read_seq),
          unread: c.unread,
        })),
        recentMessages: messages.rows.map((m) => ({
          msgId: Number(m.id),
          convType: m.conv_type,
          senderId: m.sender_id,
          targetId: m.target_id,
          clientMsgId: m.client_msg_id,
          contentType: m.content_type,
          content: readContent ? m.content : null,
          createdAt: m.created_at.getTime(),
        })),
      };
    },
  );
};
