import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { grantOf } from "../auth.ts";
import { authErrors, ErrorResponse } from "../errors.ts";
import { banUser, revokeTokens, unbanUser } from "../moderation.ts";
import { actOnUser } from "../ownership.ts";
import { DeviceTypeSchema, Id, Reason, type RouteContext, security, Uid } from "./context.ts";

/** Bans and token revocation for business lines; every action is audited with the key that did it. */
export const moderationRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, context) => {
  const { prisma } = context;
  const actorOf = (request: Parameters<typeof grantOf>[0]) => {
    const grant = grantOf(request);
    return { businessLineId: grant.businessId, keyId: grant.keyId, ip: request.ip };
  };

  app.post(
    "/users/:uid/tokens/revoke",
    {
      config: { scope: "tokens", auditedInRoute: true },
      schema: {
        tags: ["tokens"],
        summary:
          "Revoke a user's login tokens (of one device type, of one device, or all) and end the sessions they opened",
        operationId: "revokeUserTokens",
        description:
          "Tokens issued up to now (including this second) are refused at login on every node; live sessions are kicked " +
          "(KICKOUT reason TOKEN_REVOKED). With deviceId, only tokens presented by that device (its AUTH_REQ device_id) " +
          "are refused and only its sessions kicked; give deviceType or deviceId, not both.",
        security,
        params: z.object({ uid: Uid }),
        body: z.object({ deviceType: DeviceTypeSchema.optional(), deviceId: Id.optional() }),
        response: {
          200: z.object({ revokedBefore: z.number().int(), kicked: z.number().int() }),
          404: ErrorResponse,
          ...authErrors,
        },
      },
    },
    async (request) => {
      await actOnUser(prisma, grantOf(request), request.params.uid);
      return revokeTokens(context, request.params.uid, request.body, actorOf(request));
    },
  );

  app.post(
    "/users/:uid/ban",
    {
      config: { scope: "users", auditedInRoute: true },
      schema: {
        tags: ["users"],
        summary: "Ban a user: no login from now on, live sessions kicked",
        operationId: "banUser",
        security,
        params: z.object({ uid: Uid }),
        body: z.object({ reason: Reason }),
        response: {
          200: z.object({ bannedAt: z.number().int(), kicked: z.number().int() }),
          404: ErrorResponse,
          ...authErrors,
        },
      },
    },
    async (request) => {
      await actOnUser(prisma, grantOf(request), request.params.uid);
      return banUser(context, request.params.uid, request.body.reason, actorOf(request));
    },
  );

  app.post(
    "/users/:uid/unban",
    {
      config: { scope: "users", auditedInRoute: true },
      schema: {
        tags: ["users"],
        summary: "Lift a user's ban",
        operationId: "unbanUser",
        security,
        params: z.object({ uid: Uid }),
        response: { 200: z.object({ banned: z.literal(false) }), 404: ErrorResponse, ...authErrors },
      },
    },
    async (request) => {
      await actOnUser(prisma, grantOf(request), request.params.uid);
      await unbanUser(context, request.params.uid, actorOf(request));
      return { banned: false as const };
    },
  );
};
