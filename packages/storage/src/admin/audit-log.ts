import type { PrismaDb, Queryable } from "./queryable.ts";

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
export type AuditDb = Queryable | PrismaDb;

/**
 * Appends one entry; entries are never changed or removed. The entry commits
 * in the transaction of the action it records, whichever kind that is: a
 * Prisma Client transaction (the administrative stores) or a pg client's (the
 * c2s outbox's beforeCommit, packages/outbox being SQL), hence the two forms.
 */
export async function appendAudit(db: AuditDb, record: AuditRecord): Promise<void> {
  const entry = {
    operatorId: "operatorId" in record ? record.operatorId : null,
    businessLineId: "businessLineId" in record ? record.businessLineId : null,
    keyId: "keyId" in record ? record.keyId : null,
    action: record.action,
    target: record.target ?? "",
    detail: record.detail ?? {},
    ip: record.ip ?? "",
  };
  if ("auditEntry" in db) {
    // In a Prisma Client transaction (the operator store's writes).
    await db.auditEntry.create({ data: { ...entry, detail: entry.detail as object } });
    return;
  }
  await db.query(
    `INSERT INTO audit_log (operator_id, business_line_id, key_id, action, target, detail, ip)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      entry.operatorId,
      entry.businessLineId,
      entry.keyId,
      entry.action,
      entry.target,
      JSON.stringify(entry.detail),
      entry.ip,
    ],
  );
}
