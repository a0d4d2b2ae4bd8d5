import type { Queryable } from "./queryable.ts";

/**
 * Which business line owns a user, a group or an org unit (business_line_id);
 * the rules built on it live with the API that enforces them. A claim sets the
 * owner only where there is none yet.
 */

export interface OwnedRow {
  id: string;
  /** null: nobody owns it yet. */
  owner: string | null;
}

/** Creates the missing users owned by the line and claims unowned ones; every row with its owner after. */
export async function claimOrCreateUsers(db: Queryable, uids: string[], businessId: string): Promise<OwnedRow[]> {
  const { rows } = await db.query<{ id: string; business_line_id: string | null }>(
    `INSERT INTO users AS u (id, business_line_id) SELECT unnest($1::text[]), $2
     ON CONFLICT (id) DO UPDATE SET business_line_id = COALESCE(u.business_line_id, EXCLUDED.business_line_id)
     RETURNING id, business_line_id`,
    [uids, businessId],
  );
  return rows.map((r) => ({ id: r.id, owner: r.business_line_id }));
}

/** Claims the existing users among `uids` that nobody owns; the existing ones with their owner after. */
export async function claimUsers(db: Queryable, uids: string[], businessId: string): Promise<OwnedRow[]> {
  const { rows } = await db.query<{ id: string; business_line_id: string | null }>(
    `UPDATE users SET business_line_id = COALESCE(business_line_id, $2) WHERE id = ANY($1::text[])
     RETURNING id, business_line_id`,
    [uids, businessId],
  );
  return rows.map((r) => ({ id: r.id, owner: r.business_line_id }));
}

/** One of `uids` owned by a line other than `businessId`, if any. */
export async function findForeignUser(db: Queryable, uids: string[], businessId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    "SELECT id FROM users WHERE id = ANY($1::text[]) AND business_line_id IS NOT NULL AND business_line_id <> $2 LIMIT 1",
    [uids, businessId],
  );
  return rows[0]?.id;
}

/** Tables whose rows business lines own besides users. */
const OWNED_TABLES = { user: "users", group: "groups", "org unit": "org_units" } as const;
export type OwnedKind = keyof typeof OWNED_TABLES;

/** The row's owner; undefined when there is no such row. */
export async function ownerOf(db: Queryable, kind: OwnedKind, id: string): Promise<OwnedRow | undefined> {
  const { rows } = await db.query<{ business_line_id: string | null }>(
    `SELECT business_line_id FROM ${OWNED_TABLES[kind]} WHERE id = $1`,
    [id],
  );
  return rows[0] && { id, owner: rows[0].business_line_id };
}

/** Claims the row when nobody owns it; its owner after, undefined when there is no such row. */
export async function claimRow(
  db: Queryable,
  kind: OwnedKind,
  id: string,
  businessId: string,
): Promise<OwnedRow | undefined> {
  const { rows } = await db.query<{ business_line_id: string | null }>(
    `UPDATE ${OWNED_TABLES[kind]} SET business_line_id = COALESCE(business_line_id, $2) WHERE id = $1 RETURNING business_line_id`,
    [id, businessId],
  );
  return rows[0] && { id, owner: rows[0].business_line_id };
}

/** Marks a row the line just created as its own. */
export async function setRowOwner(db: Queryable, kind: OwnedKind, id: string, businessId: string): Promise<void> {
  await db.query(`UPDATE ${OWNED_TABLES[kind]} SET business_line_id = $2 WHERE id = $1`, [id, businessId]);
}

/** The ids of the org units a line owns. */
export async function orgUnitsOwnedBy(db: Queryable, businessId: string): Promise<Set<string>> {
  const { rows } = await db.query<{ id: string }>("SELECT id FROM org_units WHERE business_line_id = $1", [businessId]);
  return new Set(rows.map((r) => r.id));
}
