import { createDb } from "@im/db";
import { createTestDatabase } from "@im/testing";
import pg from "pg";
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
        groups: new PgGroupStore(db.pool),
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
