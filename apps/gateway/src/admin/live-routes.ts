import { outboxHealth } from "@im/storage";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { DecimalInt, type RouteContext } from "../routes/context.ts";
import { HISTORY_WINDOW_MS, LiveStatsSampler, worstStoreP99 } from "./live-stats.ts";
import { adminErrors, TAGS } from "./schemas.ts";

/** The realtime nodes' default registry TTL (IM_NODE_TTL_MS). */
export const DEFAULT_NODE_TTL_MS = 5_000;

const Rates = {
  msgsInPerSec: z.number().meta({ description: "Messages stored per second, all nodes" }),
  msgsOutPerSec: z.number().meta({ description: "Message pushes written to sessions per second, all nodes" }),
  storeBatchP99Ms: z
    .number()
    .nullable()
    .meta({ description: "Slowest node's p99 from a send to its durable ack; null when nothing was sent" }),
};
const OnlineUsers = z
  .number()
  .int()
  .meta({ description: "Sessions in presence (a user signed in on two devices counts twice)" });

/**
 * The console's live dashboard: current numbers, and a history sampled in
 * this process every 10 s (a sampler started with the app, stopped on close).
 */
export const liveRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps, now, prisma }) => {
  const nodeTtlMs = deps.nodeTtlMs ?? DEFAULT_NODE_TTL_MS;
  const sampler = new LiveStatsSampler({
    registry: deps.registry,
    presence: deps.presence,
    now,
    intervalMs: deps.statsSampleMs,
    log: app.log,
  });
  sampler.start();
  app.addHook("onClose", () => sampler.stop());

  app.get(
    "/stats/live",
    {
      schema: {
        tags: TAGS,
        summary: "Cluster traffic now: nodes, sessions, message rates, c2s backlog and failures",
        operationId: "adminGetLiveStats",
        description:
          "Rates are taken between the last 10 s sample and the nodes' latest counters. c2sBacklog: outbox events " +
          "not yet delivered. webhookFailures1h: failed webhook attempts within the last hour. deadLetters: events given up on. A node is healthy " +
          "when its registry entry was updated within the node TTL.",
        response: {
          200: z.object({
            now: z.number().int(),
            onlineUsers: OnlineUsers,
            connections: z.number().int(),
            nodes: z.array(
              z.object({
                nodeId: z.string(),
                connections: z.number().int(),
                healthy: z.boolean(),
                draining: z.boolean(),
                cpu: z.number(),
                updatedAt: z.number().int(),
              }),
            ),
            ...Rates,
            c2sBacklog: z.number().int(),
            webhookFailures1h: z.number().int(),
            deadLetters: z.number().int(),
          }),
          ...adminErrors,
        },
      },
    },
    async () => {
      const [nodes, onlineUsers, outbox] = await Promise.all([
        deps.registry.list(),
        deps.presence.onlineCount(),
        outboxHealth(prisma),
      ]);
      const at = now();
      const counts = outbox;
      return {
        now: at,
        onlineUsers,
        connections: nodes.reduce((sum, n) => sum + n.connections, 0),
        nodes: nodes
          .sort((a, b) => a.nodeId.localeCompare(b.nodeId))
          .map((n) => ({
            nodeId: n.nodeId,
            connections: n.connections,
            healthy: at - n.updatedAt <= nodeTtlMs,
            draining: n.draining,
            cpu: n.cpu,
            updatedAt: n.updatedAt,
          })),
        ...sampler.ratesNow(nodes, at),
        storeBatchP99Ms: worstStoreP99(nodes),
        c2sBacklog: counts?.backlog ?? 0,
        webhookFailures1h: counts?.failures ?? 0,
        deadLetters: counts?.dead ?? 0,
      };
    },
  );

  app.get(
    "/stats/history",
    {
      schema: {
        tags: TAGS,
        summary: "Traffic samples of the last minutes (every 10 s, up to one hour), oldest first",
        operationId: "adminGetStatsHistory",
        description: "Sampled by this gateway process since it started; a restarted gateway starts over.",
        querystring: z.object({ minutes: DecimalInt(1, 60).default(60) }),
        response: {
          200: z.object({
            points: z.array(
              z.object({
                at: z.number().int(),
                onlineUsers: OnlineUsers,
                connections: z.number().int(),
                ...Rates,
              }),
            ),
          }),
          ...adminErrors,
        },
      },
    },
    async (request) => ({
      points: sampler.history(Math.min(request.query.minutes * 60_000, HISTORY_WINDOW_MS)),
    }),
  );
};
