import { ImError } from "@im/core";
import type { FastifyRequest, onRequestAsyncHookHandler } from "fastify";
import type pg from "pg";
import { csrfMatches, findSession, type OperatorSession } from "./operators.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The console session on /admin routes (set by the session hook). */
    operatorSession: OperatorSession | null;
  }
  interface FastifyContextConfig {
    /** An /admin route open without a session (login). */
    adminPublic?: boolean;
    /** A state-changing /admin route a viewer may call too (logout). */
    adminAnyRole?: boolean;
  }
}

export const SESSION_COOKIE = "im_admin_session";
export const CSRF_HEADER = "x-csrf-token";

export const READ_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The /admin gate, before the body is read: a live session from the cookie
 * (401), then for state-changing methods the session's CSRF token in
 * x-csrf-token (403), then the admin role unless the route allows any (403).
 */
export function operatorSessionHook(pool: pg.Pool, now: () => number): onRequestAsyncHookHandler {
  return async (request) => {
    const config = request.routeOptions.config;
    if (config.adminPublic) return;
    const token = request.cookies[SESSION_COOKIE];
    const session = token ? await findSession(pool, token, now()) : undefined;
    if (!session) throw new ImError("NOT_AUTHENTICATED", "sign in to the console first");
    if (!READ_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (!csrfMatches(session, typeof header === "string" ? header : undefined))
        throw new ImError("FORBIDDEN", `CSRF_REJECTED: the ${CSRF_HEADER} header is missing or wrong`);
      if (session.operator.role !== "admin" && !config.adminAnyRole)
        throw new ImError("FORBIDDEN", "this operator may only read");
    }
    request.operatorSession = session;
  };
}

export function sessionOf(request: FastifyRequest): OperatorSession {
  if (!request.operatorSession) throw new ImError("NOT_AUTHENTICATED", "sign in to the console first");
  return request.operatorSession;
}
