import { listEndpoints } from "@im/cluster";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { authErrors } from "../errors.ts";
import { DecimalInt, type RouteContext, security } from "./context.ts";

export const iplistRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps }) => {
  app.get(
    "/iplist",
    {
      config: { scope: "iplist" },
      schema: {
        tags: ["cluster"],
        summary: "Realtime endpoints for clients, lightest loaded first",
        operationId: "listRealtimeEndpoints",
        security,
        querystring: z.object({
          transport: z.enum(["tcp", "ws"]).optional(),
          limit: DecimalInt(1, 100).optional(),
        }),
        response: {
          200: z.object({
            endpoints: z.array(
              z.object({
                nodeId: z.string(),
                tcp: z.string(),
                ws: z.string(),
                connections: z.number().int(),
                cpu: z.number(),
              }),
            ),
          }),
          ...authErrors,
        },
      },
    },
    async (request) => ({
      endpoints: await listEndpoints(deps.registry, { transport: request.query.transport, limit: request.query.limit }),
    }),
  );
};
