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

/**
 * Appends one entry; entries are never changed or removed. Hand-written SQL on
 * a pg client: the entry must commit in the same transaction as the action it
 * records, and those transactions (withTransaction, the group and org stores'
 * beforeCommit) run on pg clients, not in Prisma Client's transactions.
 */
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
