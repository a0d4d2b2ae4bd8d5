import type { PrismaDb } from "./queryable.ts";

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

/**
 * Appends one entry; entries are never changed or removed. Pass the client of
 * the action's transaction (withPrismaTransaction) so the action and its entry
 * commit together.
 */
export async function appendAudit(db: PrismaDb, record: AuditRecord): Promise<void> {
  const entry = {
    operatorId: "operatorId" in record ? record.operatorId : null,
    businessLineId: "businessLineId" in record ? record.businessLineId : null,
    keyId: "keyId" in record ? record.keyId : null,
    action: record.action,
    target: record.target ?? "",
    detail: record.detail ?? {},
    ip: record.ip ?? "",
  };
  await db.auditEntry.create({ data: { ...entry, detail: entry.detail as object } });
}
