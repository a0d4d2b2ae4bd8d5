import type { Queryable } from "./queryable.ts";

/** Business lines' API keys (table api_keys); only a key's sha256 hash is stored. */

export interface ApiKeyRecord {
  id: string;
  businessLineId: string;
  scopes: string[];
  rateLimit: number;
  createdAt: Date;
  /** In the future while a rotated key's overlap lasts. */
  revokedAt: Date | null;
}

export async function insertApiKey(
  db: Queryable,
  key: { id: string; businessLineId: string; keyHash: string; scopes: string[]; rateLimit: number },
): Promise<void> {
  await db.query(
    "INSERT INTO api_keys (id, business_line_id, key_hash, scopes, rate_limit) VALUES ($1, $2, $3, $4, $5)",
    [key.id, key.businessLineId, key.keyHash, key.scopes, key.rateLimit],
  );
}

/** Every key of a line (of every line when undefined), oldest first. */
export async function listApiKeys(db: Queryable, businessLineId?: string): Promise<ApiKeyRecord[]> {
  const { rows } = await db.query<{
    id: string;
    business_line_id: string;
    scopes: string[];
    rate_limit: number;
    created_at: Date;
    revoked_at: Date | null;
  }>(
    `SELECT id, business_line_id, scopes, rate_limit, created_at, revoked_at FROM api_keys
     WHERE $1::text IS NULL OR business_line_id = $1 ORDER BY created_at, id`,
    [businessLineId ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    businessLineId: r.business_line_id,
    scopes: r.scopes,
    rateLimit: r.rate_limit,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  }));
}

/** A key never revoked (of one line, when given), its row locked until the caller's transaction ends. */
export async function lockUnrevokedApiKey(
  db: Queryable,
  id: string,
  businessLineId?: string,
): Promise<{ businessLineId: string; scopes: string[]; rateLimit: number } | undefined> {
  const { rows } = await db.query<{ business_line_id: string; scopes: string[]; rate_limit: number }>(
    `SELECT business_line_id, scopes, rate_limit FROM api_keys
     WHERE id = $1 AND revoked_at IS NULL AND ($2::text IS NULL OR business_line_id = $2) FOR UPDATE`,
    [id, businessLineId ?? null],
  );
  const r = rows[0];
  return r && { businessLineId: r.business_line_id, scopes: r.scopes, rateLimit: r.rate_limit };
}

/** The key keeps working for `afterSeconds` more (0: refused from now on). */
export async function revokeApiKeyAfter(db: Queryable, id: string, afterSeconds: number): Promise<void> {
  await db.query("UPDATE api_keys SET revoked_at = now() + make_interval(secs => $2) WHERE id = $1", [
    id,
    afterSeconds,
  ]);
}

/** Revokes a key that still works (also ending a rotation's overlap at once); false when there is none. */
export async function revokeLiveApiKey(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    "UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND (revoked_at IS NULL OR revoked_at > now())",
    [id],
  );
  return (rowCount ?? 0) > 0;
}

/** The working key with this hash. */
export async function findLiveApiKey(
  db: Queryable,
  keyHash: string,
): Promise<(Omit<ApiKeyRecord, "createdAt" | "revokedAt"> & { keyHash: string }) | undefined> {
  const { rows } = await db.query<{
    id: string;
    business_line_id: string;
    key_hash: string;
    scopes: string[];
    rate_limit: number;
  }>(
    "SELECT id, business_line_id, key_hash, scopes, rate_limit FROM api_keys WHERE key_hash = $1 AND (revoked_at IS NULL OR revoked_at > now())",
    [keyHash],
  );
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
