import { ImError } from "@im/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse } from "../errors.ts";
import type { RouteContext } from "../routes/context.ts";
import { appendAudit } from "./audit.ts";
import { mayReadContent } from "./content-access.ts";
import { LoginThrottle } from "./login-throttle.ts";
import { authenticate, endSession, startSession } from "./operators.ts";
import { adminErrors, OperatorSchema, TAGS } from "./schemas.ts";
import { SESSION_COOKIE, sessionOf } from "./session-hook.ts";

const SessionBody = z.object({ operator: OperatorSchema, csrfToken: z.string() });

/** Sign in, sign out, and who is signed in. */
export const authRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps, now }) => {
  const pool = deps.db.pool;
  const throttle = new LoginThrottle(now);

  app.post(
    "/login",
    {
      config: { adminPublic: true },
      schema: {
        tags: TAGS,
        summary: "Sign in to the console",
        description:
          "Sets an HttpOnly, SameSite=Strict session cookie. Send the returned csrfToken as x-csrf-token " +
          "with every state-changing request.",
        body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) }),
        response: { 200: SessionBody, ...adminErrors, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const waitMs = throttle.waitMs(request.ip, username);
      if (waitMs > 0) throw new ImError("RATE_LIMITED", "too many failed sign-ins, try again later", waitMs);
      const operator = await authenticate(pool, username, password);
      if (!operator) {
        throttle.failed(request.ip, username);
        request.log.warn({ username }, "console sign-in failed");
        throw new ImError("NOT_AUTHENTICATED", "wrong username or password");
      }
      throttle.succeeded(request.ip, username);
      const { token, session } = await startSession(pool, operator, now());
      await appendAudit(pool, { operatorId: operator.id, action: "login", target: operator.username });
      reply.setCookie(SESSION_COOKIE, token, {
        path: "/admin",
        httpOnly: true,
        sameSite: "strict",
        secure: "auto",
        expires: new Date(session.expiresAt),
      });
      return { operator, csrfToken: session.csrfToken };
    },
  );

  app.post(
    "/logout",
    {
      config: { adminAnyRole: true },
      schema: {
        tags: TAGS,
        summary: "Sign out: ends the session",
        response: { 200: z.object({ loggedOut: z.literal(true) }), ...adminErrors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      await endSession(pool, session.id);
      await appendAudit(pool, { operatorId: session.operator.id, action: "logout", target: session.operator.username });
      reply.clearCookie(SESSION_COOKIE, { path: "/admin" });
      return { loggedOut: true as const };
    },
  );

  app.get(
    "/me",
    {
      schema: {
        tags: TAGS,
        summary: "The signed-in operator, and the CSRF token of the session (for a reloaded console)",
        response: {
          200: SessionBody.extend({
            expiresAt: z.number().int(),
            canReadContent: z.boolean().meta({ description: "Message content is shown to this operator" }),
          }),
          ...adminErrors,
        },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      return {
        operator: session.operator,
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt,
        canReadContent: await mayReadContent(deps.db.pool, session),
      };
    },
  );
};
