import type { Queryable } from "./queryable.ts";

/** Bans and token revocations (users.banned_at, token_revocations), written with their audit entry. */

/** Locks the user's row until the caller's transaction ends (two moderators then see each other's result); false when there is no such user. */
export async function lockUser(db: Queryable, uid: string): Promise<boolean> {
  const { rowCount } = await db.query("SELECT 1 FROM users WHERE id = $1 FOR UPDATE", [uid]);
  return (rowCount ?? 0) > 0;
}

/**
 * Refuses the user's tokens issued before `before`: of one device type (0: all types)
 * or, with a non-empty `deviceId` (device type 0), only those a device presents.
 * Never moves an earlier revocation back.
 */
export async function revokeTokensBefore(
  db: Queryable,
  uid: string,
  deviceType: number,
  deviceId: string,
  before: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO token_revocations (uid, device_type, device_id, revoked_before) VALUES ($1, $2, $3, $4)
     ON CONFLICT (uid, device_type, device_id)
     DO UPDATE SET revoked_before = GREATEST(token_revocations.revoked_before, EXCLUDED.revoked_before)`,
    [uid, deviceType, deviceId, before],
  );
}

/** Bans the user at `at` unless already banned; the ban time in force. */
export async function setBanned(db: Queryable, uid: string, at: Date): Promise<Date | undefined> {
  const { rows } = await db.query<{ banned_at: Date }>(
    "UPDATE users SET banned_at = COALESCE(banned_at, $2) WHERE id = $1 RETURNING banned_at",
    [uid, at],
  );
  return rows[0]?.banned_at;
}

export async function clearBan(db: Queryable, uid: string): Promise<void> {
  await db.query("UPDATE users SET banned_at = NULL WHERE id = $1", [uid]);
}
