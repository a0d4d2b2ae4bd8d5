import { ImError } from "@im/core";
import type pg from "pg";
import type { KeyGrant } from "./business-keys.ts";

/**
 * Business-line isolation for users (README "Business-line isolation"): a user
 * belongs to the first line that creates it, issues it a token, sends it a
 * message or acts on it; from then on only that line's keys see or change it.
 * A key with the explicit "cross-line" scope acts on any line's users (a key
 * with no scopes listed does not: cross-line is never implied).
 */
export function isCrossLine(grant: KeyGrant): boolean {
  return grant.scopes.includes("cross-line");
}

/** The pool, or a client inside an open transaction: a claim then commits with the action it guards. */
export type OwnershipDb = Pick<pg.PoolClient, "query">;

const refused = (uid: string) => new ImError("FORBIDDEN", `user ${uid} belongs to another business line`);

/**
 * For writes that may bring users into being (profile upsert, tokens,
 * messages): creates missing users owned by the line and claims unowned ones;
 * refuses when any belongs to another line.
 */
export async function claimUsers(pool: OwnershipDb, grant: KeyGrant, uids: readonly string[]): Promise<void> {
  if (uids.length === 0) return;
  const { rows } = await pool.query<{ id: string; business_line_id: string }>(
    `INSERT INTO users AS u (id, business_line_id) SELECT unnest($1::text[]), $2
     ON CONFLICT (id) DO UPDATE SET business_line_id = COALESCE(u.business_line_id, EXCLUDED.business_line_id)
     RETURNING id, business_line_id`,
    [[...new Set(uids)], grant.businessId],
  );
  if (isCrossLine(grant)) return;
  const foreign = rows.find((r) => r.business_line_id !== grant.businessId);
  if (foreign) throw refused(foreign.id);
}

/**
 * For actions on an existing user (kick, ban, revoke): claims it when nobody
 * owns it yet; 404 when it does not exist, 403 when another line owns it.
 */
export async function actOnUser(pool: OwnershipDb, grant: KeyGrant, uid: string): Promise<void> {
  const { rows } = await pool.query<{ business_line_id: string | null }>(
    `UPDATE users SET business_line_id = COALESCE(business_line_id, $2) WHERE id = $1 RETURNING business_line_id`,
    [uid, grant.businessId],
  );
  if (rows.length === 0) throw new ImError("USER_NOT_FOUND", `user ${uid} does not exist`);
  if (!isCrossLine(grant) && rows[0]?.business_line_id !== grant.businessId) throw refused(uid);
}

/** actOnUser for several users at once (message receivers): all must exist; unowned ones are claimed. */
export async function actOnUsers(pool: OwnershipDb, grant: KeyGrant, uids: readonly string[]): Promise<void> {
  const unique = [...new Set(uids)];
  const { rows } = await pool.query<{ id: string; business_line_id: string | null }>(
    `UPDATE users SET business_line_id = COALESCE(business_line_id, $2) WHERE id = ANY($1::text[])
     RETURNING id, business_line_id`,
    [unique, grant.businessId],
  );
  const found = new Set(rows.map((r) => r.id));
  const missing = unique.find((u) => !found.has(u));
  if (missing !== undefined) throw new ImError("USER_NOT_FOUND", `user ${missing} does not exist`);
  if (isCrossLine(grant)) return;
  const foreign = rows.find((r) => r.business_line_id !== grant.businessId);
  if (foreign) throw refused(foreign.id);
}

/**
 * For putting users into a group or an org unit: none may belong to another
 * line. Unowned and unknown uids pass (the store decides about unknown ones).
 */
export async function noForeignUsers(pool: OwnershipDb, grant: KeyGrant, uids: readonly string[]): Promise<void> {
  if (uids.length === 0 || isCrossLine(grant)) return;
  const { rows } = await pool.query<{ id: string }>(
    "SELECT id FROM users WHERE id = ANY($1::text[]) AND business_line_id IS NOT NULL AND business_line_id <> $2 LIMIT 1",
    [[...new Set(uids)], grant.businessId],
  );
  if (rows[0]) throw refused(rows[0].id);
}

/** For reads (profile, conversations, history, groups): only the owner line; nobody claims by reading. */
export async function readUser(pool: OwnershipDb, grant: KeyGrant, uid: string): Promise<void> {
  const { rows } = await pool.query<{ business_line_id: string | null }>(
    "SELECT business_line_id FROM users WHERE id = $1",
    [uid],
  );
  if (rows.length === 0) throw new ImError("USER_NOT_FOUND", `user ${uid} does not exist`);
  if (!isCrossLine(grant) && rows[0]?.business_line_id !== grant.businessId) throw refused(uid);
}

/** Tables whose rows business lines own besides users. */
const OWNED = { group: "groups", "org unit": "org_units" } as const;

/**
 * The same rule for a group or an org unit: writes claim an unowned one, reads
 * need the line to own it. A missing row passes, so the route answers its own 404.
 */
export async function checkOwned(
  pool: OwnershipDb,
  grant: KeyGrant,
  kind: keyof typeof OWNED,
  id: string,
  write: boolean,
): Promise<void> {
  const table = OWNED[kind];
  const { rows } = write
    ? await pool.query<{ business_line_id: string | null }>(
        `UPDATE ${table} SET business_line_id = COALESCE(business_line_id, $2) WHERE id = $1 RETURNING business_line_id`,
        [id, grant.businessId],
      )
    : await pool.query<{ business_line_id: string | null }>(`SELECT business_line_id FROM ${table} WHERE id = $1`, [
        id,
      ]);
  if (rows.length === 0 || isCrossLine(grant)) return;
  if (rows[0]?.business_line_id !== grant.businessId)
    throw new ImError("FORBIDDEN", `${kind} ${id} belongs to another business line`);
}

/**
 * The write rule of checkOwned without its claim, for changes whose own
 * transaction then claims (checkOwned with `write`, next to the audit entry):
 * a missing, unowned or own row passes, another line's is 403.
 */
export async function checkWritable(
  pool: OwnershipDb,
  grant: KeyGrant,
  kind: keyof typeof OWNED,
  id: string,
): Promise<void> {
  const { rows } = await pool.query<{ business_line_id: string | null }>(
    `SELECT business_line_id FROM ${OWNED[kind]} WHERE id = $1`,
    [id],
  );
  const owner = rows[0]?.business_line_id ?? null;
  if (owner === null || isCrossLine(grant) || owner === grant.businessId) return;
  throw new ImError("FORBIDDEN", `${kind} ${id} belongs to another business line`);
}

/** Marks a row the line just created as its own. */
export async function setOwner(
  pool: OwnershipDb,
  grant: KeyGrant,
  kind: keyof typeof OWNED,
  id: string,
): Promise<void> {
  await pool.query(`UPDATE ${OWNED[kind]} SET business_line_id = $2 WHERE id = $1`, [id, grant.businessId]);
}
