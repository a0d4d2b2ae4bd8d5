import type { PrismaDb, Queryable } from "./queryable.ts";

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

/** Prisma Client or a pg client: the group and org stores still hand pg transactions to their hooks. */
export type OwnershipDb = PrismaDb | Queryable;

function onPrisma(db: OwnershipDb): db is PrismaDb {
  return "$queryRaw" in db;
}

const toOwned = (r: { id: string; businessLineId: string | null }): OwnedRow => ({ id: r.id, owner: r.businessLineId });

/** Creates the missing users owned by the line and claims unowned ones; every row with its owner after. */
export async function claimOrCreateUsers(db: OwnershipDb, uids: string[], businessId: string): Promise<OwnedRow[]> {
  if (!onPrisma(db)) {
    const { rows } = await db.query<{ id: string; business_line_id: string | null }>(
      `INSERT INTO users AS u (id, business_line_id) SELECT unnest($1::text[]), $2
       ON CONFLICT (id) DO UPDATE SET business_line_id = COALESCE(u.business_line_id, EXCLUDED.business_line_id)
       RETURNING id, business_line_id`,
      [uids, businessId],
    );
    return rows.map((r) => ({ id: r.id, owner: r.business_line_id }));
  }
  // skipDuplicates: ON CONFLICT DO NOTHING, so existing users are left to the claim below.
  await db.user.createMany({ data: uids.map((id) => ({ id, businessLineId: businessId })), skipDuplicates: true });
  return claimUsers(db, uids, businessId);
}

/** Claims the existing users among `uids` that nobody owns; the existing ones with their owner after. */
export async function claimUsers(db: OwnershipDb, uids: string[], businessId: string): Promise<OwnedRow[]> {
  if (!onPrisma(db)) {
    const { rows } = await db.query<{ id: string; business_line_id: string | null }>(
      `UPDATE users SET business_line_id = COALESCE(business_line_id, $2) WHERE id = ANY($1::text[])
       RETURNING id, business_line_id`,
      [uids, businessId],
    );
    return rows.map((r) => ({ id: r.id, owner: r.business_line_id }));
  }
  // A claim only fills an empty owner, so what is read after it is final whoever claimed first.
  await db.user.updateMany({ where: { id: { in: uids }, businessLineId: null }, data: { businessLineId: businessId } });
  const rows = await db.user.findMany({ where: { id: { in: uids } }, select: { id: true, businessLineId: true } });
  return rows.map(toOwned);
}

/** One of `uids` owned by a line other than `businessId`, if any. */
export async function findForeignUser(
  db: OwnershipDb,
  uids: string[],
  businessId: string,
): Promise<string | undefined> {
  if (!onPrisma(db)) {
    const { rows } = await db.query<{ id: string }>(
      "SELECT id FROM users WHERE id = ANY($1::text[]) AND business_line_id IS NOT NULL AND business_line_id <> $2 LIMIT 1",
      [uids, businessId],
    );
    return rows[0]?.id;
  }
  const row = await db.user.findFirst({
    where: { id: { in: uids }, AND: [{ businessLineId: { not: null } }, { businessLineId: { not: businessId } }] },
    select: { id: true },
  });
  return row?.id;
}

/** Tables whose rows business lines own besides users. */
const OWNED_TABLES = { user: "users", group: "groups", "org unit": "org_units" } as const;
export type OwnedKind = keyof typeof OWNED_TABLES;

/** The row's owner; undefined when there is no such row. */
export async function ownerOf(db: OwnershipDb, kind: OwnedKind, id: string): Promise<OwnedRow | undefined> {
  if (!onPrisma(db)) {
    const { rows } = await db.query<{ business_line_id: string | null }>(
      `SELECT business_line_id FROM ${OWNED_TABLES[kind]} WHERE id = $1`,
      [id],
    );
    return rows[0] && { id, owner: rows[0].business_line_id };
  }
  const select = { id: true, businessLineId: true } as const;
  const row =
    kind === "user"
      ? await db.user.findUnique({ where: { id }, select })
      : kind === "group"
        ? await db.group.findUnique({ where: { id }, select })
        : await db.orgUnit.findUnique({ where: { id }, select });
  return row ? toOwned(row) : undefined;
}

/** Claims the row when nobody owns it; its owner after, undefined when there is no such row. */
export async function claimRow(
  db: OwnershipDb,
  kind: OwnedKind,
  id: string,
  businessId: string,
): Promise<OwnedRow | undefined> {
  if (!onPrisma(db)) {
    const { rows } = await db.query<{ business_line_id: string | null }>(
      `UPDATE ${OWNED_TABLES[kind]} SET business_line_id = COALESCE(business_line_id, $2) WHERE id = $1 RETURNING business_line_id`,
      [id, businessId],
    );
    return rows[0] && { id, owner: rows[0].business_line_id };
  }
  await setOwnerWhere(db, kind, { id, businessLineId: null }, businessId);
  return ownerOf(db, kind, id);
}

/** Marks a row the line just created as its own. */
export async function setRowOwner(db: OwnershipDb, kind: OwnedKind, id: string, businessId: string): Promise<void> {
  if (!onPrisma(db)) {
    await db.query(`UPDATE ${OWNED_TABLES[kind]} SET business_line_id = $2 WHERE id = $1`, [id, businessId]);
    return;
  }
  await setOwnerWhere(db, kind, { id }, businessId);
}

async function setOwnerWhere(
  db: PrismaDb,
  kind: OwnedKind,
  where: { id: string; businessLineId?: null },
  businessId: string,
): Promise<void> {
  const data = { businessLineId: businessId };
  if (kind === "user") await db.user.updateMany({ where, data });
  else if (kind === "group") await db.group.updateMany({ where, data });
  else await db.orgUnit.updateMany({ where, data });
}

/** The ids of the org units a line owns. */
export async function orgUnitsOwnedBy(db: OwnershipDb, businessId: string): Promise<Set<string>> {
  if (!onPrisma(db)) {
    const { rows } = await db.query<{ id: string }>("SELECT id FROM org_units WHERE business_line_id = $1", [
      businessId,
    ]);
    return new Set(rows.map((r) => r.id));
  }
  const rows = await db.orgUnit.findMany({ where: { businessLineId: businessId }, select: { id: true } });
  return new Set(rows.map((r) => r.id));
}
