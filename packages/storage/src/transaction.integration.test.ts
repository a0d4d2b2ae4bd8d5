import { ImError } from "@im/core";
import { createTestDatabase, type TestDatabase } from "@im/testing";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isUniqueViolation } from "./database-errors.ts";
import { withTransaction } from "./transaction.ts";

let testDb: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  testDb = await createTestDatabase({ migrate: false });
  pool = new pg.Pool({ connectionString: testDb.url, max: 4 });
  await pool.query("CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)");
});
afterAll(async () => {
  await pool?.end();
  await testDb?.drop();
});
beforeEach(async () => {
  await pool.query("TRUNCATE counters");
  await pool.query("INSERT INTO counters VALUES (1, 0)");
});

const value = async () => (await pool.query<{ n: number }>("SELECT n FROM counters WHERE id = 1")).rows[0]?.n;

/**
 * A repeatable-read transaction that reads the counter, lets another
 * transaction change it, then writes it: its first run fails with a
 * serialization failure (40001); later runs find nothing in their way.
 */
function racedIncrement(runs: { count: number }) {
  return async (client: pg.PoolClient) => {
    runs.count++;
    await client.query("SELECT n FROM counters WHERE id = 1");
    if (runs.count === 1) await pool.query("UPDATE counters SET n = n + 100 WHERE id = 1");
    await client.query("UPDATE counters SET n = n + 1 WHERE id = 1");
  };
}

describe("withTransaction", () => {
  it("commits what fn wrote when it resolves, and nothing when it throws", async () => {
    await withTransaction(pool, (c) => c.query("UPDATE counters SET n = 5 WHERE id = 1"));
    expect(await value()).toBe(5);
    const refused = new ImError("CONFLICT", "no");
    await expect(
      withTransaction(pool, async (c) => {
        await c.query("UPDATE counters SET n = 6 WHERE id = 1");
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(await value()).toBe(5);
  });

  it("reruns a rerunnable fn after a serialization failure", async () => {
    const runs = { count: 0 };
    await withTransaction(pool, racedIncrement(runs), { isolation: "REPEATABLE READ", rerunnable: true });
    expect(runs.count).toBe(2);
    expect(await value()).toBe(101);
  });

  it("runs fn once when it is not declared rerunnable, and reports the failure as UNAVAILABLE", async () => {
    const runs = { count: 0 };
    const causes: unknown[] = [];
    const err = await withTransaction(pool, racedIncrement(runs), {
      isolation: "REPEATABLE READ",
      errors: { what: "counter storage", retryAfterMs: 100, onError: (e) => causes.push(e) },
    }).catch((e: unknown) => e);
    expect(ImError.is(err, "UNAVAILABLE")).toBe(true);
    expect((err as ImError).message).toBe("counter storage unavailable, retry");
    expect((err as ImError).retryAfterMs).toBe(100);
    expect(causes.map((c) => (c as { code?: string }).code)).toEqual(["40001"]);
    expect(runs.count).toBe(1);
    expect(await value()).toBe(100);
  });

  it("gives up after the declared number of runs", async () => {
    let runs = 0;
    const err = await withTransaction(
      pool,
      async () => {
        runs++;
        throw Object.assign(new Error("deadlock detected"), { code: "40P01" });
      },
      { rerunnable: { attempts: 4 } },
    ).catch((e: unknown) => e);
    expect(ImError.is(err, "UNAVAILABLE")).toBe(true);
    expect(runs).toBe(4);
  });

  it("maps an expected unique violation to CONFLICT and a refused value to INVALID_ARGUMENT", async () => {
    const conflict = await withTransaction(pool, (c) => c.query("INSERT INTO counters VALUES (1, 0)"), {
      errors: { what: "counter storage", conflict: "counter 1 already exists" },
    }).catch((e: unknown) => e);
    expect(ImError.is(conflict, "CONFLICT")).toBe(true);
    expect((conflict as ImError).message).toBe("counter 1 already exists");

    const refused = await withTransaction(pool, (c) => c.query("SELECT 'seven'::int")).catch((e: unknown) => e);
    expect(ImError.is(refused, "INVALID_ARGUMENT")).toBe(true);
  });

  it("tells a unique violation of one constraint from others", async () => {
    const err = await pool.query("INSERT INTO counters VALUES (1, 0)").catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    expect(isUniqueViolation(err, "counters_pkey")).toBe(true);
    expect(isUniqueViolation(err, "other_key")).toBe(false);
  });

  it("reports an unreachable server as a retryable UNAVAILABLE", async () => {
    // Nothing listens on this port (within the range kept free for manual servers).
    const nowhere = new pg.Pool({ connectionString: "postgres://postgres@127.0.0.1:22998/none", max: 1 });
    try {
      const err = await withTransaction(nowhere, async () => {}).catch((e: unknown) => e);
      expect(ImError.is(err, "UNAVAILABLE")).toBe(true);
    } finally {
      await nowhere.end();
    }
  });
});
