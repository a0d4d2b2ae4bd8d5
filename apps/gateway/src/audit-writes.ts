import { ImError } from "@im/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import { appendAudit } from "./admin/audit.ts";
import type { KeyDb } from "./business-keys.ts";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route writes its own audit entry in the action's transaction; the generic one is skipped. */
    auditedInRoute?: boolean;
  }
}

/**
 * Every successful business-line write on /v1 gets an audit entry naming the
 * line, the key, the route and its path parameters (never the body: message
 * content stays out of the log). Routes whose action and entry share one
 * transaction say so and are skipped here; for the others the entry is
 * written once the action has committed and before the reply leaves, so a
 * caller never sees success for an unaudited write: if the entry cannot be
 * written, the reply is an error (the action stands; the log says so).
 */
export function auditWritesHook(db: KeyDb) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    if (request.method === "GET" || request.method === "HEAD" || reply.statusCode >= 300) return payload;
    if (request.routeOptions.config.auditedInRoute || !request.grant) return payload;
    const params = (request.params ?? {}) as Record<string, string>;
    try {
      await appendAudit(db.pool, {
        businessLineId: request.grant.businessId,
        keyId: request.grant.keyId,
        action: `v1 ${request.method} ${request.routeOptions.url ?? request.url}`,
        target: Object.values(params).join("/"),
        detail: { params, status: reply.statusCode },
        ip: request.ip,
      });
    } catch (err) {
      request.log.error({ err, url: request.url }, "audit entry for a business-line write failed");
      throw new ImError("UNAVAILABLE", "the change was made but could not be audited; check its state before retrying");
    }
    return payload;
  };
}
