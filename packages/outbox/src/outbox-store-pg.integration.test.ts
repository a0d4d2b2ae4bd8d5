import { ImError } from "@im/core";
import { createTestDatabase, type TestDatabase } from "@im/testing";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboxStoreContract } from "./outbox-store.contract.ts";
import { PgOutboxStore } from "./outbox-store-pg.ts";
import { addBusinessLine, connectPool } from "./test-support/fixtures.ts";

let database: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = connectPool(database.url, 8);
});
afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

outboxStoreContract("postgres", async () => {
  await pool.query("TRUNCATE outbox, webhook_attempts");
  await pool.query("DELETE FROM business_lines");
  const store = new PgOutboxStore(pool, { lingerMs: 1 });
  return {
    store,
    addBusinessLine: (id) => addBusinessLine(pool, id),
    setBusinessLine: async (id, { paused, stream }) => {
      await pool.query("UPDATE business_lines SET paused = $2, stream = $3 WHERE id = $1", [id, paused, stream]);
    },
    cleanup: () => store.close(),
  };
});

describe("PgOutboxStore", () => {
  it("never hands one event to two concurrent claimers in different processes", async () => {
    await pool.query("TRUNCATE outbox");
    await addBusinessLine(pool, "crm");
    await addBusinessLine(pool, "erp");
    const store = new PgOutboxStore(pool);
    // A second store on its own pool stands for a second process.
    const otherPool = connectPool(database.url, 6);
    const other = new PgOutboxStore(otherPool);
    try {
      await Promise.all(
        Array.from({ length: 120 }, (_, i) =>
          store.enqueueC2S({
            businessId: i % 2 ? "crm" : "erp",
            fromUid: "alice",
            clientMsgId: `cm-${i}`,
            contentType: 1,
            content: "x",
          }),
        ),
      );
      const claimer = async (s: PgOutboxStore) => {
        const ids: number[] = [];
        for (;;) {
          const batch = await s.claimDue(7, 60_000);
          if (batch.length === 0) return ids;
          ids.push(...batch.map((e) => e.id));
        }
      };
      const lanes = await Promise.all([claimer(store), claimer(other), claimer(store), claimer(other)]);
      const all = lanes.flat();
      expect(all).toHaveLength(120);
      expect(new Set(all).size).toBe(120);
      expect(lanes.filter((l) => l.length > 0).length).toBeGreaterThan(1);
    } finally {
      await store.close();
      await other.close();
      await otherPool.end();
    }
  });

  it("groups concurrent enqueues into one statement", async () => {
    await addBusinessLine(pool, "crm");
    const queries: unknown[] = [];
    const counting = new Proxy(pool, {
      get(target, prop, receiver) {
        if (prop === "query")
          return (...args: unknown[]) => {
            queries.push(args[0]);
            return (target.query as (...a: unknown[]) => unknown).apply(target, args);
          };
        return Reflect.get(target, prop, receiver);
      },
    });
    const store = new PgOutboxStore(counting, { lingerMs: 5 });
    try {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.enqueueC2S({ businessId: "crm", fromUid: `u${i}`, clientMsgId: "batch", contentType: 1, content: "x" }),
        ),
      );
      expect(results.every((r) => !r.duplicate)).toBe(true);
      expect(queries.length).toBeLessThanOrEqual(2);
    } finally {
      await store.close();
    }
  });

  it("without streams, takes messages only for lines with a signed webhook", async () => {
    await pool.query("TRUNCATE outbox");
    await addBusinessLine(pool, "streamonly");
    await addBusinessLine(pool, "hooked", { url: "https://hooked.example/", secret: "a-long-enough-secret" });
    const store = new PgOutboxStore(pool, { streams: false });
    const msg = (businessId: string) => ({ businessId, fromUid: "u", clientMsgId: "m", contentType: 1, content: "x" });
    try {
      const refused = await store.enqueueC2S(msg("streamonly")).catch((e: unknown) => e);
      expect(ImError.is(refused, "NOT_FOUND")).toBe(true);
      expect((refused as Error).message).toBe(
        "business line streamonly takes no c2s messages: it has no webhook and no stream",
      );
      expect((await store.enqueueC2S(msg("hooked"))).duplicate).toBe(false);
    } finally {
      await store.close();
    }
  });
});
