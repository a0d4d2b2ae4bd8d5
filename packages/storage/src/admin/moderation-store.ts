import type { PrismaDb } from "./queryable.ts";

/**
 * Bans and token revocations (users.banned_at, token_revocations), on Prisma
 * Client. Each takes the client of the caller's interactive transaction, with
 * the user's row locked (lockUser), so that the change commits with its audit entry.
 */

/** Locks the user's row until the caller's transaction ends (two moderators then see each other's result); false when there is no such user. */
export async function lockUser(db: PrismaDb, uid: string): Promise<boolean> {
  // Prisma Client has no FOR UPDATE: the lock is taken with a raw statement.
  const locked = await db.$queryRaw<{ id: string }[]>`SELECT id FROM users WHERE id = ${uid} FOR UPDATE`;
  return locked.length > 0;
}

/**
 * Refuses the user's tokens issued before `before`: of one device type (0: all types)
 * or, with a non-empty `deviceId` (device type 0), only those a device presents.
 * Never moves an earlier revocation back. Call it with the user's row locked
 * (lockUser): the read and the write below then see no other revocation of the user in between.
 */
export async function revokeTokensBefore(
  db: PrismaDb,
  uid: string,
  deviceType: number,
  deviceId: string,
  before: Date,
): Promise<void> {
  const key = { uid, deviceType, deviceId };
  const current = await db.tokenRevocation.findUnique({
    where: { uid_deviceType_deviceId: key },
    select: { revokedBefore: true },
  });
  if (current && current.revokedBefore >= before) return;
  await db.tokenRevocation.upsert({
    where: { uid_deviceType_deviceId: key },
    create: { ...key, revokedBefore: before },
    update: { revokedBefore: before },
  });
}

/** Bans the user at `at` unless already banned; the ban time in force. */
export async function setBanned(db: PrismaDb, uid: string, at: Date): Promise<Date | undefined> {
  const row = await db.user.findUnique({ where: { id: uid }, select: { bannedAt: true, updatedAt: true } });
  if (!row || row.bannedAt) return row?.bannedAt ?? undefined;
  // updatedAt given: a ban is no profile change (else Prisma's @updatedAt would move it).
  const { count } = await db.user.updateMany({
    where: { id: uid, bannedAt: null },
    data: { bannedAt: at, updatedAt: row.updatedAt },
  });
  if (count === 1) return at;
  // Banned in between (a caller without the row lock): the first ban stands.
  return (await db.user.findUnique({ where: { id: uid }, select: { bannedAt: true } }))?.bannedAt ?? undefined;
}

export async function clearBan(db: PrismaDb, uid: string): Promise<void> {
  const row = await db.user.findUnique({ where: { id: uid }, select: { updatedAt: true } });
  if (!row) return;
  await db.user.updateMany({
    where: { id: uid, bannedAt: { not: null } },
    data: { bannedAt: null, updatedAt: row.updatedAt },
  });
}
