import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";

/** The developer/CI Redis; TEST_REDIS_URL overrides. Shared with other suites: never FLUSHDB. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** A key prefix no other test (or run) uses. */
export function uniquePrefix(): string {
  return `imtest:${Date.now().toString(36)}${randomBytes(4).toString("hex")}:`;
}

export function connectTestRedis(name = "imtest"): Redis {
  return new Redis(TEST_REDIS_URL, { connectionName: name, maxRetriesPerRequest: 1 });
}

/** Every key under prefix (SCAN, never KEYS). */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  return [...new Set(keys)];
}

/** Deletes every key under prefix; returns how many there were. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  const keys = await keysUnder(redis, prefix);
  if (keys.length > 0) {
    const p = redis.pipeline();
    for (const key of keys) p.unlink(key);
    await p.exec();
  }
  return keys.length;
}
