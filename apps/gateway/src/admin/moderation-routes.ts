import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse } from "../errors.ts";
import { banUser, revokeTokens, unbanUser } from "../moderation.ts";
import { DeviceTypeSchema, Id, Reason, type RouteContext, Uid } from "../routes/context.ts";
import { adminErrors, TAGS } from "./schemas.ts";
import { sessionOf } from "./session-hook.ts";

const writeErrors = { ...adminErrors, 404: ErrorResponse } as const;

/** Bans and token revocations by operators: admin role and CSRF token (session hook), audited in the same transaction. */
export const moderationRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, context) => {
  app.post(
    "/users/:uid/ban",
    {
      schema: {
        tags: TAGS,
        summary: "Ban a user: no login from now on, live sessions kicked",
        operationId: "adminBanUser",
        params: z.object({ uid: Uid }),
        body: z.object({ reason: Reason }),
        response: { 200: z.object({ bannedAt: z.number().int(), kicked: z.number().int() }), ...writeErrors },
      },
    },
    async (request) => {
      const { operator } = sessionOf(request);
      return banUser(context, request.params.uid, request.body.reason, { operatorId: operator.id, ip: request.ip });
    },
  );

  app.post(
    "/users/:uid/unban",
    {
      schema: {
        tags: TAGS,
        summary: "Lift a user's ban",
        operationId: "adminUnbanUser",
        params: z.object({ uid: Uid }),
        response: { 200: z.object({ banned: z.literal(false) }), ...writeErrors },
      },
    },
    async (request) => {
      const { operator } = sessionOf(request);
      await unbanUser(context, request.params.uid, { operatorId: operator.id, ip: request.ip });
      return { banned: false as const };
    },
  );

  app.post(
    "/users/:uid/tokens/revoke",
    {
      schema: {
        tags: TAGS,
        summary: "Revoke a user's login tokens (of one device type, of one device, or all) and kick those sessions",
        operationId: "adminRevokeUserTokens",
        description: "With deviceId, only tokens presented by that device are refused; give deviceType or deviceId.",
        params: z.object({ uid: Uid }),
        body: z.object({ deviceType: DeviceTypeSchema.optional(), deviceId: Id.optional() }),
        response: { 200: z.object({ revokedBefore: z.number().int(), kicked: z.number().int() }), ...writeErrors },
      },
    },
    async (request) => {
      const { operator } = sessionOf(request);
      return revokeTokens(context, request.params.uid, request.body, { operatorId: operator.id, ip: request.ip });
    },
  );
};
