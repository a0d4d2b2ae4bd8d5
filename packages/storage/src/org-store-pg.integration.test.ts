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
      return { org: new PgOrgStore(db.prisma), close: () => db.close() };
    },
    cleanup: () => testDb.drop(),
  };
});

describe("PgOrgStore beforeCommit", () => {
  it("rolls the change back when the hook fails", async () => {
    const testDb = await createTestDatabase();
    const db = createDb({ url: testDb.url, max: 4 });
    try {
      const org = new PgOrgStore(db.prisma);
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

describe("PgOrgStore listings", () => {
  it("lists a person once when first listings race, each keeping the fields it names", async () => {
    const testDb = await createTestDatabase();
    const db = createDb({ url: testDb.url, max: 8 });
    try {
      const org = new PgOrgStore(db.prisma);
      await org.createUnit({ id: "race-u", parentId: null, name: "U" });
      const results = await Promise.allSettled([
        org.addMember("race-u", "race-m"),
        org.addMember("race-u", "race-m"),
        org.addMember("race-u", "race-m", { title: "Lead" }),
        org.addMember("race-u", "race-m", { sort: 3 }),
      ]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
      expect(await org.members("race-u")).toEqual([{ unitId: "race-u", uid: "race-m", title: "Lead", sort: 3 }]);
    } finally {
      await db.close();
      await testDb.drop();
    }
  });
});

describe("PgOrgStore subtrees", () => {
  it("finds a subtree by the ids in its paths, an _ in an id matching only itself", async () => {
    const testDb = await createTestDatabase();
    const db = createDb({ url: testDb.url, max: 4 });
    try {
      const org = new PgOrgStore(db.prisma);
      // Ids that a LIKE pattern with the _ of "sub_1" would also match.
      for (const root of ["sub_1", "subx1"]) {
        await org.createUnit({ id: root, parentId: null, name: root });
        await org.createUnit({ id: `${root}.a`, parentId: root, name: "A" });
        await org.addMember(`${root}.a`, `${root}-m`);
      }
      await org.createUnit({ id: "top", parentId: null, name: "Top" });
      await org.createUnit({ id: "a_b", parentId: "top", name: "AB" });
      await org.createUnit({ id: "axb", parentId: "top", name: "AXB" });
      await org.createUnit({ id: "axb.c", parentId: "axb", name: "C" });

      expect((await org.tree("sub_1")).map((u) => u.id)).toEqual(["sub_1", "sub_1.a"]);
      expect((await org.members("sub_1", { recursive: true })).map((m) => m.uid)).toEqual(["sub_1-m"]);
      expect((await org.tree("a_b")).map((u) => u.id)).toEqual(["a_b"]);
      await expect(org.tree("a_x")).rejects.toMatchObject({ kind: "NOT_FOUND" });
    } finally {
      await db.close();
      await testDb.drop();
    }
  });
});
