import { ImError, type Route } from "@im/core";
import type { UserProfile } from "@im/storage";
import { appendAudit, withPrismaTransaction } from "@im/storage";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { v1AuditRecord } from "../audit-writes.ts";
import { grantOf } from "../auth.ts";
import { authErrors, ErrorResponse } from "../errors.ts";
import { actOnUser, claimUsers, isCrossLine, readUser } from "../ownership.ts";
import {
  DecimalInt,
  DeviceTypeSchema,
  Extra,
  Name,
  Reason,
  type RouteContext,
  security,
  Text,
  Uid,
} from "./context.ts";

const Session = z.object({
  deviceType: z.number().int(),
  deviceId: z.string(),
  nodeId: z.string(),
  loginAt: z.number().int(),
  lastActiveAt: z.number().int(),
});

const Profile = z.object({
  uid: z.string(),
  name: z.string(),
  avatar: z.string(),
  extra: z.record(z.string(), z.unknown()),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});

const UserWithPresence = Profile.extend({ online: z.boolean(), sessions: z.array(Session) });
const UserListItem = Profile.extend({ online: z.boolean() });

function sessionsOf(routes: readonly Route[]): z.infer<typeof Session>[] {
  return routes.map((r) => ({
    deviceType: r.deviceType,
    deviceId: r.deviceId,
    nodeId: r.nodeId,
    loginAt: r.loginAt,
    lastActiveAt: r.lastActiveAt,
  }));
}

function withPresence(user: UserProfile, routes: readonly Route[]): z.infer<typeof UserWithPresence> {
  return { ...user, online: routes.length > 0, sessions: sessionsOf(routes) };
}

export const userRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps, users, prisma }) => {
  app.put(
    "/users/:uid",
    {
      config: { scope: "users", auditedInRoute: true },
      schema: {
        tags: ["users"],
        summary: "Create or update a user's profile",
        operationId: "upsertUser",
        description: "Fields left out keep their value. Creates the user when the uid is new.",
        security,
        params: z.object({ uid: Uid }),
        body: z.object({
          name: Name().optional(),
          avatar: Text(2048).optional(),
          extra: Extra.optional(),
        }),
        response: { 200: UserWithPresence, 201: UserWithPresence, ...authErrors },
      },
    },
    async (request, reply) => {
      const existed = await users.get(request.params.uid);
      const created = existed === undefined;
      // The claim, the profile and the audit entry commit together or not at all.
      const user = await withPrismaTransaction(prisma, async (tx) => {
        await claimUsers(tx, grantOf(request), [request.params.uid]);
        const { user } = await users.upsert(request.params.uid, request.body, tx);
        await appendAudit(tx, v1AuditRecord(request, created ? 201 : 200));
        return user;
      });
      const routes = await deps.presence.routes(user.uid);
      return reply.code(created ? 201 : 200).send(withPresence(user, routes));
    },
  );

  app.get(
    "/users/:uid",
    {
      config: { scope: "users" },
      schema: {
        tags: ["users"],
        summary: "A user's profile, online state and sessions",
        operationId: "getUser",
        security,
        params: z.object({ uid: Uid }),
        response: { 200: UserWithPresence, 404: ErrorResponse, ...authErrors },
      },
    },
    async (request) => {
      await readUser(prisma, grantOf(request), request.params.uid);
      const user = await users.get(request.params.uid);
      if (!user) throw new ImError("USER_NOT_FOUND", `user ${request.params.uid} does not exist`);
      return withPresence(user, await deps.presence.routes(user.uid));
    },
  );

  app.get(
    "/users",
    {
      config: { scope: "users" },
      schema: {
        tags: ["users"],
        summary: "Users by uid, a page at a time, with their online state",
        operationId: "listUsers",
        security,
        querystring: z.object({
          limit: DecimalInt(1, 500).default(50),
          cursor: z.string().min(1).max(255).optional(),
        }),
        response: {
          200: z.object({ users: z.array(UserListItem), nextCursor: z.string().nullable() }),
          ...authErrors,
        },
      },
    },
    async (request) => {
      const grant = grantOf(request);
      // A line lists its own users; a cross-line key lists everyone.
      const owner = isCrossLine(grant) ? undefined : grant.businessId;
      const page = await users.list(request.query.limit, request.query.cursor, owner);
      const routes = await deps.presence.routesMany(page.users.map((u) => u.uid));
      return {
        users: page.users.map((u) => ({ ...u, online: (routes.get(u.uid)?.length ?? 0) > 0 })),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.post(
    "/users/:uid/kickout",
    {
      config: { scope: "kick", auditedInRoute: true },
      schema: {
        tags: ["users"],
        summary: "Disconnect a user's sessions (of one device type, or all)",
        operationId: "kickUser",
        security,
        params: z.object({ uid: Uid }),
        body: z.object({ deviceType: DeviceTypeSchema.optional(), reason: Reason }),
        response: { 200: z.object({ kicked: z.number().int() }), 404: ErrorResponse, ...authErrors },
      },
    },
    async (request) => {
      const { uid } = request.params;
      // Kicking is no database write to join: the entry commits first, as the intent (README "Security").
      await withPrismaTransaction(prisma, async (tx) => {
        await actOnUser(tx, grantOf(request), uid);
        await appendAudit(tx, v1AuditRecord(request, 200, { detail: { intent: true } }));
      });
      const kicked = await deps.kick(
        uid,
        request.body.deviceType as Route["deviceType"] | undefined,
        request.body.reason,
      );
      return { kicked };
    },
  );
};
