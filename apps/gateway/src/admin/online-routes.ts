import type { DeviceType } from "@im/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { DecimalInt, type RouteContext, Uid } from "../routes/context.ts";
import { LiveSession, liveSession } from "./live-session.ts";
import { adminErrors, Limit, TAGS } from "./schemas.ts";

/** Who is online where: the presence registry, paged. */
export const onlineRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps }) => {
  app.get(
    "/online",
    {
      schema: {
        tags: TAGS,
        summary: "Live sessions, a page at a time, filtered by node, device type or user",
        operationId: "adminListOnlineSessions",
        description:
          "Pages follow nextCursor until it is null; a page may hold fewer than limit items while more follow. " +
          "Sessions that come or go during the walk may be missed or (cluster mode) listed twice. total counts " +
          "the sessions matching the filters — in cluster mode (Redis) without a uid filter it ignores deviceType " +
          "(an upper bound), since counting by device type would read every session.",
        querystring: z.object({
          node: z.string().min(1).max(255).optional(),
          deviceType: DecimalInt(1, 5).optional(),
          uid: Uid.optional(),
          cursor: z.string().min(1).max(2048).optional(),
          limit: Limit(500, 50),
        }),
        response: {
          200: z.object({
            items: z.array(z.object({ uid: z.string(), ...LiveSession.shape })),
            nextCursor: z.string().nullable(),
            total: z.number().int(),
          }),
          ...adminErrors,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await deps.presence.listRoutes({
        nodeId: q.node,
        deviceType: q.deviceType as DeviceType | undefined,
        uid: q.uid,
        cursor: q.cursor,
        limit: q.limit,
      });
      return {
        items: page.routes.map((r) => ({ uid: r.uid, ...liveSession(r) })),
        nextCursor: page.nextCursor,
        total: page.total,
      };
    },
  );
};
