import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeInfo, nodeRegistryContract } from "./node-registry.contract.ts";
import { RedisNodeRegistry } from "./node-registry-redis.ts";
import { redisKeys } from "./redis-keys.ts";
import { connectTestRedis, deleteKeys, keysUnder, uniquePrefix } from "./test-support/redis.ts";

let redis: Redis;
beforeAll(() => {
  redis = connectTestRedis("imtest-registry");
});
afterAll(async () => {
  await redis.quit();
});

nodeRegistryContract("redis", async () => {
  const prefix = uniquePrefix();
  const registry = new RedisNodeRegistry(redis, { prefix });
  return {
    registry,
    cleanup: async () => {
      await registry.close();
      await deleteKeys(redis, prefix);
    },
  };
});

describe("RedisNodeRegistry", () => {
  it("stores one expiring key per node and prunes the index as nodes expire", async () => {
    const prefix = uniquePrefix();
    const k = redisKeys(prefix);
    const reg = new RedisNodeRegistry(redis, { prefix });
    try {
      await reg.announce(nodeInfo("a"), 400);
      await reg.announce(nodeInfo("b"), 30_000);
      // Checked while at least 100 ms of a's TTL is left, then waited out rather than slept through.
      expect(await redis.pttl(k.nodeInfo("a"))).toBeGreaterThan(100);
      expect(await redis.pttl(k.nodeInfo("a"))).toBeLessThanOrEqual(400);
      expect((await reg.list()).map((n) => n.nodeId).sort()).toEqual(["a", "b"]);
      expect(await redis.zcard(k.nodeIndex())).toBe(2);
      expect(await redis.pttl(k.nodeIndex())).toBeGreaterThan(25_000);
      await expect.poll(() => reg.list(), { timeout: 5000, interval: 20 }).toEqual([nodeInfo("b")]);
      expect(await redis.zrange(k.nodeIndex(), 0, "-1")).toEqual(["b"]);
      await reg.remove("b");
      expect(await keysUnder(redis, prefix)).toEqual([]);
    } finally {
      await deleteKeys(redis, prefix);
    }
  });

  it("leaves out a node whose key vanished before its index entry expired", async () => {
    const prefix = uniquePrefix();
    const reg = new RedisNodeRegistry(redis, { prefix });
    try {
      await reg.announce(nodeInfo("a"), 30_000);
      await reg.announce(nodeInfo("b"), 30_000);
      await redis.del(redisKeys(prefix).nodeInfo("a"));
      expect(await reg.list()).toEqual([nodeInfo("b")]);
    } finally {
      await deleteKeys(redis, prefix);
    }
  });
});
