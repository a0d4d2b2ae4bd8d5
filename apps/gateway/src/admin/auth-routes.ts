import { ImError } from "@im/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse } from "../errors.ts";
import type { RouteContext } from "../routes/context.ts";
import { withTransaction } from "../transaction.ts";
import { appendAudit } from "./audit.ts";
import { mayReadContent } from "./content-access.ts";
import { LoginThrottle } from "./login-throttle.ts";
import {
  authenticate,
  endSession,
  endSessionsOf,
  hashPassword,
  lockOperator,
  startSession,
  verifyArgon2,
} from "./operators.ts";
import { adminErrors, OperatorSchema, TAGS } from "./schemas.ts";
import { SESSION_COOKIE, sessionOf } from "./session-hook.ts";

const SessionBody = z.object({ operator: OperatorSchema, csrfToken: z.string() });

/** Sign in, sign out, and who is signed in. */
export const authRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps, now }) => {
  const pool = deps.db.pool;
  const throttle = new LoginThrottle(now);
  const verifyPassword = deps.verifyPassword ?? verifyArgon2;

  app.post(
    "/login",
    {
      config: { adminPublic: true },
      schema: {
        tags: TAGS,
        summary: "Sign in to the console",
        operationId: "adminLogin",
        description:
          "Sets an HttpOnly, SameSite=Strict session cookie. Send the returned csrfToken as x-csrf-token " +
          "with every state-changing request.",
        body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) }),
        response: { 200: SessionBody, ...adminErrors, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      // Reserved before the check: concurrent attempts cannot all get past the budget.
      const reservation = throttle.reserve(request.ip, username);
      if (!reservation.ok)
        throw new ImError("RATE_LIMITED", "too many failed sign-ins, try again later", reservation.waitMs);
      let operator: Awaited<ReturnType<typeof authenticate>>;
      try {
        operator = await authenticate(pool, username, password, verifyPassword);
      } catch (err) {
        reservation.attempt.failed();
        throw err;
      }
      if (!operator) {
        reservation.attempt.failed();
        request.log.warn({ username, ip: request.ip }, "console sign-in failed");
        throw new ImError("NOT_AUTHENTICATED", "wrong username or password");
      }
      reservation.attempt.succeeded();
      // No session without its entry: both commit together.
      const { token, session } = await withTransaction(pool, async (client) => {
        const started = await startSession(client, operator, now());
        await appendAudit(client, {
          operatorId: operator.id,
          action: "login",
          target: operator.username,
          ip: request.ip,
        });
        return started;
      });
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
        operationId: "adminLogout",
        response: { 200: z.object({ loggedOut: z.literal(true) }), ...adminErrors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      await withTransaction(pool, async (client) => {
        await endSession(client, session.id);
        await appendAudit(client, {
          operatorId: session.operator.id,
          action: "logout",
          target: session.operator.username,
          ip: request.ip,
        });
      });
      reply.clearCookie(SESSION_COOKIE, { path: "/admin" });
      return { loggedOut: true as const };
    },
  );

  app.post(
    "/me/password",
    {
      config: { adminAnyRole: true },
      schema: {
        tags: TAGS,
        summary: "Change your own password; your other sessions end, this one stays",
        operationId: "adminChangeOwnPassword",
        description: "A wrong currentPassword counts as a failed sign-in (same throttle: 429 when exhausted).",
        body: z.object({
          currentPassword: z.string().min(1).max(1024),
          newPassword: z.string().min(1).max(1024).meta({ description: "12-1024 characters" }),
        }),
        response: { 200: z.object({ sessionsEnded: z.number().int() }), ...adminErrors, 429: ErrorResponse },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const { currentPassword, newPassword } = request.body;
      const passwordHash = await hashPassword(newPassword);
      const reservation = throttle.reserve(request.ip, session.operator.username);
      if (!reservation.ok)
        throw new ImError("RATE_LIMITED", "too many wrong passwords, try again later", reservation.waitMs);
      let checked: Awaited<ReturnType<typeof authenticate>>;
      try {
        checked = await authenticate(pool, session.operator.username, currentPassword, verifyPassword);
      } catch (err) {
        reservation.attempt.failed();
        throw err;
      }
      if (checked?.id !== session.operator.id) {
        reservation.attempt.failed();
        throw new ImError("INVALID_ARGUMENT", "currentPassword is wrong");
      }
      reservation.attempt.succeeded();
      const sessionsEnded = await withTransaction(pool, async (client) => {
        await lockOperator(client, session.operator.id);
        await client.query("UPDATE operators SET password_hash = $2 WHERE id = $1", [
          session.operator.id,
          passwordHash,
        ]);
        const ended = await endSessionsOf(client, session.operator.id, session.id);
        await appendAudit(client, {
          operatorId: session.operator.id,
          action: "operator.password.change",
          target: session.operator.username,
          detail: { sessionsEnded: ended },
          ip: request.ip,
        });
        return ended;
      });
      return { sessionsEnded };
    },
  );

  app.get(
    "/me",
    {
      schema: {
        tags: TAGS,
        summary: "The signed-in operator, and the CSRF token of the session (for a reloaded console)",
        operationId: "adminGetMe",
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
