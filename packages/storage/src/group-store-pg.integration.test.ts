import { ImError } from "@im/core";
import { createDb, type Prisma } from "@im/db";
import { createTestDatabase } from "@im/testing";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { describeGroupStoreContract } from "./group-store.contract.ts";
import { PgGroupStore } from "./group-store-pg.ts";
import { PgMessageStore } from "./message-store-pg.ts";
import { PgUserStore } from "./user-store-pg.ts";

describeGroupStoreContract("postgres", async () => {
  const testDb = await createTestDatabase();
  // Reads and seeds past the stores, on a connection of its own.
  const admin = new pg.Client({ connectionString: testDb.url });
  await admin.connect();
  return {
    async open() {
      const db = createDb({ url: testDb.url, max: 8 });
      const messages = new PgMessageStore(db.pool, { lingerMs: 1 });
      return {
        groups: new PgGroupStore(db.prisma),
        messages,
        users: new PgUserStore(db.pool),
        async close() {
          await messages.close();
          await db.close();
        },
      };
    },
    async createUsers(uids) {
      await admin.query("INSERT INTO users (id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING", [uids]);
    },
    async countMessages(fromUid) {
      const { rows } = await admin.query("SELECT count(*)::int AS n FROM messages WHERE sender_id = $1", [fromUid]);
      return rows[0].n;
    },
    async cleanup() {
      await admin.end();
      await testDb.drop();
    },
  };
});

describe("PgGroupStore beforeCommit", () => {
  it("rolls the change back when the hook fails, and commits the hook's writes with it", async () => {
    const testDb = await createTestDatabase();
    const db = createDb({ url: testDb.url, max: 4 });
    try {
      const groups = new PgGroupStore(db.prisma);
      await db.pool.query("INSERT INTO users (id) VALUES ('hook-owner'); CREATE TABLE hook_log (id text)");
      const failing = {
        beforeCommit: async (tx: unknown) => {
          await (tx as Prisma.TransactionClient).$executeRaw`INSERT INTO hook_log VALUES ('failed')`;
          throw new Error("the audit log is down");
        },
      };
      const err = await groups
        .create({ id: "hook-g", name: "G", ownerUid: "hook-owner", memberUids: [] }, failing)
        .catch((e: unknown) => e);
      expect(ImError.is(err, "UNAVAILABLE")).toBe(true);
      expect(ImError.is(await groups.get("hook-g").catch((e: unknown) => e), "NOT_FOUND")).toBe(true);

      const logged = {
        beforeCommit: async (tx: unknown, g: { id: string }) => {
          await (tx as Prisma.TransactionClient).$executeRaw`INSERT INTO hook_log VALUES (${g.id})`;
        },
      };
      await groups.create({ id: "hook-g", name: "G", ownerUid: "hook-owner", memberUids: [] }, logged);
      await expect(groups.muteAll({ system: true }, "hook-g", true, failing)).rejects.toThrow(ImError);
      expect((await groups.get("hook-g")).mutedAll).toBe(false);
      const { rows } = await db.pool.query("SELECT id FROM hook_log");
      expect(rows).toEqual([{ id: "hook-g" }]);
    } finally {
      await db.close();
      await testDb.drop();
    }
  });
});
