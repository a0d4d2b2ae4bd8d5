import type pg from "pg";

export interface AuditEntry {
  id: number;
  operatorId: string;
  /** The operator's username (joined for display). */
  username: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
  /** ms since epoch. */
  createdAt: number;
}

export interface AuditRecord {
  operatorId: string;
  action: string;
  target?: string;
  detail?: Record<string, unknown>;
}

/** Appends one entry; entries are never changed or removed. */
export async function appendAudit(pool: pg.Pool, record: AuditRecord): Promise<void> {
  await pool.query("INSERT INTO audit_log (operator_id, action, target, detail) VALUES ($1, $2, $3, $4)", [
    record.operatorId,
    record.action,
    record.target ?? "",
    JSON.stringify(record.detail ?? {}),
  ]);
}

/** Newest first; `before` is the id of the last entry of the previous page. */
export async function listAudit(
  pool: pg.Pool,
  limit: number,
  before: number | undefined,
): Promise<{ entries: AuditEntry[]; nextBefore: number | null }> {
  const { rows } = await pool.query<{
    id: string;
    operator_id: string;
    username: string;
    action: string;
    target: string;
    detail: Record<string, unknown>;
    created_at: Date;
  }>(
    `SELECT a.id, a.operator_id, o.username, a.action, a.target, a.detail, a.created_at
     FROM audit_log a JOIN operators o ON o.id = a.operator_id
     WHERE ($1::bigint IS NULL OR a.id < $1)
     ORDER BY a.id DESC LIMIT $2`,
    [before ?? null, limit + 1],
  );
  const entries = rows.slice(0, limit).map((r) => ({
    id: Number(r.id),
    operatorId: r.operator_id,
    username: r.username,
    action: r.action,
    target: r.target,
    detail: r.detail,
    createdAt: r.created_at.getTime(),
  }));
  const last = entries.at(-1);
  return { entries, nextBefore: rows.length > limit && last ? last.id : null };
}
