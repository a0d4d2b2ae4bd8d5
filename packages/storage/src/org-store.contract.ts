import { randomUUID } from "node:crypto";
import { type ErrorName, ImError, type OrgStore, type OrgUnit } from "@im/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** What the contract needs from a backend. */
export interface OrgStoreHarness {
  /** Opens a store on the harness's data; another open() is another server process. */
  open(): Promise<{ org: OrgStore; close(): Promise<void> }>;
  cleanup(): Promise<void>;
}

/** Ids private to one test, since all tests share the store: t("eng") → "eng-1a2b3c4d". */
function ids(): (name: string) => string {
  const suffix = randomUUID().slice(0, 8);
  return (name) => `${name}-${suffix}`;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

async function expectError(promise: Promise<unknown>, kind: ErrorName): Promise<void> {
  const err = await failure(promise);
  expect(err).toBeInstanceOf(ImError);
  expect((err as ImError).kind).toBe(kind);
}

const shape = (units: OrgUnit[]) => units.map((u) => `${"  ".repeat(u.depth)}${u.name}`);

/**
 * What a cycle or a stale path would break: every unit once, parents before
 * their children, each path its parent's path plus itself.
 */
function expectConsistent(units: OrgUnit[], expectedIds?: string[]): void {
  const seen = new Map<string, OrgUnit>();
  for (const [i, u] of units.entries()) {
    expect(seen.has(u.id)).toBe(false);
    expect(u.path.at(-1)).toBe(u.id);
    expect(new Set(u.path).size).toBe(u.path.length);
    expect(u.depth).toBe(u.path.length - 1);
    if (u.parentId === null) expect(u.path).toEqual([u.id]);
    else {
      const parent = seen.get(u.parentId);
      // Only the top of a subtree has its parent outside the list.
      if (parent) expect(u.path).toEqual([...parent.path, u.id]);
      else expect([i, u.path.at(-2)]).toEqual([0, u.parentId]);
    }
    seen.set(u.id, u);
  }
  if (expectedIds) expect([...seen.keys()].sort()).toEqual([...expectedIds].sort());
}

/** The OrgStore contract, run against every backend. */
export function describeOrgStoreContract(name: string, createHarness: () => Promise<OrgStoreHarness>): void {
  describe(`OrgStore contract: ${name}`, () => {
    let harness: OrgStoreHarness;
    const opened: { org: OrgStore; close(): Promise<void> }[] = [];
    let org: OrgStore;

    async function open(): Promise<OrgStore> {
      const o = await harness.open();
      opened.push(o);
      return o.org;
    }

    beforeAll(async () => {
      harness = await createHarness();
      org = await open();
    });
    afterAll(async () => {
      for (const o of opened) await o.close();
      await harness?.cleanup();
    });

    it("hands each write's result to beforeCommit, and the hook's failure to the caller", async () => {
      const seen: unknown[] = [];
      const record = { beforeCommit: async (_tx: unknown, result: unknown) => void seen.push(result) };
      const unit = await org.createUnit(
        { id: `hook-${randomUUID().slice(0, 8)}`, parentId: null, name: "Hooked" },
        record,
      );
      expect(seen).toEqual([unit]);
      const member = await org.addMember(unit.id, "hook-member", { title: "Lead" }, record);
      expect(seen).toEqual([unit, member]);
      const refused = {
        beforeCommit: async () => {
          throw new ImError("CONFLICT", "refused by the hook");
        },
      };
      const err = await org.renameUnit(unit.id, "Renamed", refused).catch((e: unknown) => e);
      expect(ImError.is(err, "CONFLICT")).toBe(true);
    });

    it("creates roots and children with their path and depth", async () => {
      const t = ids();
      const root = await org.createUnit({ id: t("acme"), parentId: null, name: "Acme" });
      expect(root).toEqual({ id: t("acme"), parentId: null, name: "Acme", sort: 0, path: [t("acme")], depth: 0 });
      await org.createUnit({ id: t("eng"), parentId: root.id, name: "Engineering", sort: 2 });
      const web = await org.createUnit({ id: t("web"), parentId: t("eng"), name: "Web", sort: -1 });
      expect(web).toEqual({
        id: t("web"),
        parentId: t("eng"),
        name: "Web",
        sort: -1,
        path: [t("acme"), t("eng"), t("web")],
        depth: 2,
      });
      const unnamed = await org.createUnit({ parentId: root.id, name: "New department" });
      expect(unnamed.id).not.toBe("");
      expect(unnamed.path).toEqual([root.id, unnamed.id]);

      await expectError(org.createUnit({ id: t("x"), parentId: t("nowhere"), name: "X" }), "NOT_FOUND");
      await expectError(org.createUnit({ id: t("eng"), parentId: null, name: "Engineering again" }), "CONFLICT");
      expect(shape(await org.tree(root.id))).toEqual(["Acme", "  New department", "  Engineering", "    Web"]);
    });

    it("rejects input the tree cannot hold", async () => {
      const t = ids();
      const root = await org.createUnit({ id: t("root"), parentId: null, name: "Root" });
      await expectError(org.createUnit({ id: "a/b", parentId: root.id, name: "Slash" }), "INVALID_ARGUMENT");
      await expectError(org.createUnit({ id: "", parentId: root.id, name: "Empty" }), "INVALID_ARGUMENT");
      await expectError(org.createUnit({ id: t("n"), parentId: root.id, name: "" }), "INVALID_ARGUMENT");
      await expectError(org.createUnit({ id: t("n"), parentId: root.id, name: "a\u0000b" }), "INVALID_ARGUMENT");
      await expectError(org.createUnit({ id: t("n"), parentId: root.id, name: "N", sort: 1.5 }), "INVALID_ARGUMENT");
      await expectError(org.createUnit({ id: t("n"), parentId: "x".repeat(300), name: "N" }), "INVALID_ARGUMENT");
      await expectError(org.renameUnit(root.id, ""), "INVALID_ARGUMENT");
      await expectError(org.moveUnit(root.id, null, 2 ** 31), "INVALID_ARGUMENT");
      await expectError(org.addMember(root.id, "", {}), "INVALID_ARGUMENT");
      await expectError(org.addMember(root.id, "alice", { title: "x\u0000" }), "INVALID_ARGUMENT");
      await expectError(org.tree("a/b"), "INVALID_ARGUMENT");
      expect(await org.tree(root.id)).toHaveLength(1);
      expect(await org.members(root.id)).toEqual([]);
      // Any other Unicode is kept as is.
      const fancy = await org.createUnit({ id: t("研发-🙂"), parentId: root.id, name: "研发部 🙂" });
      expect((await org.tree(fancy.id))[0]).toEqual(fancy);
    });

    it("renames a unit without moving it", async () => {
      const t = ids();
      await org.createUnit({ id: t("root"), parentId: null, name: "Root" });
      await org.createUnit({ id: t("ops"), parentId: t("root"), name: "Ops", sort: 3 });
      const renamed = await org.renameUnit(t("ops"), "Operations");
      expect(renamed).toEqual({
        id: t("ops"),
        parentId: t("root"),
        name: "Operations",
        sort: 3,
        path: [t("root"), t("ops")],
        depth: 1,
      });
      expect(await org.tree(t("ops"))).toEqual([renamed]);
    });

    it("lists the tree depth-first, siblings by sort, then name, then id", async () => {
      const t = ids();
      const add = (id: string, parentId: string | null, name: string, sort: number) =>
        org.createUnit({ id: t(id), parentId: parentId && t(parentId), name, sort });
      await add("r", null, "R", 0);
      await add("b", "r", "Beta", 1);
      await add("a", "r", "Alpha", 1);
      await add("z", "r", "Zeta", 0);
      await add("a2", "a", "Same", 0);
      await add("a1", "a", "Same", 0);
      await add("b1", "b", "B1", 0);
      await add("first", null, "First root", -1);
      await add("f1", "first", "F1", 0);

      const expected = ["R", "  Zeta", "  Alpha", "    Same", "    Same", "  Beta", "    B1"];
      const subtree = await org.tree(t("r"));
      expect(shape(subtree)).toEqual(expected);
      expect(subtree[3]?.id).toBe(t("a1"));
      expectConsistent(subtree);

      // The whole tree holds other tests' units too; ours keep their relative order.
      const mine = new Set(["r", "b", "a", "z", "a2", "a1", "b1", "first", "f1"].map(t));
      const whole = await org.tree();
      expectConsistent(whole);
      expect(shape(whole.filter((u) => mine.has(u.id)))).toEqual(["First root", "  F1", ...expected]);
    });

    it("moves a subtree and rewrites every path below it", async () => {
      const t = ids();
      await org.createUnit({ id: t("r"), parentId: null, name: "R" });
      await org.createUnit({ id: t("eng"), parentId: t("r"), name: "Eng", sort: 1 });
      await org.createUnit({ id: t("web"), parentId: t("eng"), name: "Web" });
      await org.createUnit({ id: t("ui"), parentId: t("web"), name: "UI" });
      await org.createUnit({ id: t("sales"), parentId: t("r"), name: "Sales", sort: 2 });

      const moved = await org.moveUnit(t("eng"), t("sales"));
      expect(moved).toEqual({
        id: t("eng"),
        parentId: t("sales"),
        name: "Eng",
        sort: 1,
        path: [t("r"), t("sales"), t("eng")],
        depth: 2,
      });
      const after = await org.tree(t("r"));
      expect(shape(after)).toEqual(["R", "  Sales", "    Eng", "      Web", "        UI"]);
      expect(after.at(-1)?.path).toEqual(["r", "sales", "eng", "web", "ui"].map(t));
      expectConsistent(after);

      // To the top, with a new sort: the subtree becomes a tree of its own.
      const web = await org.moveUnit(t("web"), null, 5);
      expect(web).toMatchObject({ parentId: null, sort: 5, path: [t("web")], depth: 0 });
      expect(await org.tree(t("web"))).toEqual([web, expect.objectContaining({ path: [t("web"), t("ui")], depth: 1 })]);
      expect(shape(await org.tree(t("r")))).toEqual(["R", "  Sales", "    Eng"]);

      // Within the same parent only the position changes.
      await org.createUnit({ id: t("hr"), parentId: t("r"), name: "HR", sort: 1 });
      await org.moveUnit(t("hr"), t("r"), 3);
      expect(shape(await org.tree(t("r")))).toEqual(["R", "  Sales", "    Eng", "  HR"]);
      expectConsistent(await org.tree());
    });

    it("refuses moves that would close a cycle, directly or through a descendant", async () => {
      const t = ids();
      await org.createUnit({ id: t("a"), parentId: null, name: "A" });
      await org.createUnit({ id: t("b"), parentId: t("a"), name: "B" });
      await org.createUnit({ id: t("c"), parentId: t("b"), name: "C" });
      const before = await org.tree(t("a"));

      await expectError(org.moveUnit(t("a"), t("a")), "CONFLICT");
      await expectError(org.moveUnit(t("a"), t("b")), "CONFLICT");
      await expectError(org.moveUnit(t("a"), t("c")), "CONFLICT");
      await expectError(org.moveUnit(t("b"), t("c")), "CONFLICT");
      expect(await org.tree(t("a"))).toEqual(before);

      // Up the tree is fine: C next to B, then B out on its own.
      await org.moveUnit(t("c"), t("a"));
      await org.moveUnit(t("b"), null);
      expect(shape(await org.tree(t("a")))).toEqual(["A", "  C"]);
      expect(shape(await org.tree(t("b")))).toEqual(["B"]);
    });

    it("deletes only empty units", async () => {
      const t = ids();
      await org.createUnit({ id: t("r"), parentId: null, name: "R" });
      await org.createUnit({ id: t("leaf"), parentId: t("r"), name: "Leaf" });
      await org.addMember(t("leaf"), t("alice"));

      await expectError(org.deleteUnit(t("r")), "CONFLICT");
      await expectError(org.deleteUnit(t("leaf")), "CONFLICT");
      expect(await org.unitsOf(t("alice"))).toHaveLength(1);

      await org.removeMember(t("leaf"), t("alice"));
      await org.deleteUnit(t("leaf"));
      await org.deleteUnit(t("r"));
      await expectError(org.tree(t("r")), "NOT_FOUND");
      await expectError(org.deleteUnit(t("r")), "NOT_FOUND");
      // The id is free again.
      await org.createUnit({ id: t("r"), parentId: null, name: "R again" });
      expect(shape(await org.tree(t("r")))).toEqual(["R again"]);
    });

    it("answers NOT_FOUND for unknown units", async () => {
      const t = ids();
      const known = await org.createUnit({ id: t("known"), parentId: null, name: "Known" });
      const unknown = t("unknown");
      await expectError(org.createUnit({ parentId: unknown, name: "X" }), "NOT_FOUND");
      await expectError(org.renameUnit(unknown, "X"), "NOT_FOUND");
      await expectError(org.moveUnit(unknown, null), "NOT_FOUND");
      await expectError(org.moveUnit(unknown, known.id), "NOT_FOUND");
      await expectError(org.moveUnit(known.id, unknown), "NOT_FOUND");
      await expectError(org.deleteUnit(unknown), "NOT_FOUND");
      await expectError(org.addMember(unknown, "alice"), "NOT_FOUND");
      await expectError(org.removeMember(unknown, "alice"), "NOT_FOUND");
      await expectError(org.tree(unknown), "NOT_FOUND");
      await expectError(org.members(unknown), "NOT_FOUND");
      await expectError(org.members(unknown, { recursive: true }), "NOT_FOUND");
      expect(await org.tree(known.id)).toEqual([known]);
      expect(await org.unitsOf(t("nobody"))).toEqual([]);
    });

    it("lists members, updating a listing in place and keeping fields left out", async () => {
      const t = ids();
      const [alice, bob, carol] = [t("alice"), t("bob"), t("carol")];
      await org.createUnit({ id: t("r"), parentId: null, name: "R" });

      expect(await org.addMember(t("r"), bob)).toEqual({ unitId: t("r"), uid: bob, title: "", sort: 0 });
      await org.addMember(t("r"), carol, { title: "CTO", sort: -1 });
      await org.addMember(t("r"), alice, { title: "CEO" });
      expect(await org.addMember(t("r"), carol, { title: "CEO" })).toEqual({
        unitId: t("r"),
        uid: carol,
        title: "CEO",
        sort: -1,
      });
      await org.addMember(t("r"), bob, { sort: -1 });

      expect(await org.members(t("r"))).toEqual([
        { unitId: t("r"), uid: bob, title: "", sort: -1 },
        { unitId: t("r"), uid: carol, title: "CEO", sort: -1 },
        { unitId: t("r"), uid: alice, title: "CEO", sort: 0 },
      ]);
      expect(await org.removeMember(t("r"), bob)).toBe(true);
      expect(await org.removeMember(t("r"), bob)).toBe(false);
      expect((await org.members(t("r"))).map((m) => m.uid)).toEqual([carol, alice]);
    });

    it("lists the members of a whole subtree unit by unit, and a person's units, in tree order", async () => {
      const t = ids();
      const [alice, bob, carol] = [t("alice"), t("bob"), t("carol")];
      await org.createUnit({ id: t("r"), parentId: null, name: "R" });
      await org.createUnit({ id: t("sales"), parentId: t("r"), name: "Sales", sort: 2 });
      await org.createUnit({ id: t("eng"), parentId: t("r"), name: "Eng", sort: 1 });
      await org.createUnit({ id: t("web"), parentId: t("eng"), name: "Web" });
      await org.createUnit({ id: t("empty"), parentId: t("eng"), name: "Empty", sort: -5 });
      await org.addMember(t("sales"), alice, { title: "Head of sales" });
      await org.addMember(t("web"), bob);
      await org.addMember(t("web"), alice, { title: "Advisor" });
      await org.addMember(t("r"), carol, { title: "CEO" });
      await org.addMember(t("eng"), carol, { title: "Acting head" });

      const pairs = (members: { unitId: string; uid: string }[]) => members.map((m) => [m.unitId, m.uid]);
      expect(pairs(await org.members(t("r"), { recursive: true }))).toEqual([
        [t("r"), carol],
        [t("eng"), carol],
        [t("web"), alice],
        [t("web"), bob],
        [t("sales"), alice],
      ]);
      expect(pairs(await org.members(t("eng"), { recursive: true }))).toEqual([
        [t("eng"), carol],
        [t("web"), alice],
        [t("web"), bob],
      ]);
      expect(pairs(await org.members(t("r")))).toEqual([[t("r"), carol]]);
      expect(await org.members(t("empty"), { recursive: true })).toEqual([]);

      const alicesUnits = await org.unitsOf(alice);
      expect(alicesUnits.map((u) => u.id)).toEqual([t("web"), t("sales")]);
      expect(alicesUnits[0]?.path).toEqual([t("r"), t("eng"), t("web")]);
      expect((await org.unitsOf(carol)).map((u) => u.id)).toEqual([t("r"), t("eng")]);

      // Members follow their unit when it moves.
      await org.moveUnit(t("web"), t("sales"), 9);
      expect(pairs(await org.members(t("sales"), { recursive: true }))).toEqual([
        [t("sales"), alice],
        [t("web"), alice],
        [t("web"), bob],
      ]);
      expect((await org.unitsOf(bob))[0]?.path).toEqual([t("r"), t("sales"), t("web")]);
    });

    it("lets exactly one of two concurrent opposite moves succeed, leaving no cycle", async () => {
      const other = await open();
      for (let round = 0; round < 10; round++) {
        const t = ids();
        await org.createUnit({ id: t("r"), parentId: null, name: "R" });
        await org.createUnit({ id: t("a"), parentId: t("r"), name: "A" });
        await org.createUnit({ id: t("b"), parentId: t("r"), name: "B" });
        await org.createUnit({ id: t("b1"), parentId: t("b"), name: "B1" });

        // B1 is below B: A under B1 and B under A would close a ring through the descendant.
        const [first, second] = round % 2 ? [org, other] : [other, org];
        const results = await Promise.allSettled([first.moveUnit(t("a"), t("b1")), second.moveUnit(t("b"), t("a"))]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const refused = results.find((r) => r.status === "rejected");
        expect(ImError.is(refused?.reason, "CONFLICT")).toBe(true);

        const tree = await other.tree(t("r"));
        expectConsistent(tree, ["r", "a", "b", "b1"].map(t));
        expect(tree.map((u) => u.depth)).toEqual([0, 1, 2, 3]);
      }
    });

    it("refuses exactly one move of a concurrent ring of three", async () => {
      const stores = [org, await open(), await open()];
      for (let round = 0; round < 5; round++) {
        const t = ids();
        await org.createUnit({ id: t("r"), parentId: null, name: "R" });
        for (const n of ["a", "b", "c"]) await org.createUnit({ id: t(n), parentId: t("r"), name: n });
        const moves: [string, string][] = [
          ["a", "b"],
          ["b", "c"],
          ["c", "a"],
        ];
        const results = await Promise.allSettled(
          moves.map(([unit, parent], i) => (stores[(i + round) % 3] as OrgStore).moveUnit(t(unit), t(parent))),
        );
        expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "fulfilled", "rejected"]);
        expectConsistent(await org.tree(t("r")), ["r", "a", "b", "c"].map(t));
      }
    });

    it("keeps every path right while moves and creations at different levels run concurrently", async () => {
      const other = await open();
      const t = ids();
      const created = ["r", "a", "a1", "a11", "b", "b1", "c"];
      await org.createUnit({ id: t("r"), parentId: null, name: "R" });
      await org.createUnit({ id: t("a"), parentId: t("r"), name: "A" });
      await org.createUnit({ id: t("a1"), parentId: t("a"), name: "A1" });
      await org.createUnit({ id: t("a11"), parentId: t("a1"), name: "A11" });
      await org.createUnit({ id: t("b"), parentId: t("r"), name: "B" });
      await org.createUnit({ id: t("b1"), parentId: t("b"), name: "B1" });
      await org.createUnit({ id: t("c"), parentId: t("r"), name: "C" });

      const results = await Promise.allSettled([
        org.moveUnit(t("a1"), t("b1")),
        other.moveUnit(t("b"), t("c")),
        org.createUnit({ id: t("new"), parentId: t("a11"), name: "New" }),
        other.moveUnit(t("a"), t("b1")),
        org.moveUnit(t("c"), t("a11")),
        other.createUnit({ id: t("new2"), parentId: t("b1"), name: "New 2" }),
      ]);
      for (const r of results) if (r.status === "rejected") expect(ImError.is(r.reason, "CONFLICT")).toBe(true);
      expectConsistent(await other.tree(t("r")), [...created, "new", "new2"].map(t));
    });

    it("never loses a person listed while their unit is being deleted", async () => {
      const other = await open();
      for (let round = 0; round < 10; round++) {
        const t = ids();
        await org.createUnit({ id: t("r"), parentId: null, name: "R" });
        await org.createUnit({ id: t("leaf"), parentId: t("r"), name: "Leaf" });
        const [listing, deletion] = await Promise.allSettled([
          other.addMember(t("leaf"), t("erin")),
          org.deleteUnit(t("leaf")),
        ]);
        if (deletion.status === "fulfilled") {
          // The deletion went first: the listing found no unit.
          expect(listing.status === "rejected" && ImError.is(listing.reason, "NOT_FOUND")).toBe(true);
          expect(await org.unitsOf(t("erin"))).toEqual([]);
        } else {
          expect(ImError.is(deletion.reason, "CONFLICT")).toBe(true);
          expect(listing.status).toBe("fulfilled");
          expect((await org.unitsOf(t("erin"))).map((u) => u.id)).toEqual([t("leaf")]);
        }
      }
    });

    it("keeps the tree and its members across a restart", async () => {
      const t = ids();
      await org.createUnit({ id: t("r"), parentId: null, name: "R" });
      await org.createUnit({ id: t("x"), parentId: t("r"), name: "X", sort: 4 });
      await org.createUnit({ id: t("y"), parentId: t("x"), name: "Y" });
      await org.moveUnit(t("y"), t("r"), 1);
      await org.addMember(t("y"), t("dana"), { title: "Lead", sort: 2 });
      const tree = await org.tree(t("r"));
      const members = await org.members(t("r"), { recursive: true });

      const restarted = await open();
      expect(await restarted.tree(t("r"))).toEqual(tree);
      expect(await restarted.members(t("r"), { recursive: true })).toEqual(members);
      expect(await restarted.unitsOf(t("dana"))).toEqual([tree[1]]);
      expect(shape(tree)).toEqual(["R", "  Y", "  X"]);
    });
  });
}
