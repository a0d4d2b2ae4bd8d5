import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";

/** The developer/CI Redis; TEST_REDIS_URL overrides. Shared with other suites: never FLUSHDB. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export function connectPool(url: string, max = 4): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on("error", () => {});
  return pool;
}

export function connectTestRedis(): Redis {
  return new Redis(TEST_REDIS_URL, { connectionName: "imtest-outbox", maxRetriesPerRequest: 1 });
}

/** A Redis key prefix no other test (or run) uses. */
export function uniquePrefix(): string {
  return `imtest:outbox:${Date.now().toString(36)}${randomBytes(4).toString("hex")}:`;
}

/** Deletes every key under prefix (SCAN, never KEYS). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== "0");
}

export async function addBusinessLine(
  pool: pg.Pool,
  id: string,
  webhook: { url: string; secret: string } | null = null,
): Promise<void> {
  await pool.query(
    `INSERT INTO business_lines (id, name, webhook_url, webhook_secret) VALUES ($1, $1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET webhook_url = EXCLUDED.webhook_url, webhook_secret = EXCLUDED.webhook_secret`,
    [id, webhook?.url ?? null, webhook?.secret ?? null],
  );
}

/** Makes a dead event pending again with a fresh attempt budget, as a retry from the console or the business API does. */
export async function retryDeadEvent(pool: pg.Pool, eventId: string): Promise<boolean> {
  const { rowCount } = await pool.query(
    "UPDATE outbox SET status = 0, attempts = 0, next_attempt_at = now(), last_error = NULL WHERE event_id = $1 AND status = 2",
    [eventId],
  );
  return (rowCount ?? 0) > 0;
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
