import { type DeviceType, ImError } from "@im/core";
import type { PrismaClient } from "@im/db";
import { im } from "@im/protocol";
import {
  type AuditActor,
  appendAudit,
  clearBan,
  lockUser,
  type PrismaDb,
  revokeTokensBefore,
  setBanned,
  withPrismaTransaction,
} from "@im/storage";
import type { GatewayDeps } from "./deps.ts";

/** What moderation runs on: the gateway's deps (kicks, the login-state cache) and its Prisma Client (a RouteContext fits). */
export interface ModerationContext {
  deps: GatewayDeps;
  prisma: PrismaClient;
}

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
  { deps, prisma }: ModerationContext,
  uid: string,
  target: RevocationTarget,
  actor: ModerationActor,
): Promise<{ revokedBefore: number; kicked: number }> {
  const { deviceId } = target;
  if (deviceId !== undefined && target.deviceType)
    throw new ImError("INVALID_ARGUMENT", "give deviceType or deviceId, not both");
  const deviceType = target.deviceType ?? 0;
  const revokedBefore = Date.now();
  await withPrismaTransaction(prisma, async (tx) => {
    await mustExist(tx, uid);
    await revokeTokensBefore(tx, uid, deviceType, deviceId ?? "", new Date(revokedBefore));
    await appendAudit(tx, {
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
  { deps, prisma }: ModerationContext,
  uid: string,
  reason: string,
  actor: ModerationActor,
): Promise<{ bannedAt: number; kicked: number }> {
  const bannedAt = await withPrismaTransaction(prisma, async (tx) => {
    await mustExist(tx, uid);
    const at = (await setBanned(tx, uid, new Date()))?.getTime() ?? Date.now();
    await appendAudit(tx, { ...actor, action: "user.ban", target: uid, detail: { reason, bannedAt: at } });
    return at;
  });
  deps.accessChanged?.(uid);
  const kicked = await deps.kick(uid, undefined, `banned: ${reason}`);
  return { bannedAt, kicked };
}

/** Lifts a ban; tokens issued before it stay valid (revoke them as well if they should not). */
export async function unbanUser(
  { deps, prisma }: ModerationContext,
  uid: string,
  actor: ModerationActor,
): Promise<void> {
  await withPrismaTransaction(prisma, async (tx) => {
    await mustExist(tx, uid);
    await clearBan(tx, uid);
    await appendAudit(tx, { ...actor, action: "user.unban", target: uid });
  });
  deps.accessChanged?.(uid);
}

async function mustExist(tx: PrismaDb, uid: string): Promise<void> {
  if (!(await lockUser(tx, uid))) throw new ImError("USER_NOT_FOUND", `user ${uid} does not exist`);
}
