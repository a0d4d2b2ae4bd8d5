import { ImError, type KeyedRateLimiter } from "@im/core";
import type { FastifyRequest, onRequestAsyncHookHandler } from "fastify";
import { findApiKey, type KeyDb, type KeyGrant, type Scope } from "./business-keys.ts";

/** Requests per second of a key whose rate_limit is 0. */
export const DEFAULT_RATE_LIMIT = 100;

declare module "fastify" {
  interface FastifyRequest {
    /** The business line's key grant on /v1 routes (set by the auth hook). */
    grant: KeyGrant | null;
  }
  interface FastifyContextConfig {
    /** The scope a key needs for this route. */
    scope?: Scope;
  }
}

/**
 * The /v1 gate: `authorization: Bearer imk_<keyId>_<secret>` → the key's
 * grant (401 when missing, malformed, unknown or revoked), then its rate
 * limit (429 with Retry-After), then the route's scope (403). Runs before
 * body validation, so an unauthenticated caller learns nothing about inputs.
 */
export function businessKeyHook(db: KeyDb, limiter: KeyedRateLimiter): onRequestAsyncHookHandler {
  return async (request) => {
    const header = request.headers.authorization;
    const match = typeof header === "string" ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new ImError("NOT_AUTHENTICATED", "authorization: Bearer <api key> is required");
    const grant = await findApiKey(db, match[1] as string).catch((err: unknown) => {
      request.log.warn({ err }, "api key lookup failed");
      throw new ImError("UNAVAILABLE", "cannot check api keys right now, retry", 1000);
    });
    if (!grant) throw new ImError("NOT_AUTHENTICATED", "invalid or revoked api key");
    const waitMs = limiter.take(grant.keyId, grant.rateLimit > 0 ? grant.rateLimit : DEFAULT_RATE_LIMIT);
    if (waitMs > 0) throw new ImError("RATE_LIMITED", "rate limit of this api key exceeded", waitMs);
    const scope = request.routeOptions.config.scope;
    if (scope && grant.scopes.length > 0 && !grant.scopes.includes(scope))
      throw new ImError("FORBIDDEN", `this api key lacks the ${scope} scope`);
    request.grant = grant;
  };
}

export function grantOf(request: FastifyRequest): KeyGrant {
  if (!request.grant) throw new ImError("NOT_AUTHENTICATED", "not authenticated");
  return request.grant;
}
