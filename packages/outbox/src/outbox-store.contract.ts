import { ImError } from "@im/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type NewC2S, OutboxStatus, type OutboxStore } from "./outbox-store.ts";

export interface OutboxStoreFixture {
  store: OutboxStore;
  /** Creates a business line without a webhook. */
  addBusinessLine(id: string): Promise<void>;
  /** Pauses or resumes a business line (and sets whether it wants its stream). */
  setBusinessLine(id: string, settings: { paused: boolean; stream: boolean }): Promise<void>;
  cleanup(): Promise<void>;
}

/** The behaviour every OutboxStore backend shares. */
export function outboxStoreContract(name: string, setup: () => Promise<OutboxStoreFixture>): void {
  describe(`OutboxStore contract: ${name}`, () => {
    let fx: OutboxStoreFixture;
    let store: OutboxStore;
    let n = 0;

    beforeEach(async () => {
      fx = await setup();
      store = fx.store;
      await fx.addBusinessLine("crm");
      await fx.addBusinessLine("erp");
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    const c2s = (over: Partial<NewC2S> = {}): NewC2S => ({
      businessId: "crm",
      fromUid: "alice",
      clientMsgId: `cm-${++n}`,
      contentType: 1,
      content: "hello 👋",
      ...over,
    });

    it("stores a c2s event once per (business, sender, client msg id)", async () => {
      const msg = c2s({ deviceType: 2 });
      const first = await store.enqueueC2S(msg);
      const again = await store.enqueueC2S({ ...msg, content: "changed on retry" });
      expect(first.duplicate).toBe(false);
      expect(first.eventId).toMatch(/^c2s_[A-Za-z0-9_-]{32}$/);
      expect(again).toEqual({ eventId: first.eventId, duplicate: true });
      const other = await store.enqueueC2S({ ...msg, fromUid: "bob" });
      expect(other.eventId).not.toBe(first.eventId);

      const events = await store.listEvents({ businessId: "crm" });
      expect(events).toHaveLength(2);
      const stored = events.find((e) => e.eventId === first.eventId)!;
      expect(stored).toMatchObject({
        kind: "c2s",
        status: OutboxStatus.PENDING,
        attempts: 0,
        payload: { fromUid: "alice", clientMsgId: msg.clientMsgId, contentType: 1, content: "hello 👋", deviceType: 2 },
      });
    });

    it("answers concurrent retries of one message from one batch with one event", async () => {
      const msg = c2s();
      const results = await Promise.all([store.enqueueC2S(msg), store.enqueueC2S(msg), store.enqueueC2S(msg)]);
      expect(new Set(results.map((r) => r.eventId)).size).toBe(1);
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
      expect(await store.listEvents({})).toHaveLength(1);
    });

    it("refuses an unknown business line without failing the rest of the batch", async () => {
      const [bad, good] = await Promise.allSettled([
        store.enqueueC2S(c2s({ businessId: "nope" })),
        store.enqueueC2S(c2s({ businessId: "erp" })),
      ]);
      expect(bad.status).toBe("rejected");
      expect(ImError.is((bad as PromiseRejectedResult).reason, "NOT_FOUND")).toBe(true);
      expect(good.status).toBe("fulfilled");
      expect(await store.listEvents({})).toHaveLength(1);
    });

    it("leases a claimed event, then backs off, dies, and comes back on retryDead", async () => {
      const { eventId } = await store.enqueueC2S(c2s());
      const [claimed] = await store.claimDue(10, 60_000);
      expect(claimed).toMatchObject({ eventId, attempts: 1, businessId: "crm", webhookUrl: null });
      expect(claimed!.nextAttemptAt).toBeGreaterThan(Date.now() + 50_000);
      expect(await store.claimDue(10, 60_000)).toEqual([]); // leased

      await store.markFailed(claimed!.id, "webhook answered 503", 60_000);
      let [event] = await store.listEvents({ businessId: "crm" });
      expect(event).toMatchObject({ status: OutboxStatus.PENDING, attempts: 1, lastError: "webhook answered 503" });
      expect(await store.claimDue(10, 60_000)).toEqual([]); // backing off

      await store.markFailed(claimed!.id, "retry now", 0);
      const [again] = await store.claimDue(10, 60_000);
      expect(again).toMatchObject({ eventId, attempts: 2 });

      await store.markFailed(again!.id, "gave up", "dead");
      [event] = await store.listEvents({ status: OutboxStatus.DEAD });
      expect(event).toMatchObject({ eventId, status: OutboxStatus.DEAD, attempts: 2, lastError: "gave up" });
      expect(await store.claimDue(10, 0)).toEqual([]);

      expect(await store.retryDead(eventId)).toBe(true);
      expect(await store.retryDead(eventId)).toBe(false); // no longer dead
      const [revived] = await store.claimDue(10, 60_000);
      expect(revived).toMatchObject({ eventId, attempts: 1 });
      await store.markDelivered([revived!.id]);
      [event] = await store.listEvents({ businessId: "crm" });
      expect(event!.status).toBe(OutboxStatus.DELIVERED);
      expect(event!.deliveredAt).not.toBeNull();
      expect(event!.lastError).toBeNull();
    });

    it("skips excluded business lines and gives released events back without counting them", async () => {
      await store.enqueueC2S(c2s({ businessId: "crm" }));
      const { eventId } = await store.enqueueC2S(c2s({ businessId: "erp" }));
      const claimed = await store.claimDue(10, 60_000, { excludeBusinessIds: ["crm"] });
      expect(claimed.map((e) => e.eventId)).toEqual([eventId]);
      await store.release([claimed[0]!.id]);
      const [back] = (await store.claimDue(10, 60_000)).filter((e) => e.eventId === eventId);
      expect(back!.attempts).toBe(1);
    });

    it("purges delivered events past their retention and keeps the rest", async () => {
      const delivered = await store.enqueueC2S(c2s());
      const dead = await store.enqueueC2S(c2s());
      const pending = await store.enqueueC2S(c2s());
      const claimed = await store.claimDue(10, 60_000);
      const id = (eventId: string) => claimed.find((e) => e.eventId === eventId)!.id;
      await store.markDelivered([id(delivered.eventId)]);
      await store.markFailed(id(dead.eventId), "no", "dead");
      await store.markFailed(id(pending.eventId), "later", 60_000);
      expect(await store.purgeDelivered(60_000, 100)).toBe(0); // too recent
      await new Promise((r) => setTimeout(r, 20));
      expect(await store.purgeDelivered(5, 100)).toBe(1);
      const left = await store.listEvents({});
      expect(left.map((e) => e.eventId).sort()).toEqual([dead.eventId, pending.eventId].sort());
    });

    it("refuses content the database cannot store without failing the rest of the batch", async () => {
      const results = await Promise.allSettled([
        store.enqueueC2S(c2s({ content: "a\u0000b" })),
        store.enqueueC2S(c2s({ content: "lone \ud800 surrogate" })),
        store.enqueueC2S(c2s({ clientMsgId: "" })),
        store.enqueueC2S(c2s({ content: "fine 👍" })),
      ]);
      expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected", "fulfilled"]);
      for (const r of results.slice(0, 3))
        expect(ImError.is((r as PromiseRejectedResult).reason, "INVALID_ARGUMENT")).toBe(true);
      expect(await store.listEvents({})).toHaveLength(1);
    });

    it("leaves a paused line's events alone until it is resumed, and says whether the line wants its stream", async () => {
      await store.enqueueC2S(c2s({ businessId: "crm" }));
      await store.enqueueC2S(c2s({ businessId: "erp" }));
      await fx.setBusinessLine("crm", { paused: true, stream: true });
      await fx.setBusinessLine("erp", { paused: false, stream: false });
      const first = await store.claimDue(10, 60_000);
      expect(first.map((e) => [e.businessId, e.stream])).toEqual([["erp", false]]);
      await fx.setBusinessLine("crm", { paused: false, stream: true });
      const later = await store.claimDue(10, 60_000);
      expect(later.map((e) => [e.businessId, e.stream, e.attempts])).toEqual([["crm", true, 1]]);
    });

    it("prunes webhook attempts older than a given age, a bounded number at a time", async () => {
      const { eventId } = await store.enqueueC2S(c2s());
      const attempt = (ageMs: number) => ({
        businessId: "crm",
        eventId,
        at: Date.now() - ageMs,
        status: 500,
        latencyMs: 3,
        ok: false,
        error: "webhook answered 500",
        responseExcerpt: "",
      });
      await store.recordAttempts([attempt(3 * 86_400_000), attempt(2 * 86_400_000), attempt(5_000)]);
      expect(await store.pruneAttempts(86_400_000, 1)).toBe(1);
      expect(await store.pruneAttempts(86_400_000, 10)).toBe(1);
      expect(await store.pruneAttempts(86_400_000, 10)).toBe(0);
      expect(await store.pruneAttempts(1_000, 10)).toBe(1);
    });
  });
}
