import { ImError } from "@im/core";
import { createDb } from "@im/db";
import { createTestDatabase } from "@im/testing";
import { describe, expect, it } from "vitest";
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

describe("PgOrgStore beforeCommit", () => {
  it("rolls the change back when the hook fails", async () => {
    const testDb = await createTestDatabase();
    const db = createDb({ url: testDb.url, max: 4 });
    try {
      const org = new PgOrgStore(db.pool);
      const failing = {
        beforeCommit: async () => {
          throw new Error("the audit log is down");
        },
      };
      const err = await org.createUnit({ id: "hook-u", parentId: null, name: "U" }, failing).catch((e: unknown) => e);
      expect(ImError.is(err, "UNAVAILABLE")).toBe(true);
      expect(await org.tree()).toEqual([]);

      await org.createUnit({ id: "hook-u", parentId: null, name: "U" });
      await expect(org.addMember("hook-u", "hook-m", {}, failing)).rejects.toThrow(ImError);
      await expect(org.renameUnit("hook-u", "Renamed", failing)).rejects.toThrow(ImError);
      await expect(org.deleteUnit("hook-u", failing)).rejects.toThrow(ImError);
      expect(await org.members("hook-u")).toEqual([]);
      expect((await org.tree()).map((u) => u.name)).toEqual(["U"]);
    } finally {
      await db.close();
      await testDb.drop();
    }
  });
});
