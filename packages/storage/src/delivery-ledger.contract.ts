import { randomUUID } from "node:crypto";
import type { DeliveryEvent, DeliveryLedger } from "@im/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

export interface DeliveryLedgerHarness {
  ledger: DeliveryLedger;
  cleanup(): Promise<void>;
}

function event(ownerUid: string, seq: number, kind: DeliveryEvent["kind"], at: number): DeliveryEvent {
  return {
    ownerUid,
    seq,
    msgId: kind === "push-ack" ? null : 1000 + seq,
    kind,
    nodeId: "node-a",
    deviceId: kind === "offline-push" ? null : "phone",
    deviceType: kind === "offline-push" ? null : 2,
    provider: kind === "offline-push" ? "webhook" : null,
    result: kind === "offline-push" ? "queued" : null,
    at,
  };
}

/** The DeliveryLedger contract, run against every backend. */
export function describeDeliveryLedgerContract(name: string, setup: () => Promise<DeliveryLedgerHarness>): void {
  describe(`DeliveryLedger contract: ${name}`, () => {
    let harness: DeliveryLedgerHarness;
    beforeAll(async () => {
      harness = await setup();
    });
    afterAll(async () => {
      await harness?.ledger.close();
      await harness?.cleanup();
    });

    it("returns the events of the asked entries only, oldest first, once flushed", async () => {
      const { ledger } = harness;
      const [bob, amy] = [`bob-${randomUUID()}`, `amy-${randomUUID()}`];
      const t = Date.now();
      ledger.record(event(bob, 1, "push", t));
      ledger.record(event(bob, 1, "push-ack", t + 5));
      ledger.record(event(bob, 2, "offline-push", t + 1));
      ledger.record(event(amy, 1, "push", t + 2));
      await ledger.flush();
      const got = await ledger.eventsOf([
        { ownerUid: bob, seq: 1 },
        { ownerUid: bob, seq: 2 },
      ]);
      expect(got).toEqual([
        event(bob, 1, "push", t),
        event(bob, 2, "offline-push", t + 1),
        event(bob, 1, "push-ack", t + 5),
      ]);
      expect(await ledger.eventsOf([{ ownerUid: amy, seq: 2 }])).toEqual([]);
      expect(await ledger.eventsOf([])).toEqual([]);
    });

    it("keeps thousands of events recorded in one burst", async () => {
      const { ledger } = harness;
      const uid = `burst-${randomUUID()}`;
      const t = Date.now();
      for (let seq = 1; seq <= 3000; seq++) ledger.record(event(uid, seq, "push", t));
      await ledger.flush();
      const entries = Array.from({ length: 3000 }, (_, i) => ({ ownerUid: uid, seq: i + 1 }));
      const got = await ledger.eventsOf(entries);
      expect(new Set(got.map((e) => e.seq)).size).toBe(3000);
    });

    it("prunes events older than a time and keeps the rest", async () => {
      const { ledger } = harness;
      const uid = `old-${randomUUID()}`;
      const t = Date.now();
      ledger.record(event(uid, 1, "push", t - 10 * 86_400_000));
      ledger.record(event(uid, 2, "push", t));
      await ledger.flush();
      expect(await ledger.pruneBefore(t - 86_400_000)).toBeGreaterThanOrEqual(1);
      const left = await ledger.eventsOf([
        { ownerUid: uid, seq: 1 },
        { ownerUid: uid, seq: 2 },
      ]);
      expect(left.map((e) => e.seq)).toEqual([2]);
    });
  });
}
