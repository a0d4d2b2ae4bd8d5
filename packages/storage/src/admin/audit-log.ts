import type { Queryable } from "./queryable.ts";

/** Who acted: a signed-in operator, or a business line through one of its API keys. */
export type AuditActor = { operatorId: string } | { businessLineId: string; keyId: string };

export interface AuditEntry {
  id: number;
  /** Set when an operator acted. */
  operatorId: string | null;
  /** The operator's username (joined for display); null for business-line actions. */
  username: string | null;
  /** Set when a business line acted, with the key it used. */
  businessLineId: string | null;
  keyId: string | null;
  action: string;
  target: string;
  detail: Record<string, unknown>;
  /** Client address of the request; empty when unknown (CLI). */
  ip: string;
  /** ms since epoch. */
  createdAt: number;
}

export type AuditRecord = AuditActor & {
  action: string;
  target?: string;
  detail?: Record<string, unknown>;
  ip?: string;
};

/** A pool or a client inside an open transaction: pass the client so the action and its entry commit together. */
export type AuditDb = Queryable;

/** Appends one entry; entries are never changed or removed. */
export async function appendAudit(db: AuditDb, record: AuditRecord): Promise<void> {
  const operatorId = "operatorId" in record ? record.operatorId : null;
  const businessLineId = "businessLineId" in record ? record.businessLineId : null;
  const keyId = "keyId" in record ? record.keyId : null;
  await db.query(
    `INSERT INTO audit_log (operator_id, business_line_id, key_id, action, target, detail, ip)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      operatorId,
      businessLineId,
      keyId,
      record.action,
      record.target ?? "",
      JSON.stringify(record.detail ?? {}),
      record.ip ?? "",
    ],
  );
}

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

/** Newest first, a page at a time (keyset on id). */
export async function listAudit(
  pool: Queryable,
  filter: AuditFilter,
): Promise<{ entries: AuditEntry[]; nextBefore: number | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.actor !== undefined) {
    const actor = param(filter.actor);
    where.push(
      `(a.operator_id = (SELECT id FROM operators WHERE username = ${actor}) OR a.business_line_id = ${actor})`,
    );
  }
  if (filter.action !== undefined)
    where.push(`a.action LIKE ${param(`${filter.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
  if (filter.target !== undefined) where.push(`a.target = ${param(filter.target)}`);
  if (filter.from !== undefined) where.push(`a.created_at >= ${param(new Date(filter.from))}`);
  if (filter.to !== undefined) where.push(`a.created_at < ${param(new Date(filter.to))}`);
  if (filter.before !== undefined) where.push(`a.id < ${param(filter.before)}`);
  const limit = filter.limit;
  const { rows } = await pool.query<{
    id: string;
    operator_id: string | null;
    username: string | null;
    business_line_id: string | null;
    key_id: string | null;
    action: string;
    target: string;
    detail: Record<string, unknown>;
    ip: string;
    created_at: Date;
  }>(
    `SELECT a.id, a.operator_id, o.username, a.business_line_id, a.key_id, a.action, a.target, a.detail, a.ip,
            a.created_at
     FROM audit_log a LEFT JOIN operators o ON o.id = a.operator_id
     ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
     ORDER BY a.id DESC LIMIT ${param(limit + 1)}`,
    params,
  );
  const entries = rows.slice(0, limit).map((r) => ({
    id: Number(r.id),
    operatorId: r.operator_id,
    username: r.username,
    businessLineId: r.business_line_id,
    keyId: r.key_id,
    action: r.action,
    target: r.target,
    detail: r.detail,
    ip: r.ip,
    createdAt: r.created_at.getTime(),
  }));
  const last = entries.at(-1);
  return { entries, nextBefore: rows.length > limit && last ? last.id : null };
}
