import { listApiKeys, listAudit, listBusinessLines, overviewCounts, searchGroups, searchUsers } from "@im/storage";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse } from "../errors.ts";
import { DecimalInt, IdFilter, type RouteContext, Uid } from "../routes/context.ts";
import { LiveSession, liveSession } from "./live-session.ts";
import { adminErrors, EpochMs, Limit, TAGS } from "./schemas.ts";

/** A page of a search keyset-paged on id: after `cursor`, optionally matching q. */
const SearchPageQuery = z.object({
  limit: Limit(500, 50),
  cursor: z.string().min(1).max(255).optional(),
  q: z.string().min(1).max(255).optional(),
});

/** The searches answer up to limit + 1 rows: an extra row means another page follows the last id shown. */
function keysetPage<T extends { id: string }>(rows: T[], limit: number): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return { page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

const KeyInfo = z.object({
  keyId: z.string(),
  scopes: z.array(z.string()),
  rateLimit: z.number().int(),
  createdAt: z.number().int(),
  revokedAt: z.number().int().nullable(),
});
type KeyInfo = z.infer<typeof KeyInfo>;

/** Read-only views for the console's dashboards; any signed-in operator may use them. */
export const dashboardRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps, prisma }) => {
  app.get(
    "/nodes",
    {
      schema: {
        tags: TAGS,
        summary: "Live realtime nodes",
        operationId: "adminListNodes",
        response: {
          200: z.object({
            nodes: z.array(
              z.object({
                nodeId: z.string(),
                tcp: z.string(),
                ws: z.string(),
                connections: z.number().int(),
                cpu: z.number(),
                draining: z.boolean(),
                startedAt: z.number().int(),
                updatedAt: z.number().int(),
              }),
            ),
          }),
          ...adminErrors,
        },
      },
    },
    async () => {
      const nodes = await deps.registry.list();
      return { nodes: nodes.sort((a, b) => a.nodeId.localeCompare(b.nodeId)) };
    },
  );

  app.get(
    "/stats",
    {
      schema: {
        tags: TAGS,
        summary: "Online sessions, recent message volume and user count",
        operationId: "adminGetStats",
        response: {
          200: z.object({
            online: z.number().int(),
            nodes: z.number().int(),
            messagesLastMinute: z.number().int(),
            messagesLastHour: z.number().int(),
            users: z.number().int(),
          }),
          ...adminErrors,
        },
      },
    },
    async () => {
      const [online, nodes, counts] = await Promise.all([
        deps.presence.onlineCount(),
        deps.registry.list(),
        overviewCounts(prisma),
      ]);
      return { online, nodes: nodes.length, ...counts };
    },
  );

  app.get(
    "/users",
    {
      schema: {
        tags: TAGS,
        summary: "Users by uid, a page at a time, optionally matching q, with their online state",
        operationId: "adminListUsers",
        description:
          "q matches users whose uid starts with q or whose name contains q (case-insensitive). cursor: the " +
          "nextCursor of the previous page (keyset on uid).",
        querystring: SearchPageQuery,
        response: {
          200: z.object({
            users: z.array(
              z.object({ uid: z.string(), name: z.string(), createdAt: z.number().int(), online: z.boolean() }),
            ),
            nextCursor: z.string().nullable(),
          }),
          ...adminErrors,
        },
      },
    },
    async (request) => {
      const { limit, cursor, q } = request.query;
      const { page, nextCursor } = keysetPage(await searchUsers(prisma, { limit, cursor, q }), limit);
      const routes = await deps.presence.routesMany(page.map((r) => r.id));
      return {
        users: page.map((r) => ({
          uid: r.id,
          name: r.name,
          createdAt: r.createdAt.getTime(),
          online: (routes.get(r.id)?.length ?? 0) > 0,
        })),
        nextCursor,
      };
    },
  );

  app.get(
    "/users/:uid/sessions",
    {
      schema: {
        tags: TAGS,
        summary: "A user's live sessions, wherever connected",
        operationId: "adminListUserSessions",
        params: z.object({ uid: Uid }),
        response: { 200: z.object({ uid: z.string(), sessions: z.array(LiveSession) }), ...adminErrors },
      },
    },
    async (request) => {
      const routes = await deps.presence.routes(request.params.uid);
      return { uid: request.params.uid, sessions: routes.map(liveSession) };
    },
  );

  app.get(
    "/groups",
    {
      schema: {
        tags: TAGS,
        summary: "Live groups by id, a page at a time, optionally matching q in id or name",
        operationId: "adminListGroups",
        querystring: SearchPageQuery,
        response: {
          200: z.object({
            groups: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                ownerUid: z.string(),
                members: z.number().int(),
                createdAt: z.number().int(),
              }),
            ),
            nextCursor: z.string().nullable(),
          }),
          ...adminErrors,
        },
      },
    },
    async (request) => {
      const { limit, cursor, q } = request.query;
      const { page, nextCursor } = keysetPage(await searchGroups(prisma, { limit, cursor, q }), limit);
      return { groups: page.map((r) => ({ ...r, createdAt: r.createdAt.getTime() })), nextCursor };
    },
  );

  app.get(
    "/groups/:id",
    {
      schema: {
        tags: TAGS,
        summary: "A live group with its members",
        operationId: "adminGetGroup",
        params: z.object({ id: IdFilter }),
        response: {
          200: z.object({
            id: z.string(),
            name: z.string(),
            ownerUid: z.string(),
            announcement: z.string(),
            mutedAll: z.boolean(),
            createdAt: z.number().int(),
            members: z.array(
              z.object({
                uid: z.string(),
                role: z.number().int(),
                mutedUntil: z.number().int().nullable(),
                joinedAt: z.number().int(),
              }),
            ),
          }),
          404: ErrorResponse,
          ...adminErrors,
        },
      },
    },
    async (request) => {
      const group = await deps.storage.groups.get(request.params.id);
      const members = await deps.storage.groups.members(group.id);
      return {
        id: group.id,
        name: group.name,
        ownerUid: group.ownerUid,
        announcement: group.announcement,
        mutedAll: group.mutedAll,
        createdAt: group.createdAt,
        members: members.map((m) => ({ uid: m.uid, role: m.role, mutedUntil: m.mutedUntil, joinedAt: m.joinedAt })),
      };
    },
  );

  app.get(
    "/business-lines",
    {
      schema: {
        tags: TAGS,
        summary: "Business lines with their API keys (ids and settings; never the keys or their hashes)",
        operationId: "adminListBusinessLines",
        response: {
          200: z.object({
            businessLines: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                webhookUrl: z.string().nullable(),
                hasSecret: z.boolean(),
                stream: z.boolean(),
                paused: z.boolean(),
                createdAt: z.number().int(),
                keys: z.array(KeyInfo),
              }),
            ),
          }),
          ...adminErrors,
        },
      },
    },
    async () => {
      const [lines, keys] = await Promise.all([listBusinessLines(prisma), listApiKeys(prisma)]);
      const keysOf = new Map<string, KeyInfo[]>();
      for (const k of keys) {
        const list = keysOf.get(k.businessLineId) ?? [];
        keysOf.set(k.businessLineId, list);
        list.push({
          keyId: k.id,
          scopes: k.scopes,
          rateLimit: k.rateLimit,
          createdAt: k.createdAt.getTime(),
          revokedAt: k.revokedAt?.getTime() ?? null,
        });
      }
      return {
        businessLines: lines.map((b) => ({
          id: b.id,
          name: b.name,
          webhookUrl: b.webhookUrl,
          hasSecret: b.hasSecret,
          stream: b.stream,
          paused: b.paused,
          createdAt: b.createdAt.getTime(),
          keys: keysOf.get(b.id) ?? [],
        })),
      };
    },
  );

  app.get(
    "/audit",
    {
      schema: {
        tags: TAGS,
        summary: "What operators and business lines did, newest first, optionally filtered",
        operationId: "adminListAuditEntries",
        description:
          "actor: an operator's username or a business line's id. action: prefix match (\"group.\" finds every " +
          "group action). target: exact. from/to: ms since epoch, half-open [from, to). cursor (or before): the " +
          "nextCursor (nextBefore) of the previous page.",
        querystring: z.object({
          limit: Limit(500, 50),
          actor: z.string().min(1).max(255).optional(),
          action: z.string().min(1).max(255).optional(),
          target: z.string().min(1).max(1024).optional(),
          from: EpochMs.optional(),
          to: EpochMs.optional(),
          cursor: z
            .string()
            .regex(/^[1-9][0-9]{0,15}$/, "an entry id")
            .optional(),
          before: DecimalInt(1, Number.MAX_SAFE_INTEGER).optional(),
        }),
        response: {
          200: z.object({
            entries: z.array(
              z.object({
                id: z.number().int(),
                operatorId: z.string().nullable(),
                username: z.string().nullable(),
                businessLineId: z.string().nullable(),
                keyId: z.string().nullable(),
                action: z.string(),
                target: z.string(),
                detail: z.record(z.string(), z.unknown()),
                ip: z.string(),
                createdAt: z.number().int(),
              }),
            ),
            nextBefore: z.number().int().nullable(),
            nextCursor: z.string().nullable(),
          }),
          ...adminErrors,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await listAudit(prisma, {
        limit: q.limit,
        actor: q.actor,
        action: q.action,
        target: q.target,
        from: q.from,
        to: q.to,
        before: q.cursor === undefined ? q.before : Number(q.cursor),
      });
      return { ...page, nextCursor: page.nextBefore === null ? null : String(page.nextBefore) };
    },
  );
};
