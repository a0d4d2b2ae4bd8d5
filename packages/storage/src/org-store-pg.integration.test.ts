import { createDb } from "@im/db";
import { createTestDatabase } from "@im/testing";
import { describeOrgStoreContract } from "./org-store.contract.ts";
import { PgOrgStore } from "./org-store-pg.ts";

describeOrgStoreContract("postgres", async () => {
  const testDb = await createTestDatabase();
  return {
    async open() {
      const db = createDb({ url: testDb.url, max: 4 });
      return { org: new PgOrgStore(db.pool), close: () => db.close() };
    },
    cleanup: () => testDb.drop(),
  };
});
