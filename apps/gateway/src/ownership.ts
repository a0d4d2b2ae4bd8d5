import { ImError } from "@im/core";
import {
  claimOrCreateUsers,
  claimRow,
  claimUsers as claimUserRows,
  findForeignUser,
  type OwnershipDb,
  ownerOf,
  setRowOwner,
} from "@im/storage";
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

/** Prisma Client, or the client of an open transaction: a claim then commits with the action it guards. */
export type { OwnershipDb };

const refused = (uid: string) => new ImError("FORBIDDEN", `user ${uid} belongs to another business line`);

/**
 * For writes that may bring users into being (profile upsert, tokens,
 * messages): creates missing users owned by the line and claims unowned ones;
 * refuses when any belongs to another line.
 */
export async function claimUsers(pool: OwnershipDb, grant: KeyGrant, uids: readonly string[]): Promise<void> {
  if (uids.length === 0) return;
  const rows = await claimOrCreateUsers(pool, [...new Set(uids)], grant.businessId);
  if (isCrossLine(grant)) return;
  const foreign = rows.find((r) => r.owner !== grant.businessId);
  if (foreign) throw refused(foreign.id);
}

/**
 * For actions on an existing user (kick, ban, revoke): claims it when nobody
 * owns it yet; 404 when it does not exist, 403 when another line owns it.
 */
export async function actOnUser(pool: OwnershipDb, grant: KeyGrant, uid: string): Promise<void> {
  const row = await claimRow(pool, "user", uid, grant.businessId);
  if (!row) throw new ImError("USER_NOT_FOUND", `user ${uid} does not exist`);
  if (!isCrossLine(grant) && row.owner !== grant.businessId) throw refused(uid);
}

/** actOnUser for several users at once (message receivers): all must exist; unowned ones are claimed. */
export async function actOnUsers(pool: OwnershipDb, grant: KeyGrant, uids: readonly string[]): Promise<void> {
  const unique = [...new Set(uids)];
  const rows = await claimUserRows(pool, unique, grant.businessId);
  const found = new Set(rows.map((r) => r.id));
  const missing = unique.find((u) => !found.has(u));
  if (missing !== undefined) throw new ImError("USER_NOT_FOUND", `user ${missing} does not exist`);
  if (isCrossLine(grant)) return;
  const foreign = rows.find((r) => r.owner !== grant.businessId);
  if (foreign) throw refused(foreign.id);
}

/**
 * For putting users into a group or an org unit: none may belong to another
 * line. Unowned and unknown uids pass (the store decides about unknown ones).
 */
export async function noForeignUsers(pool: OwnershipDb, grant: KeyGrant, uids: readonly string[]): Promise<void> {
  if (uids.length === 0 || isCrossLine(grant)) return;
  const foreign = await findForeignUser(pool, [...new Set(uids)], grant.businessId);
  if (foreign !== undefined) throw refused(foreign);
}

/** For reads (profile, conversations, history, groups): only the owner line; nobody claims by reading. */
export async function readUser(pool: OwnershipDb, grant: KeyGrant, uid: string): Promise<void> {
  const row = await ownerOf(pool, "user", uid);
  if (!row) throw new ImError("USER_NOT_FOUND", `user ${uid} does not exist`);
  if (!isCrossLine(grant) && row.owner !== grant.businessId) throw refused(uid);
}

/** What business lines own besides users. */
type Owned = "group" | "org unit";

/**
 * The same rule for a group or an org unit: writes claim an unowned one, reads
 * need the line to own it. A missing row passes, so the route answers its own 404.
 */
export async function checkOwned(
  pool: OwnershipDb,
  grant: KeyGrant,
  kind: Owned,
  id: string,
  write: boolean,
): Promise<void> {
  const row = write ? await claimRow(pool, kind, id, grant.businessId) : await ownerOf(pool, kind, id);
  if (!row || isCrossLine(grant)) return;
  if (row.owner !== grant.businessId) throw new ImError("FORBIDDEN", `${kind} ${id} belongs to another business line`);
}

/**
 * The write rule of checkOwned without its claim, for changes whose own
 * transaction then claims (checkOwned with `write`, next to the audit entry):
 * a missing, unowned or own row passes, another line's is 403.
 */
export async function checkWritable(pool: OwnershipDb, grant: KeyGrant, kind: Owned, id: string): Promise<void> {
  const owner = (await ownerOf(pool, kind, id))?.owner ?? null;
  if (owner === null || isCrossLine(grant) || owner === grant.businessId) return;
  throw new ImError("FORBIDDEN", `${kind} ${id} belongs to another business line`);
}

/** Marks a row the line just created as its own. */
export async function setOwner(pool: OwnershipDb, grant: KeyGrant, kind: Owned, id: string): Promise<void> {
  await setRowOwner(pool, kind, id, grant.businessId);
}
