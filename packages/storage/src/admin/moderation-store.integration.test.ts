import type { Db, Prisma } from "@im/db";
import { useTestDb } from "@im/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { withPrismaTransaction } from "../transaction.ts";
import { clearBan, lockUser, revokeTokensBefore, setBanned } from "./moderation-store.ts";

const used = useTestDb({ max: 6 });
let db: Db;

beforeAll(async () => {
  db = used.db;
});

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function revokedBefore(uid: string, deviceType: number, deviceId = ""): Promise<Date | undefined> {
  const row = await db.prisma.tokenRevocation.findUnique({
    where: { uid_deviceType_deviceId: { uid, deviceType, deviceId } },
  });
  return row?.revokedBefore;
}

/** Runs `fn` as the gateway does: in one transaction with the user's row locked. */
function locked<T>(uid: string, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return withPrismaTransaction(db.prisma, async (tx) => {
    if (!(await lockUser(tx, uid))) throw new Error(`no user ${uid}`);
    return fn(tx);
  });
}

describe("moderation store on Prisma Client", () => {
  it("locks an existing user's row until the transaction ends, and finds no missing user", async () => {
    await db.prisma.user.create({ data: { id: "m-lock" } });
    expect(await withPrismaTransaction(db.prisma, (tx) => lockUser(tx, "m-ghost"))).toBe(false);

    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holder = locked("m-lock", () => held);
    await sleep(50);
    // A second moderator waits for the first: with a short lock_timeout it gives up instead.
    const waiter = withPrismaTransaction(db.prisma, async (tx) => {
      await tx.$executeRaw`SET LOCAL lock_timeout = '100ms'`;
      return lockUser(tx, "m-lock");
    });
    await expect(waiter).rejects.toMatchObject({ kind: "UNAVAILABLE" });
    release();
    await holder;
    expect(await withPrismaTransaction(db.prisma, (tx) => lockUser(tx, "m-lock"))).toBe(true);
  });

  it("never moves a revocation back, per device type and per device", async () => {
    await db.prisma.user.create({ data: { id: "m-rev" } });
    await locked("m-rev", (tx) => revokeTokensBefore(tx, "m-rev", 0, "", at(2_000)));
    await locked("m-rev", (tx) => revokeTokensBefore(tx, "m-rev", 0, "", at(1_000)));
    expect(await revokedBefore("m-rev", 0)).toEqual(at(2_000));
    await locked("m-rev", (tx) => revokeTokensBefore(tx, "m-rev", 0, "", at(3_000)));
    expect(await revokedBefore("m-rev", 0)).toEqual(at(3_000));

    // Each device type and each device has its own time.
    await locked("m-rev", (tx) => revokeTokensBefore(tx, "m-rev", 1, "", at(500)));
    await locked("m-rev", (tx) => revokeTokensBefore(tx, "m-rev", 0, "phone", at(700)));
    await locked("m-rev", (tx) => revokeTokensBefore(tx, "m-rev", 0, "phone", at(600)));
    expect(await revokedBefore("m-rev", 1)).toEqual(at(500));
    expect(await revokedBefore("m-rev", 0, "phone")).toEqual(at(700));
    expect(await revokedBefore("m-rev", 0)).toEqual(at(3_000));
  });

  it("keeps the later revocation when two moderators revoke at once", async () => {
    await db.prisma.user.create({ data: { id: "m-race" } });
    // The later time commits first; the earlier one, waiting on the row lock, must not undo it.
    await Promise.all([
      locked("m-race", async (tx) => {
        await revokeTokensBefore(tx, "m-race", 0, "", at(9_000));
        await sleep(100);
      }),
      sleep(30).then(() => locked("m-race", (tx) => revokeTokensBefore(tx, "m-race", 0, "", at(8_000)))),
    ]);
    expect(await revokedBefore("m-race", 0)).toEqual(at(9_000));
  });

  it("bans once: a second ban keeps the first time, an unban lifts it, and the profile's updatedAt stays", async () => {
    const user = await db.prisma.user.create({ data: { id: "m-ban" } });
    expect(await locked("m-ban", (tx) => setBanned(tx, "m-ban", at(1_000)))).toEqual(at(1_000));
    expect(await locked("m-ban", (tx) => setBanned(tx, "m-ban", at(2_000)))).toEqual(at(1_000));
    await locked("m-ban", (tx) => clearBan(tx, "m-ban"));
    const after = await db.prisma.user.findUniqueOrThrow({ where: { id: "m-ban" } });
    expect(after.bannedAt).toBeNull();
    expect(await locked("m-ban", (tx) => setBanned(tx, "m-ban", at(3_000)))).toEqual(at(3_000));
    // A ban is no profile change.
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: "m-ban" } })).updatedAt).toEqual(user.updatedAt);
    expect(await withPrismaTransaction(db.prisma, (tx) => setBanned(tx, "m-nobody", at(1)))).toBeUndefined();
  });
});
