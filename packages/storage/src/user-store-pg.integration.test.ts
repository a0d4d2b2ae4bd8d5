import { createDb } from "@im/db";
import { createTestDatabase } from "@im/testing";
import { describeUserStoreContract } from "./user-store.contract.ts";
import { PgUserStore } from "./user-store-pg.ts";

describeUserStoreContract("postgres", async () => {
  const testDb = await createTestDatabase();
  return {
    async open() {
      const db = createDb({ url: testDb.url, max: 4 });
      return { users: new PgUserStore(db.pool), close: () => db.close() };
    },
    cleanup: () => testDb.drop(),
  };
});
