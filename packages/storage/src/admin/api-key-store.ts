import { databaseNow } from "./database-now.ts";
import type { PrismaDb } from "./queryable.ts";

/**
 * Business lines' API keys (table api_keys), on Prisma Client; only a key's
 * sha256 hash is stored. Writes take the client of an interactive transaction
 * (withPrismaTransaction) so the change and its audit entry commit together.
 * Revocation times are read against the database clock, never the host's.
 */

export interface ApiKeyRecord {
  id: string;
  businessLineId: string;
  scopes: string[];
  rateLimit: number;
  createdAt: Date;
  /** In the future while a rotated key's overlap lasts. */
  revokedAt: Date | null;
}

const RECORD = {
  id: true,
  businessLineId: true,
  scopes: true,
  rateLimit: true,
  createdAt: true,
  revokedAt: true,
} as const;

/** Inserts a key; false (nothing written) when its business line does not exist. */
export async function insertApiKey(
  db: PrismaDb,
  key: { id: string; businessLineId: string; keyHash: string; scopes: string[]; rateLimit: number },
): Promise<boolean> {
  const line = await db.businessLine.findUnique({ where: { id: key.businessLineId }, select: { id: true } });
  if (!line) return false;
  await db.apiKey.create({ data: key });
  return true;
}

/** Every key of a line (of every line when undefined), oldest first. */
export async function listApiKeys(db: PrismaDb, businessLineId?: string): Promise<ApiKeyRecord[]> {
  return db.apiKey.findMany({
    where: businessLineId === undefined ? {} : { businessLineId },
    select: RECORD,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

/** A key never revoked (of one line, when given), its row locked until the caller's transaction ends. */
export async function lockUnrevokedApiKey(
  db: PrismaDb,
  id: string,
  businessLineId?: string,
): Promise<{ businessLineId: string; scopes: string[]; rateLimit: number } | undefined> {
  // Prisma Client has no FOR UPDATE: the lock is taken with a raw statement, the row read as a model.
  const line = businessLineId ?? null;
  const locked = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM api_keys
    WHERE id = ${id} AND revoked_at IS NULL AND (${line}::text IS NULL OR business_line_id = ${line}::text)
    FOR UPDATE`;
  if (locked.length === 0) return undefined;
  const row = await db.apiKey.findUnique({
    where: { id },
    select: { businessLineId: true, scopes: true, rateLimit: true },
  });
  return row ?? undefined;
}

/** The key keeps working for `afterSeconds` more (0: refused from now on), counted from the database's now(). */
export async function revokeApiKeyAfter(db: PrismaDb, id: string, afterSeconds: number): Promise<void> {
  const now = await databaseNow(db);
  await db.apiKey.update({ where: { id }, data: { revokedAt: new Date(now.getTime() + afterSeconds * 1000) } });
}

/** Revokes a key that still works (also ending a rotation's overlap at once); false when there is none. */
export async function revokeLiveApiKey(db: PrismaDb, id: string): Promise<boolean> {
  const now = await databaseNow(db);
  const { count } = await db.apiKey.updateMany({
    where: { id, OR: [{ revokedAt: null }, { revokedAt: { gt: now } }] },
    data: { revokedAt: now },
  });
  return count > 0;
}

/** The working key with this hash. */
export async function findLiveApiKey(
  db: PrismaDb,
  keyHash: string,
): Promise<(Omit<ApiKeyRecord, "createdAt" | "revokedAt"> & { keyHash: string }) | undefined> {
  // Every API request asks this: one raw statement, so "still working" is judged by the database's
  // clock without a second round trip for it.
  const rows = await db.$queryRaw<
    { id: string; business_line_id: string; key_hash: string; scopes: string[]; rate_limit: number }[]
  >`SELECT id, business_line_id, key_hash, scopes, rate_limit FROM api_keys
    WHERE key_hash = ${keyHash} AND (revoked_at IS NULL OR revoked_at > now())`;
  const r = rows[0];
  return (
    r && {
      id: r.id,
      businessLineId: r.business_line_id,
      keyHash: r.key_hash,
      scopes: r.scopes,
      rateLimit: r.rate_limit,
    }
  );
}
