import { ImError, type WriteOptions } from "@im/core";
import { type AuditRecord, appendAudit, type PrismaDb } from "@im/storage";
import type { FastifyReply, FastifyRequest } from "fastify";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route writes its own audit entry in the action's transaction; the generic one is skipped. */
    auditedInRoute?: boolean;
  }
}

/**
 * The entry a /v1 business-line write gets: the line, the key, the route and
 * its path parameters (never the body: message content stays out of the log).
 */
export function v1AuditRecord(
  request: FastifyRequest,
  status: number,
  more: { target?: string; detail?: Record<string, unknown> } = {},
): AuditRecord {
  const grant = request.grant;
  if (!grant) throw new ImError("NOT_AUTHENTICATED", "no business-line key");
  const params = (request.params ?? {}) as Record<string, string>;
  return {
    businessLineId: grant.businessId,
    keyId: grant.keyId,
    action: `v1 ${request.method} ${request.routeOptions.url ?? request.url}`,
    target: more.target ?? Object.values(params).join("/"),
    detail: { params, status, ...more.detail },
    ip: request.ip,
  };
}

/**
 * A store write's hook that appends the entry inside the store's transaction,
 * so the change and its entry commit together (the store answers UNAVAILABLE
 * when the entry cannot be written, and nothing changed). The entry is made
 * from the store's result when it names what was created. The stores on
 * Prisma Client (groups, org) hand over their Prisma transaction.
 */
export function auditBeforeCommit<T>(
  outside: PrismaDb,
  record: AuditRecord | ((result: T) => AuditRecord),
  also?: (tx: PrismaDb, result: T) => Promise<void>,
): WriteOptions<T> {
  return {
    beforeCommit: async (tx, result) => {
      // Memory stores have no transaction to join (tx undefined): `outside` then.
      const db = (tx as PrismaDb | undefined) ?? outside;
      await also?.(db, result);
      await appendAudit(db, typeof record === "function" ? record(result) : record);
    },
  };
}

/** An entry written on its own (an intent before an action with no transaction to join): failure is UNAVAILABLE. */
export async function auditOrUnavailable(write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch (err) {
    if (err instanceof ImError) throw err;
    throw new ImError("UNAVAILABLE", "the audit log is unavailable, nothing was done; retry");
  }
}

/**
 * Writes routes do not audit themselves: every successful business-line write
 * on /v1 gets an entry. Routes whose action and entry share one transaction
 * (or that write the entry first, as the intent) say so and are skipped here;
 * for the others the entry is written once the action has committed and
 * before the reply leaves, so a caller never sees success for an unaudited
 * write: if the entry cannot be written, the reply is an error (the action
 * stands; the log says so).
 */
export function auditWritesHook(prisma: PrismaDb) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    if (request.method === "GET" || request.method === "HEAD" || reply.statusCode >= 300) return payload;
    if (request.routeOptions.config.auditedInRoute || !request.grant) return payload;
    try {
      await appendAudit(prisma, v1AuditRecord(request, reply.statusCode));
    } catch (err) {
      request.log.error({ err, url: request.url }, "audit entry for a business-line write failed");
      throw new ImError("UNAVAILABLE", "the change was made but could not be audited; check its state before retrying");
    }
    return payload;
  };
}
