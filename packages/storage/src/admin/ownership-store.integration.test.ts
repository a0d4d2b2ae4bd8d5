import type { Db } from "@im/db";
import { useTestDb } from "@im/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { withPrismaTransaction } from "../transaction.ts";
import {
  claimOrCreateUsers,
  claimRow,
  claimUsers,
  findForeignUser,
  orgUnitsOwnedBy,
  ownerOf,
  setRowOwner,
} from "./ownership-store.ts";

const used = useTestDb();
let db: Db;

beforeAll(async () => {
  db = used.db;
});

const byId = (rows: { id: string; owner: string | null }[]) => Object.fromEntries(rows.map((r) => [r.id, r.owner]));

describe("ownership store on Prisma Client", () => {
  it("creates missing users for the line, claims unowned ones and leaves other lines' users theirs", async () => {
    await db.prisma.user.createMany({
      data: [{ id: "o-free" }, { id: "o-theirs", businessLineId: "line-b" }],
    });
    const rows = await claimOrCreateUsers(db.prisma, ["o-new", "o-free", "o-theirs"], "line-a");
    expect(byId(rows)).toEqual({ "o-new": "line-a", "o-free": "line-a", "o-theirs": "line-b" });
    const stored = await db.prisma.user.findMany({ where: { id: { startsWith: "o-" } }, orderBy: { id: "asc" } });
    expect(stored.map((u) => [u.id, u.businessLineId])).toEqual([
      ["o-free", "line-a"],
      ["o-new", "line-a"],
      ["o-theirs", "line-b"],
    ]);
  });

  it("claims only existing users and reports none for unknown uids", async () => {
    await db.prisma.user.create({ data: { id: "c-free" } });
    expect(byId(await claimUsers(db.prisma, ["c-free", "c-ghost"], "line-a"))).toEqual({ "c-free": "line-a" });
    expect(await db.prisma.user.count({ where: { id: "c-ghost" } })).toBe(0);
  });

  it("finds a user of another line, never an unowned one or the line's own", async () => {
    await db.prisma.user.createMany({
      data: [{ id: "f-none" }, { id: "f-mine", businessLineId: "line-a" }, { id: "f-other", businessLineId: "line-b" }],
    });
    expect(await findForeignUser(db.prisma, ["f-none", "f-mine"], "line-a")).toBeUndefined();
    expect(await findForeignUser(db.prisma, ["f-none", "f-mine", "f-other"], "line-a")).toBe("f-other");
  });

  it("claims a group or an org unit only while nobody owns it", async () => {
    await db.prisma.group.create({ data: { id: "g-1", ownerId: "someone" } });
    await db.prisma.orgUnit.create({ data: { id: "u-1", name: "Unit", path: "u-1", businessLineId: "line-b" } });
    expect(await claimRow(db.prisma, "group", "g-1", "line-a")).toEqual({ id: "g-1", owner: "line-a" });
    expect(await claimRow(db.prisma, "group", "g-1", "line-b")).toEqual({ id: "g-1", owner: "line-a" });
    expect(await claimRow(db.prisma, "org unit", "u-1", "line-a")).toEqual({ id: "u-1", owner: "line-b" });
    expect(await claimRow(db.prisma, "group", "g-missing", "line-a")).toBeUndefined();
    expect(await ownerOf(db.prisma, "org unit", "u-missing")).toBeUndefined();
  });

  it("sets the owner of a row the line created, inside the caller's transaction", async () => {
    await db.prisma.orgUnit.create({ data: { id: "u-2", name: "Unit", path: "u-2" } });
    await expect(
      withPrismaTransaction(db.prisma, async (tx) => {
        await setRowOwner(tx, "org unit", "u-2", "line-a");
        throw new Error("rolled back");
      }),
    ).rejects.toThrow();
    expect(await ownerOf(db.prisma, "org unit", "u-2")).toEqual({ id: "u-2", owner: null });
    await withPrismaTransaction(db.prisma, (tx) => setRowOwner(tx, "org unit", "u-2", "line-a"));
    expect(await ownerOf(db.prisma, "org unit", "u-2")).toEqual({ id: "u-2", owner: "line-a" });
    expect(await orgUnitsOwnedBy(db.prisma, "line-a")).toEqual(new Set(["u-2"]));
  });
});
