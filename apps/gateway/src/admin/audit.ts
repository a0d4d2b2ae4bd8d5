import type pg from "pg";

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
export type AuditDb = Pick<pg.Pool | pg.PoolClient, "query">;

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

/** Newest first; `before` is the id of the last entry of the previous page. */
export async function listAudit(
  pool: pg.Pool,
  limit: number,
  before: number | undefined,
): Promise<{ entries: AuditEntry[]; nextBefore: number | null }> {
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
     WHERE ($1::bigint IS NULL OR a.id < $1)
     ORDER BY a.id DESC LIMIT $2`,
    [before ?? null, limit + 1],
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
