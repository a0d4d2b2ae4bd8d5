import { mintToken } from "@im/auth";
import { ImError } from "@im/core";
import { appendAudit, withPrismaTransaction } from "@im/storage";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { v1AuditRecord } from "../audit-writes.ts";
import { grantOf } from "../auth.ts";
import { authErrors } from "../errors.ts";
import { claimUsers } from "../ownership.ts";
import { DeviceTypeSchema, Id, type RouteContext, security, Uid } from "./context.ts";

/** Tokens always expire: a week unless the server or the request says otherwise. */
export const DEFAULT_TOKEN_TTL_SECONDS = 7 * 24 * 3600;

export const tokenRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps, prisma, now }) => {
  app.post(
    "/tokens",
    {
      config: { scope: "tokens", auditedInRoute: true },
      schema: {
        tags: ["tokens"],
        summary: "Issue a login token for a user's app",
        operationId: "issueToken",
        description:
          "Without ttlSeconds the token lives for the server's IM_TOKEN_TTL (default 7 days). With deviceType it is valid only for that device type; with deviceId only for the device that logs in with that device_id (and revocable per device).",
        security,
        body: z.object({
          uid: Uid,
          deviceType: DeviceTypeSchema.optional(),
          deviceId: Id.optional(),
          ttlSeconds: z
            .number()
            .int()
            .min(1)
            .max(366 * 24 * 3600)
            .optional(),
        }),
        response: {
          200: z.object({ token: z.string(), expiresAt: z.number().int().nullable() }),
          ...authErrors,
        },
      },
    },
    async (request) => {
      const { uid, deviceType, deviceId } = request.body;
      const ttlSeconds = request.body.ttlSeconds ?? deps.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
      if (!deps.tokenSecret)
        throw new ImError("FORBIDDEN", "this server accepts SSO tokens only and issues none (no IM_TOKEN_SECRET)");
      // The claim and the entry commit together; signing after them writes nothing.
      await withPrismaTransaction(prisma, async (tx) => {
        await claimUsers(tx, grantOf(request), [uid]);
        await appendAudit(
          tx,
          v1AuditRecord(request, 200, { target: uid, detail: { ttlSeconds, deviceId: deviceId ?? null } }),
        );
      });
      const issuedAt = now();
      const token = await mintToken({
        secret: deps.tokenSecret,
        uid,
        ...(deviceType === undefined ? {} : { deviceType }),
        ...(deviceId === undefined ? {} : { deviceId }),
        ttlSeconds,
      });
      // mintToken counts whole seconds from its own clock; report the same instant.
      const expiresAt = (Math.floor(issuedAt / 1000) + ttlSeconds) * 1000;
      return { token, expiresAt };
    },
  );
};
