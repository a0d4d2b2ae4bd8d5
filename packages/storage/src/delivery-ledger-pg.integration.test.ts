import { createDb } from "@im/db";
import { createTestDatabase } from "@im/testing";
import { describe, expect, it } from "vitest";
import { describeDeliveryLedgerContract } from "./delivery-ledger.contract.ts";
import { PgDeliveryLedger } from "./delivery-ledger-pg.ts";

describeDeliveryLedgerContract("postgres", async () => {
  const testDb = await createTestDatabase();
  const db = createDb({ url: testDb.url, max: 4 });
  return {
    ledger: new PgDeliveryLedger(db.pool, { flushMs: 50 }),
    cleanup: async () => {
      await db.close();
      await testDb.drop();
    },
  };
});

describe("PgDeliveryLedger batching", () => {
  it("writes a burst in a few multi-row statements, on its own timer, and what is left on close", async () => {
    const testDb = await createTestDatabase();
    const db = createDb({ url: testDb.url, max: 4 });
    const inserts: number[] = [];
    const query = db.pool.query.bind(db.pool);
    // Counts INSERT statements reaching the pool.
    db.pool.query = ((text: unknown, values?: unknown) => {
      if (typeof text === "string" && text.startsWith("INSERT INTO delivery_ledger"))
        inserts.push((values as unknown[][])[0]?.length ?? 0);
      return query(text as string, values as unknown[]);
    }) as typeof db.pool.query;
    try {
      const ledger = new PgDeliveryLedger(db.pool, { flushMs: 100, flushAt: 400 });
      const at = Date.now();
      const ev = (seq: number) => ({
        ownerUid: "u",
        seq,
        msgId: seq,
        kind: "push" as const,
        nodeId: "n",
        deviceId: "d",
        deviceType: 1,
        provider: null,
        result: null,
        at,
      });
      for (let seq = 1; seq <= 1000; seq++) ledger.record(ev(seq));
      // Two full batches went at once; the rest waits for the timer.
      await expect.poll(() => inserts.length).toBe(3);
      expect(inserts).toEqual([400, 400, 200]);
      ledger.record(ev(1001));
      await ledger.close();
      expect(inserts.at(-1)).toBe(1);
      const { rows } = await db.pool.query("SELECT count(*)::int AS n FROM delivery_ledger");
      expect(rows[0].n).toBe(1001);
    } finally {
      await db.close();
      await testDb.drop();
    }
  });
});
