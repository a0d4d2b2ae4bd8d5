import fastifyCookie from "@fastify/cookie";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { securityOf } from "../openapi-document.ts";
import type { RouteContext } from "../routes/context.ts";
import { archiveRoutes } from "./archive-routes.ts";
import { authRoutes } from "./auth-routes.ts";
import { businessLineRoutes } from "./business-line-routes.ts";
import { dashboardRoutes } from "./dashboard-routes.ts";
import { groupRoutes } from "./group-routes.ts";
import { liveRoutes } from "./live-routes.ts";
import { moderationRoutes } from "./moderation-routes.ts";
import { onlineRoutes } from "./online-routes.ts";
import { operationRoutes } from "./operation-routes.ts";
import { operatorRoutes } from "./operator-routes.ts";
import { operatorSessionHook, READ_METHODS } from "./session-hook.ts";
import { traceRoutes } from "./trace-routes.ts";
import { userRoutes } from "./user-routes.ts";

export { createOperator, type NewOperator, type Operator, type OperatorRole } from "./operators.ts";

/**
 * Admin API for the operator console, under /admin: cookie sessions of
 * operators (not business keys), CSRF-checked writes, an audit log.
 */
export const adminRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, options) => {
  // Not `options` itself: it carries the /admin prefix, which the child plugins would add again.
  const context: RouteContext = {
    deps: options.deps,
    users: options.users,
    messages: options.messages,
    now: options.now,
  };
  await app.register(fastifyCookie);
  // The document declares what the session hook enforces, from the same route config.
  app.addHook("onRoute", (route) => {
    const methods = [route.method].flat();
    const security = route.config?.adminPublic
      ? securityOf.public
      : methods.every((m) => READ_METHODS.has(m))
        ? securityOf.adminRead
        : securityOf.adminWrite;
    route.schema = { ...route.schema, security };
  });
  app.decorateRequest("operatorSession", null);
  app.addHook("onRequest", operatorSessionHook(context.deps.db.pool, context.now));
  await app.register(authRoutes, context);
  await app.register(dashboardRoutes, context);
  await app.register(operationRoutes, context);
  await app.register(groupRoutes, context);
  await app.register(operatorRoutes, context);
  await app.register(liveRoutes, context);
  await app.register(onlineRoutes, context);
  await app.register(userRoutes, context);
  await app.register(archiveRoutes, context);
  await app.register(traceRoutes, context);
  await app.register(businessLineRoutes, context);
  await app.register(moderationRoutes, context);
};
