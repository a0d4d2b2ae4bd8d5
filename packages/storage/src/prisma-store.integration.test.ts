import { ImError } from "@im/core";
import { createDb, type Db } from "@im/db";
import { useTestDb } from "@im/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { PrismaStore } from "./prisma-store.ts";

const used = useTestDb();
let db: Db;

beforeAll(async () => {
  db = used.db;
});

describe("PrismaStore", () => {
  it("reports a database failure as UNAVAILABLE with the store's retry hint, the cause to onError only", async () => {
    const causes: unknown[] = [];
    // Nothing listens on port 1: every query fails to connect.
    const down = createDb({ url: "postgres://postgres@127.0.0.1:1/none" });
    const store = new PrismaStore(down.prisma, {
      what: "group storage",
      retryAfterMs: 100,
      onError: (e) => causes.push(e),
    });
    try {
      const failure = await store.read((p) => p.user.count()).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(ImError);
      expect(failure).toMatchObject({
        kind: "UNAVAILABLE",
        retryAfterMs: 100,
        message: "group storage unavailable, retry",
      });
      expect(causes).toHaveLength(1);
      const inTransaction = await store.transaction((tx) => tx.user.count()).catch((err: unknown) => err);
      expect(inTransaction).toMatchObject({ kind: "UNAVAILABLE", retryAfterMs: 100 });
    } finally {
      await down.close();
    }
  });

  it("passes an ImError unchanged and rolls the transaction back", async () => {
    const store = new PrismaStore(db.prisma, { what: "org storage" });
    const refused = new ImError("CONFLICT", "taken");
    await expect(
      store.transaction(async (tx) => {
        await tx.user.create({ data: { id: "p-rolled-back" } });
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(await store.read((p) => p.user.count({ where: { id: "p-rolled-back" } }))).toBe(0);
  });

  it("runs a transaction at the isolation level asked for", async () => {
    const store = new PrismaStore(db.prisma, { what: "org storage" });
    const level = (isolation?: "READ COMMITTED" | "REPEATABLE READ" | "SERIALIZABLE") =>
      store.transaction(
        async (tx) =>
          (await tx.$queryRaw<{ level: string }[]>`SELECT current_setting('transaction_isolation') AS level`)[0]?.level,
        isolation ? { isolation } : {},
      );
    expect(await level("REPEATABLE READ")).toBe("repeatable read");
    expect(await level("SERIALIZABLE")).toBe("serializable");
    expect(await level("READ COMMITTED")).toBe("read committed");
    expect(await level()).toBe("read committed");
  });

  it("maps a unique violation to the store's CONFLICT", async () => {
    const store = new PrismaStore(db.prisma, { what: "org storage", conflict: "already there" });
    await store.transaction((tx) => tx.user.create({ data: { id: "p-twice" } }));
    await expect(store.transaction((tx) => tx.user.create({ data: { id: "p-twice" } }))).rejects.toMatchObject({
      kind: "CONFLICT",
      message: "already there",
    });
  });

  it("maps a failed raw statement by the database's own SQLSTATE", async () => {
    const store = new PrismaStore(db.prisma, { what: "org storage", conflict: "already there" });
    await store.transaction((tx) => tx.user.create({ data: { id: "p-raw" } }));
    await expect(
      store.transaction((tx) => tx.$executeRaw`INSERT INTO users (id) VALUES ('p-raw')`),
    ).rejects.toMatchObject({
      kind: "CONFLICT",
      message: "already there",
    });
    await expect(store.read((p) => p.$queryRaw`SELECT 1 / 0`)).rejects.toMatchObject({ kind: "INVALID_ARGUMENT" });
  });
});
