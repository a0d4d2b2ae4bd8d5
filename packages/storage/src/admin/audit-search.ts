import type { Prisma } from "@im/db";
import { escapeLike } from "../like-pattern.ts";
import type { AuditEntry } from "./audit-log.ts";
import type { PrismaDb } from "./queryable.ts";

/** Which entries listAudit returns; every field narrows the result. */
export interface AuditFilter {
  /** An operator's username or a business line's id. */
  actor?: string | undefined;
  /** Prefix of the action, e.g. "group." or "operator.password". */
  action?: string | undefined;
  /** Exact target. */
  target?: string | undefined;
  /** ms since epoch, half-open [from, to). */
  from?: number | undefined;
  to?: number | undefined;
  /** The id of the last entry of the previous page. */
  before?: number | undefined;
  limit: number;
}

/** Newest first, a page at a time (keyset on id), on Prisma Client. */
export async function listAudit(
  prisma: PrismaDb,
  filter: AuditFilter,
): Promise<{ entries: AuditEntry[]; nextBefore: number | null }> {
  const where: Prisma.AuditEntryWhereInput = {};
  if (filter.actor !== undefined)
    where.OR = [{ operator: { username: filter.actor } }, { businessLineId: filter.actor }];
  if (filter.action !== undefined) where.action = { startsWith: escapeLike(filter.action) };
  if (filter.target !== undefined) where.target = filter.target;
  if (filter.from !== undefined || filter.to !== undefined)
    where.createdAt = {
      ...(filter.from === undefined ? {} : { gte: new Date(filter.from) }),
      ...(filter.to === undefined ? {} : { lt: new Date(filter.to) }),
    };
  if (filter.before !== undefined) where.id = { lt: BigInt(filter.before) };
  const rows = await prisma.auditEntry.findMany({
    where,
    include: { operator: { select: { username: true } } },
    orderBy: { id: "desc" },
    take: filter.limit + 1,
  });
  const entries = rows.slice(0, filter.limit).map((r) => ({
    id: Number(r.id),
    operatorId: r.operatorId,
    username: r.operator?.username ?? null,
    businessLineId: r.businessLineId,
    keyId: r.keyId,
    action: r.action,
    target: r.target,
    detail: r.detail as Record<string, unknown>,
    ip: r.ip,
    createdAt: r.createdAt.getTime(),
  }));
  const last = entries.at(-1);
  return { entries, nextBefore: rows.length > filter.limit && last ? last.id : null };
}
