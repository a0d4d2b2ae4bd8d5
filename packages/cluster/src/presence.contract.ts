import { DeviceType, type Presence, type Route, type RouteQuery } from "@im/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

export interface PresenceHarness {
  presence: Presence;
  /** Releases the backend and deletes whatever it stored. */
  cleanup(): Promise<void>;
}

function route(uid: string, connId: string, nodeId: string, extra: Partial<Route> = {}): Route {
  return {
    uid,
    deviceType: DeviceType.IOS,
    deviceId: `dev-${connId}`,
    nodeId,
    connId,
    loginSeq: 1,
    loginAt: 1_000,
    lastActiveAt: 1_000,
    ...extra,
  };
}

const byConnId = (routes: Route[]) => [...routes].sort((a, b) => a.connId.localeCompare(b.connId));

/** The behaviour every Presence backend must show; open() gives a fresh, empty registry per test. */
export function presenceContract(name: string, open: () => Promise<PresenceHarness>): void {
  describe(`Presence contract: ${name}`, () => {
    let h: PresenceHarness;
    let p: Presence;
    beforeEach(async () => {
      h = await open();
      p = h.presence;
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it("makes added routes visible and forgets removed ones", async () => {
      const a1 = route("alice", "n1:1", "n1", { deviceType: DeviceType.IOS });
      const a2 = route("alice", "n2:1", "n2", { deviceType: DeviceType.WEB, loginSeq: 2 });
      const b1 = route("bob", "n1:2", "n1");
      await p.add(a1);
      await p.add(a2);
      await p.add(b1);
      expect(byConnId(await p.routes("alice"))).toEqual([a1, a2]);
      expect(await p.routes("bob")).toEqual([b1]);

      await p.remove("alice", "n1:1");
      expect(await p.routes("alice")).toEqual([a2]);
      await p.remove("alice", "n2:1");
      expect(await p.routes("alice")).toEqual([]);
      expect(await p.routes("bob")).toEqual([b1]);
    });

    it("treats removing an unknown route as a no-op", async () => {
      const a1 = route("alice", "n1:1", "n1");
      await p.add(a1);
      await p.remove("alice", "n1:404");
      await p.remove("nobody", "n1:1");
      expect(await p.routes("alice")).toEqual([a1]);
      expect(await p.onlineCount()).toBe(1);
    });

    it("keeps one route and counts it once when the same connId is added twice", async () => {
      const a1 = route("alice", "n1:1", "n1");
      await p.add(a1);
      await p.add({ ...a1, lastActiveAt: 2_000 });
      expect(await p.routes("alice")).toEqual([{ ...a1, lastActiveAt: 2_000 }]);
      expect(await p.onlineCount()).toBe(1);
      expect(await p.nodesWithRoutes()).toEqual(["n1"]);
    });

    it("moves a connId re-added with another node", async () => {
      const a1 = route("alice", "c1", "n1");
      await p.add(a1);
      await p.add({ ...a1, nodeId: "n2" });
      expect(await p.routes("alice")).toEqual([{ ...a1, nodeId: "n2" }]);
      expect(await p.nodesWithRoutes()).toEqual(["n2"]);
      expect(await p.onlineCount()).toBe(1);
      expect(await p.removeNode("n1")).toBe(0);
      expect(await p.routes("alice")).toHaveLength(1);
    });

    it("answers routesMany for every uid asked, with [] for offline ones", async () => {
      const a1 = route("alice", "n1:1", "n1");
      const b1 = route("bob", "n2:1", "n2");
      const b2 = route("bob", "n2:2", "n2", { deviceType: DeviceType.ANDROID });
      for (const r of [a1, b1, b2]) await p.add(r);
      const many = await p.routesMany(["alice", "bob", "carol", "alice"]);
      expect([...many.keys()].sort()).toEqual(["alice", "bob", "carol"]);
      expect(many.get("alice")).toEqual([a1]);
      expect(byConnId(many.get("bob") ?? [])).toEqual([b1, b2]);
      expect(many.get("carol")).toEqual([]);
      expect((await p.routesMany([])).size).toBe(0);
    });

    it("hands out strictly increasing loginSeqs, also to concurrent logins", async () => {
      const first = await p.nextLoginSeq("alice");
      const second = await p.nextLoginSeq("alice");
      expect(second).toBeGreaterThan(first);
      const concurrent = await Promise.all(Array.from({ length: 200 }, () => p.nextLoginSeq("alice")));
      expect(new Set(concurrent).size).toBe(200);
      expect(Math.min(...concurrent)).toBeGreaterThan(second);
      expect(await p.nextLoginSeq("alice")).toBeGreaterThan(Math.max(...concurrent));
    });

    it("keeps nextLoginSeq above the loginSeq of every route written", async () => {
      await p.add(route("alice", "n1:1", "n1", { loginSeq: 41 }));
      expect(await p.nextLoginSeq("alice")).toBeGreaterThan(41);
      await p.touch([route("bob", "n1:2", "n1", { loginSeq: 7 })], 5_000);
      expect(await p.nextLoginSeq("bob")).toBeGreaterThan(7);
    });

    it("touch refreshes lastActiveAt and re-creates a route that was deleted", async () => {
      const a1 = route("alice", "n1:1", "n1");
      const b1 = route("bob", "n1:2", "n1");
      await p.add(a1);
      await p.touch([a1], 5_000);
      expect(await p.routes("alice")).toEqual([{ ...a1, lastActiveAt: 5_000 }]);

      await p.remove("alice", "n1:1");
      expect(await p.onlineCount()).toBe(0);
      expect(await p.nodesWithRoutes()).toEqual([]);
      await p.touch([a1, b1], 6_000);
      expect(await p.routes("alice")).toEqual([{ ...a1, lastActiveAt: 6_000 }]);
      expect(await p.routes("bob")).toEqual([{ ...b1, lastActiveAt: 6_000 }]);
      expect(await p.onlineCount()).toBe(2);
      expect(await p.nodesWithRoutes()).toEqual(["n1"]);
    });

    it("touches a large batch of routes", async () => {
      const routes = Array.from({ length: 1_200 }, (_, i) => route(`u${i % 700}`, `n1:${i}`, i % 3 ? "n1" : "n2"));
      await p.touch(routes, 9_000);
      expect(await p.onlineCount()).toBe(1_200);
      expect((await p.nodesWithRoutes()).sort()).toEqual(["n1", "n2"]);
      const many = await p.routesMany(Array.from({ length: 700 }, (_, i) => `u${i}`));
      let total = 0;
      for (const rs of many.values()) {
        total += rs.length;
        for (const r of rs) expect(r.lastActiveAt).toBe(9_000);
      }
      expect(total).toBe(1_200);
    });

    it("removeNode purges exactly that node's routes", async () => {
      const a1 = route("alice", "n1:1", "n1");
      const a2 = route("alice", "n2:1", "n2");
      const b1 = route("bob", "n1:2", "n1");
      const c1 = route("carol", "n2:2", "n2");
      for (const r of [a1, a2, b1, c1]) await p.add(r);
      expect((await p.nodesWithRoutes()).sort()).toEqual(["n1", "n2"]);
      expect(await p.onlineCount()).toBe(4);

      expect(await p.removeNode("n1")).toBe(2);
      expect(await p.routes("alice")).toEqual([a2]);
      expect(await p.routes("bob")).toEqual([]);
      expect(await p.routes("carol")).toEqual([c1]);
      expect(await p.nodesWithRoutes()).toEqual(["n2"]);
      expect(await p.onlineCount()).toBe(2);

      expect(await p.removeNode("n1")).toBe(0);
      expect(await p.removeNode("never-seen")).toBe(0);
      await p.add(b1);
      expect((await p.nodesWithRoutes()).sort()).toEqual(["n1", "n2"]);
    });

    it("keeps onlineCount and nodesWithRoutes in step with add and remove", async () => {
      expect(await p.onlineCount()).toBe(0);
      expect(await p.nodesWithRoutes()).toEqual([]);
      await p.add(route("alice", "n1:1", "n1"));
      await p.add(route("bob", "n2:1", "n2"));
      await p.add(route("bob", "n2:2", "n2"));
      expect(await p.onlineCount()).toBe(3);
      await p.remove("alice", "n1:1");
      expect(await p.onlineCount()).toBe(2);
      expect(await p.nodesWithRoutes()).toEqual(["n2"]);
      await p.remove("bob", "n2:1");
      await p.remove("bob", "n2:2");
      expect(await p.onlineCount()).toBe(0);
      expect(await p.nodesWithRoutes()).toEqual([]);
    });

    it("lists routes a page at a time, with node, device type and uid filters", async () => {
      const all = [
        route("alice", "a1", "n1", { deviceType: DeviceType.IOS }),
        route("alice", "a2", "n2", { deviceType: DeviceType.WEB }),
        route("bob", "b1", "n1", { deviceType: DeviceType.ANDROID }),
        route("carol", "c1", "n1", { deviceType: DeviceType.IOS }),
        route("dave", "d1", "n2", { deviceType: DeviceType.IOS }),
        route("erin", "e1", "n3", { deviceType: DeviceType.WEB }),
        route("frank", "f1", "n1", { deviceType: DeviceType.IOS }),
      ];
      for (const r of all) await p.add(r);
      const walk = async (query: Omit<RouteQuery, "cursor" | "limit">, limit: number) => {
        const seen: Route[] = [];
        let cursor: string | undefined;
        let totals: number[] = [];
        for (let pages = 0; pages < 50; pages++) {
          const page = await p.listRoutes({ ...query, limit, ...(cursor === undefined ? {} : { cursor }) });
          expect(page.routes.length).toBeLessThanOrEqual(limit);
          seen.push(...page.routes);
          totals = [...totals, page.total];
          if (page.nextCursor === null) return { seen: byConnId(seen), count: seen.length, totals };
          cursor = page.nextCursor;
        }
        throw new Error("the walk did not end");
      };

      const everything = await walk({}, 2);
      expect(everything.seen).toEqual(byConnId(all));
      expect(everything.count).toBe(all.length);
      expect(new Set(everything.totals)).toEqual(new Set([all.length]));

      const n1 = await walk({ nodeId: "n1" }, 3);
      expect(n1.seen).toEqual(byConnId(all.filter((r) => r.nodeId === "n1")));
      expect(n1.totals[0]).toBe(4);

      const ios = await walk({ deviceType: DeviceType.IOS }, 1);
      expect(ios.seen).toEqual(byConnId(all.filter((r) => r.deviceType === DeviceType.IOS)));
      expect(ios.totals[0]).toBeGreaterThanOrEqual(4);

      const iosOnN1 = await walk({ nodeId: "n1", deviceType: DeviceType.IOS }, 10);
      expect(iosOnN1.seen.map((r) => r.connId)).toEqual(["a1", "c1", "f1"]);

      const alice = await walk({ uid: "alice" }, 1);
      expect(alice.seen).toEqual(byConnId(all.filter((r) => r.uid === "alice")));
      expect(alice.totals[0]).toBe(2);
      expect((await walk({ uid: "alice", deviceType: DeviceType.WEB }, 5)).seen.map((r) => r.connId)).toEqual(["a2"]);
      expect(await p.listRoutes({ uid: "nobody", limit: 5 })).toEqual({ routes: [], nextCursor: null, total: 0 });
      expect(await p.listRoutes({ nodeId: "n404", limit: 5 })).toEqual({ routes: [], nextCursor: null, total: 0 });

      await expect(p.listRoutes({ limit: 5, cursor: "not-a-cursor" })).rejects.toMatchObject({
        kind: "INVALID_ARGUMENT",
      });
    });

    it("walks a large registry once through, every route exactly once while nothing changes", async () => {
      const routes = Array.from({ length: 1_500 }, (_, i) =>
        route(`u${i % 900}`, `c${i}`, `n${i % 3}`, { deviceType: i % 2 ? DeviceType.IOS : DeviceType.WEB }),
      );
      await p.touch(routes, 9_000);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await p.listRoutes({ limit: 70, ...(cursor === undefined ? {} : { cursor }) });
        expect(page.total).toBe(1_500);
        seen.push(...page.routes.map((r) => r.connId));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      expect(seen).toHaveLength(1_500);
      expect(new Set(seen).size).toBe(1_500);
    });

    it("round-trips any Unicode in ids, braces and separators included", async () => {
      const odd = route("用户😀{x}|y", "n:1|{z}", "节点{1}");
      await p.add(odd);
      expect(await p.routes("用户😀{x}|y")).toEqual([odd]);
      expect(await p.nodesWithRoutes()).toEqual(["节点{1}"]);
      expect(await p.removeNode("节点{1}")).toBe(1);
      expect(await p.routes("用户😀{x}|y")).toEqual([]);
    });
  });
}
