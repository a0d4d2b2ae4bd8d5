import { type DeviceType, ImError } from "@im/core";
import { im } from "@im/protocol";
import type pg from "pg";
import { type AuditActor, appendAudit } from "./admin/audit.ts";
import type { GatewayDeps } from "./deps.ts";
import { withTransaction } from "./transaction.ts";

/** Who moderates: an operator or a business line key, with the client address for the audit log. */
export type ModerationActor = AuditActor & { ip: string };

/** Whose tokens a revocation covers: every device (neither), one device type, or one device (its device id). */
export interface RevocationTarget {
  deviceType?: number | undefined;
  deviceId?: string | undefined;
}

/**
 * Refuses every token of `uid` issued up to now (for one device type, for
 * one device, or all), then ends the sessions those tokens opened, on
 * whatever node they live. Tokens minted within the same second as the
 * revocation are refused too (token times are whole seconds).
 */
export async function revokeTokens(
  deps: GatewayDeps,
  uid: string,
  target: RevocationTarget,
  actor: ModerationActor,
): Promise<{ revokedBefore: number; kicked: number }> {
  const { deviceId } = target;
  if (deviceId !== undefined && target.deviceType)
    throw new ImError("INVALID_ARGUMENT", "give deviceType or deviceId, not both");
  const deviceType = target.deviceType ?? 0;
  const revokedBefore = Date.now();
  await withTransaction(deps.db.pool, async (client) => {
    await mustExist(client, uid);
    // device_id '' is "every device of device_type"; a device revocation has device_type 0.
    await client.query(
      `INSERT INTO token_revocations (uid, device_type, device_id, revoked_before) VALUES ($1, $2, $3, $4)
       ON CONFLICT (uid, device_type, device_id)
       DO UPDATE SET revoked_before = GREATEST(token_revocations.revoked_before, EXCLUDED.revoked_before)`,
      [uid, deviceType, deviceId ?? "", new Date(revokedBefore)],
    );
    await appendAudit(client, {
      ...actor,
      action: "user.tokens.revoke",
      target: uid,
      detail: { deviceType: deviceType || null, deviceId: deviceId ?? null, revokedBefore },
    });
  });
  deps.accessChanged?.(uid);
  const kicked = await deps.kick(uid, deviceType ? (deviceType as DeviceType) : undefined, "login token revoked", {
    ...(deviceId === undefined ? {} : { deviceId }),
    kickReason: im.KickReason.TOKEN_REVOKED,
  });
  return { revokedBefore, kicked };
}

/** Bans `uid` (no login from now on) and ends its live sessions; banning a banned user changes nothing. */
export async function banUser(
  deps: GatewayDeps,
  uid: string,
  reason: string,
  actor: ModerationActor,
): Promise<{ bannedAt: number; kicked: number }> {
  const bannedAt = await withTransaction(deps.db.pool, async (client) => {
    await mustExist(client, uid);
    const { rows } = await client.query<{ banned_at: Date }>(
      "UPDATE users SET banned_at = COALESCE(banned_at, $2) WHERE id = $1 RETURNING banned_at",
      [uid, new Date()],
    );
    const at = rows[0]?.banned_at.getTime() ?? Date.now();
    await appendAudit(client, { ...actor, action: "user.ban", target: uid, detail: { reason, bannedAt: at } });
    return at;
  });
  deps.accessChanged?.(uid);
  const kicked = await deps.kick(uid, undefined, `banned: ${reason}`);
  return { bannedAt, kicked };
}

/** Lifts a ban; tokens issued before it stay valid (revoke them as well if they should not). */
export async function unbanUser(deps: GatewayDeps, uid: string, actor: ModerationActor): Promise<void> {
  await withTransaction(deps.db.pool, async (client) => {
    await mustExist(client, uid);
    await client.query("UPDATE users SET banned_at = NULL WHERE id = $1", [uid]);
    await appendAudit(client, { ...actor, action: "user.unban", target: uid });
  });
  deps.accessChanged?.(uid);
}

async function mustExist(client: pg.PoolClient, uid: string): Promise<void> {
  // FOR UPDATE: two moderators acting on one user at once see each other's result.
  const { rowCount } = await client.query("SELECT 1 FROM users WHERE id = $1 FOR UPDATE", [uid]);
  if (!rowCount) throw new ImError("USER_NOT_FOUND", `user ${uid} does not exist`);
}
