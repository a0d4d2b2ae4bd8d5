import { createDb, type Db } from "@im/db";
import { useTestDb } from "@im/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { withPrismaTransaction } from "../transaction.ts";
import { claimOrCreateUsers } from "./ownership-store.ts";
import { UserRepository } from "./user-repository.ts";

const used = useTestDb();
let db: Db;
let users: UserRepository;

beforeAll(async () => {
  db = used.db;
  users = new UserRepository(db.prisma);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("UserRepository on Prisma Client", () => {
  it("creates a user with the given fields and defaults for the rest", async () => {
    const { user, created } = await users.upsert("r-new", { name: "Ann" });
    expect(created).toBe(true);
    expect(user).toEqual({
      uid: "r-new",
      name: "Ann",
      avatar: "",
      extra: {},
      createdAt: expect.any(Number),
      updatedAt: user.createdAt,
    });
    expect(await users.get("r-new")).toEqual(user);
  });

  it("says created only for the call that inserted the row", async () => {
    await users.upsert("r-twice", { name: "first" });
    expect((await users.upsert("r-twice", { name: "second" })).created).toBe(false);
    // A user the ownership claim brought into being is an existing user to the profile write.
    await claimOrCreateUsers(db.prisma, ["r-claimed"], "line-a");
    expect((await users.upsert("r-claimed", { name: "Claimed" })).created).toBe(false);
  });

  it("reports created once when two transactions create the same user at the same time", async () => {
    const both = await Promise.all(
      [1, 2].map((n) =>
        withPrismaTransaction(db.prisma, async (tx) => {
          const result = await users.upsert("r-race", { name: `writer ${n}` }, tx);
          await sleep(50);
          return result.created;
        }),
      ),
    );
    expect(both.filter(Boolean)).toHaveLength(1);
  });

  it("keeps the fields a call leaves out and bumps updatedAt on every update", async () => {
    const extra = { tier: "gold", tags: ["a", "b"], nested: { n: 1, ok: true } };
    const first = (await users.upsert("r-keep", { name: "Ann", avatar: "https://img/a", extra })).user;
    await sleep(5);
    const renamed = (await users.upsert("r-keep", { name: "Anna" })).user;
    expect(renamed).toMatchObject({ name: "Anna", avatar: "https://img/a", extra, createdAt: first.createdAt });
    expect(renamed.updatedAt).toBeGreaterThan(first.updatedAt);
    await sleep(5);
    const reExtra = (await users.upsert("r-keep", { extra: { tier: "silver" } })).user;
    expect(reExtra).toMatchObject({ name: "Anna", avatar: "https://img/a", extra: { tier: "silver" } });
    await sleep(5);
    // Naming no field still counts as an update.
    const touched = (await users.upsert("r-keep", {})).user;
    expect(touched).toMatchObject({ name: "Anna", avatar: "https://img/a", extra: { tier: "silver" } });
    expect(touched.updatedAt).toBeGreaterThan(reExtra.updatedAt);
    expect(touched.createdAt).toBe(first.createdAt);
  });

  it("writes inside the caller's transaction: nothing stays when it rolls back", async () => {
    await expect(
      withPrismaTransaction(db.prisma, async (tx) => {
        await users.upsert("r-rolled-back", { name: "Gone" }, tx);
        throw new Error("abort");
      }),
    ).rejects.toThrow();
    expect(await users.get("r-rolled-back")).toBeUndefined();
  });

  it("pages by uid with a cursor, optionally only one line's users", async () => {
    await db.prisma.user.createMany({
      data: [
        { id: "p-1", businessLineId: "line-p" },
        { id: "p-2", businessLineId: "line-q" },
        { id: "p-3", businessLineId: "line-p" },
        { id: "p-4", businessLineId: "line-p" },
        { id: "p-5" },
      ],
    });
    const uids = (page: { users: { uid: string }[] }) => page.users.map((u) => u.uid);

    const first = await users.list(2, "p-");
    expect(uids(first)).toEqual(["p-1", "p-2"]);
    expect(first.nextCursor).toBe("p-2");
    const second = await users.list(2, first.nextCursor ?? undefined);
    expect(uids(second)).toEqual(["p-3", "p-4"]);
    const last = await users.list(2, second.nextCursor ?? undefined);
    expect(uids(last).filter((u) => u.startsWith("p-"))).toEqual(["p-5"]);

    const ownFirst = await users.list(2, "p-", "line-p");
    expect(uids(ownFirst)).toEqual(["p-1", "p-3"]);
    expect(ownFirst.nextCursor).toBe("p-3");
    const ownLast = await users.list(2, ownFirst.nextCursor ?? undefined, "line-p");
    expect(uids(ownLast)).toEqual(["p-4"]);
    expect(ownLast.nextCursor).toBeNull();
  });

  it("reports a database failure as UNAVAILABLE", async () => {
    // Nothing listens on port 1: every query fails to connect.
    const down = createDb({ url: "postgres://postgres@127.0.0.1:1/none" });
    try {
      const offline = new UserRepository(down.prisma);
      await expect(offline.get("x")).rejects.toMatchObject({ kind: "UNAVAILABLE" });
      await expect(offline.list(1, undefined)).rejects.toMatchObject({ kind: "UNAVAILABLE" });
      await expect(offline.upsert("x", { name: "X" })).rejects.toMatchObject({ kind: "UNAVAILABLE" });
    } finally {
      await down.close();
    }
  });
});
