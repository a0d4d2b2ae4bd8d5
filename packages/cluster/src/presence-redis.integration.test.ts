import { DeviceType, type Route } from "@im/core";
import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { presenceContract } from "./presence.contract.ts";
import { RedisPresence } from "./presence-redis.ts";
import { redisKeys } from "./redis-keys.ts";
import { connectTestRedis, deleteKeys, keysUnder, uniquePrefix } from "./test-support/redis.ts";

let redis: Redis;
beforeAll(() => {
  redis = connectTestRedis("imtest-presence");
});
afterAll(async () => {
  await redis.quit();
});

presenceContract("redis", async () => {
  const prefix = uniquePrefix();
  const presence = new RedisPresence(redis, { prefix, batchSize: 500 });
  return {
    presence,
    cleanup: async () => {
      await presence.close();
      await deleteKeys(redis, prefix);
    },
  };
});

const route = (uid: string, connId: string, nodeId: string, loginSeq = 1): Route => ({
  uid,
  deviceType: DeviceType.ANDROID,
  deviceId: `d-${connId}`,
  nodeId,
  connId,
  loginSeq,
  loginAt: 1_000,
  lastActiveAt: 1_000,
});

describe("RedisPresence", () => {
  let prefix: string;
  afterEach(async () => {
    await deleteKeys(redis, prefix);
  });

  it("lays out keys as documented, every one with an expiry", async () => {
    prefix = uniquePrefix();
    const ttl = 120_000;
    const p = new RedisPresence(redis, { prefix, routeTtlMs: ttl });
    const k = redisKeys(prefix);
    await p.add(route("alice", "n1:1", "n1"));
    await p.nextLoginSeq("alice");
    expect((await keysUnder(redis, prefix)).sort()).toEqual(
      [k.userRoutes("alice"), k.userLoginSeq("alice"), k.nodeRoutes("n1"), k.nodesWithRoutes()].sort(),
    );
    expect(await redis.type(k.userRoutes("alice"))).toBe("hash");
    expect(await redis.type(k.nodeRoutes("n1"))).toBe("set");
    expect(await redis.type(k.nodesWithRoutes())).toBe("zset");
    for (const key of await keysUnder(redis, prefix)) {
      const pttl = await redis.pttl(key);
      expect(pttl, key).toBeGreaterThan(ttl - 5_000);
      expect(pttl, key).toBeLessThanOrEqual(ttl);
    }
    await p.remove("alice", "n1:1");
    expect(await redis.exists(k.userRoutes("alice"), k.nodeRoutes("n1"))).toBe(0);
  });

  it("comes back whole from touch after Redis lost everything", async () => {
    prefix = uniquePrefix();
    const p = new RedisPresence(redis, { prefix });
    const seq = await p.nextLoginSeq("alice");
    const routes = [route("alice", "n1:1", "n1", seq + 5), route("bob", "n1:2", "n1"), route("carol", "n2:1", "n2")];
    for (const r of routes) await p.add(r);

    await deleteKeys(redis, prefix); // what a Redis restart without persistence looks like
    expect(await p.routes("alice")).toEqual([]);
    expect(await p.onlineCount()).toBe(0);

    await p.touch(routes, 7_000);
    expect(await p.routes("alice")).toEqual([{ ...routes[0], lastActiveAt: 7_000 }]);
    expect(await p.onlineCount()).toBe(3);
    expect((await p.nodesWithRoutes()).sort()).toEqual(["n1", "n2"]);
    // A login after the loss still outranks the surviving session in kickout decisions.
    expect(await p.nextLoginSeq("alice")).toBeGreaterThan(seq + 5);
    expect(await p.removeNode("n1")).toBe(2);
  });

  it("shares routes and loginSeqs between nodes on separate connections", async () => {
    prefix = uniquePrefix();
    const other = connectTestRedis("imtest-presence-2");
    try {
      const a = new RedisPresence(redis, { prefix });
      const b = new RedisPresence(other, { prefix });
      await a.add(route("alice", "n1:1", "n1"));
      await b.add(route("alice", "n2:1", "n2"));
      expect((await a.routes("alice")).map((r) => r.nodeId).sort()).toEqual(["n1", "n2"]);
      expect(await b.onlineCount()).toBe(2);
      const seqs = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).nextLoginSeq("alice")));
      expect(new Set(seqs).size).toBe(100);
      expect(await b.removeNode("n1")).toBe(1);
      expect(await a.routes("alice")).toEqual([route("alice", "n2:1", "n2")]);
    } finally {
      await other.quit();
    }
  });

  it("skips a corrupt route instead of failing the read", async () => {
    prefix = uniquePrefix();
    const p = new RedisPresence(redis, { prefix });
    const good = route("alice", "n1:1", "n1");
    await p.add(good);
    await redis.hset(redisKeys(prefix).userRoutes("alice"), "junk", "{not json");
    expect(await p.routes("alice")).toEqual([good]);
    expect((await p.routesMany(["alice"])).get("alice")).toEqual([good]);
    await p.remove("alice", "junk");
    expect(await redis.hexists(redisKeys(prefix).userRoutes("alice"), "junk")).toBe(0);
  });
});
