import type { PrismaDb } from "./queryable.ts";

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

/** Prisma Client, or the client of an interactive transaction: a claim then commits with the action it guards. */
export type OwnershipDb = PrismaDb;

const toOwned = (r: { id: string; businessLineId: string | null }): OwnedRow => ({ id: r.id, owner: r.businessLineId });

/** Creates the missing users owned by the line and claims unowned ones; every row with its owner after. */
export async function claimOrCreateUsers(db: OwnershipDb, uids: string[], businessId: string): Promise<OwnedRow[]> {
  // skipDuplicates: ON CONFLICT DO NOTHING, so existing users are left to the claim below.
  await db.user.createMany({ data: uids.map((id) => ({ id, businessLineId: businessId })), skipDuplicates: true });
  return claimUsers(db, uids, businessId);
}

/** Claims the existing users among `uids` that nobody owns; the existing ones with their owner after. */
export async function claimUsers(db: OwnershipDb, uids: string[], businessId: string): Promise<OwnedRow[]> {
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
  const row = await db.user.findFirst({
    where: { id: { in: uids }, AND: [{ businessLineId: { not: null } }, { businessLineId: { not: businessId } }] },
    select: { id: true },
  });
  return row?.id;
}

/** What business lines own: users, groups and org units. */
export type OwnedKind = "user" | "group" | "org unit";

/** The row's owner; undefined when there is no such row. */
export async function ownerOf(db: OwnershipDb, kind: OwnedKind, id: string): Promise<OwnedRow | undefined> {
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
  await setOwnerWhere(db, kind, { id, businessLineId: null }, businessId);
  return ownerOf(db, kind, id);
}

/** Marks a row the line just created as its own. */
export async function setRowOwner(db: OwnershipDb, kind: OwnedKind, id: string, businessId: string): Promise<void> {
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
  const rows = await db.orgUnit.findMany({ where: { businessLineId: businessId }, select: { id: true } });
  return new Set(rows.map((r) => r.id));
}
