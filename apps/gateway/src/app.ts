import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import { metricsAccess } from "@im/auth";
import { ImError, KeyedRateLimiter } from "@im/core";
import { createDb } from "@im/db";
import { MessageRepository, pingDatabase, UserRepository } from "@im/storage";
import Fastify, { type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { adminRoutes } from "./admin/index.ts";
import { auditWritesHook } from "./audit-writes.ts";
import { businessKeyHook } from "./auth.ts";
import { guardBackends } from "./backend-guard.ts";
import type { GatewayDeps } from "./deps.ts";
import { ErrorResponse, installErrorHandlers } from "./errors.ts";
import { inputGuardHook } from "./input-guard.ts";
import { createGatewayMetrics, instrument } from "./metrics.ts";
import { openapiOptions, securityOf } from "./openapi-document.ts";
import { c2sRoutes } from "./routes/c2s.ts";
import type { RouteContext } from "./routes/context.ts";
import { conversationRoutes } from "./routes/conversations.ts";
import { groupRoutes } from "./routes/groups.ts";
import { iplistRoutes } from "./routes/iplist.ts";
import { messageRoutes } from "./routes/messages.ts";
import { moderationRoutes } from "./routes/moderation.ts";
import { orgRoutes } from "./routes/org.ts";
import { tokenRoutes } from "./routes/tokens.ts";
import { userRoutes } from "./routes/users.ts";

export type { GatewayDeps } from "./deps.ts";

/** The console proxies the admin API on loopback. */
export const DEFAULT_TRUSTED_PROXIES: readonly string[] = ["127.0.0.1", "::1"];

/** Largest request body (sendMsg to 1,000 receivers with 64 KiB of content fits). */
const BODY_LIMIT = 1024 * 1024;

/**
 * Builds the gateway's HTTP app (not listening): the business API under
 * /v1, health and metrics, and the OpenAPI document with its reference UI.
 */
export async function buildApp(given: GatewayDeps): Promise<FastifyInstance> {
  const deps = guardBackends(given);
  const now = deps.now ?? Date.now;
  const app = Fastify({
    ...(deps.logger === undefined
      ? { logger: false }
      : "child" in deps.logger
        ? { loggerInstance: deps.logger }
        : { logger: { level: deps.logger.level } }),
    ...(deps.https ? { https: { cert: deps.https.cert, key: deps.https.key } } : {}),
    bodyLimit: BODY_LIMIT,
    // request.ip is X-Forwarded-For's client only when the peer is a trusted proxy.
    trustProxy: [...(deps.trustedProxies ?? DEFAULT_TRUSTED_PROXIES)],
    // Returned to callers in error messages only as our own codes; ids help to find log lines.
    requestIdHeader: "x-request-id",
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest("grant", null);
  installErrorHandlers(app);
  app.addHook("preValidation", inputGuardHook);

  const metrics = createGatewayMetrics();
  instrument(app, metrics);

  await app.register(fastifySwagger, openapiOptions);
  await app.register(fastifySwaggerUi, { routePrefix: "/docs" });

  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  app.get(
    "/healthz",
    {
      schema: {
        tags: ["health"],
        summary: "The process is up",
        operationId: "getHealth",
        security: securityOf.public,
        // 400: the input guard refuses unstorable text in any query, as on every route.
        response: { 200: z.object({ status: z.literal("ok") }), 400: ErrorResponse },
      },
    },
    async () => ({ status: "ok" as const }),
  );

  app.get(
    "/readyz",
    {
      schema: {
        tags: ["health"],
        summary: "The database (and in cluster mode Redis) is reachable",
        operationId: "getReadiness",
        security: securityOf.public,
        response: { 200: z.object({ status: z.literal("ok") }), 400: ErrorResponse, 503: ErrorResponse },
      },
    },
    async (request) => {
      try {
        await pingDatabase(deps.db.pool);
      } catch (err) {
        request.log.warn({ err }, "database unreachable");
        throw new ImError("UNAVAILABLE", "database unreachable");
      }
      if (deps.backendsReady?.() === false) throw new ImError("UNAVAILABLE", "redis unreachable");
      return { status: "ok" as const };
    },
  );

  app.get(
    "/metrics",
    {
      schema: {
        tags: ["health"],
        summary: "Prometheus metrics",
        operationId: "getMetrics",
        security: securityOf.metrics,
        response: { 200: z.string(), 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request, reply) => {
      const access = metricsAccess(request.socket.remoteAddress, request.headers.authorization, deps.metricsToken);
      if (access === "unauthorized") throw new ImError("NOT_AUTHENTICATED", "/metrics needs its bearer token");
      if (access === "forbidden") throw new ImError("FORBIDDEN", "/metrics is served to loopback peers only");
      reply.header("content-type", metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );

  let prisma = deps.db.prisma;
  if (!prisma) {
    // A host that passed only a pool (tests, embedded) gets a client on it, disconnected with the app.
    const onPool = createDb({ pool: deps.db.pool });
    prisma = onPool.prisma;
    app.addHook("onClose", () => onPool.close());
  }
  const context: RouteContext = {
    deps,
    prisma,
    users: new UserRepository(prisma),
    messages: new MessageRepository(deps.db.pool),
    now,
  };
  const limiter = new KeyedRateLimiter(now);
  await app.register(
    async (v1) => {
      v1.addHook("onRequest", businessKeyHook({ pool: deps.db.pool, prisma }, limiter));
      v1.addHook("onSend", auditWritesHook(prisma));
      await v1.register(userRoutes, context);
      await v1.register(tokenRoutes, context);
      await v1.register(moderationRoutes, context);
      await v1.register(messageRoutes, context);
      await v1.register(iplistRoutes, context);
      await v1.register(groupRoutes, context);
      await v1.register(conversationRoutes, context);
      await v1.register(orgRoutes, context);
      await v1.register(c2sRoutes, context);
    },
    { prefix: "/v1" },
  );
  await app.register(adminRoutes, { ...context, prefix: "/admin" });

  return app;
}
