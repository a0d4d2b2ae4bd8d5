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
      const again = await store.enqueueC2S({ ...msg, deviceType: 3 }); // the same message from another device
      expect(first.duplicate).toBe(false);
      expect(first.eventId).toMatch(/^c2s_[A-Za-z0-9_-]{32}$/);
      expect(again).toEqual({ eventId: first.eventId, duplicate: true });
      for (const changed of [{ content: "changed on retry" }, { contentType: 9 }]) {
        const err = await store.enqueueC2S({ ...msg, ...changed }).catch((e: unknown) => e);
        expect(ImError.is(err, "CONFLICT"), JSON.stringify(changed)).toBe(true);
        expect((err as ImError).message).toContain("was already used for a different message");
      }
      // In one batch too: the first is stored, a copy with another body is refused.
      const twin = c2s();
      const [a, b] = await Promise.allSettled([
        store.enqueueC2S(twin),
        store.enqueueC2S({ ...twin, content: "other" }),
      ]);
      expect(a.status).toBe("fulfilled");
      expect(ImError.is((b as PromiseRejectedResult).reason, "CONFLICT")).toBe(true);
      const other = await store.enqueueC2S({ ...msg, fromUid: "bob" });
      expect(other.eventId).not.toBe(first.eventId);

      const events = await store.listEvents({ businessId: "crm" });
      expect(events).toHaveLength(3);
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

    it("leases a claimed event, then backs off and dies; a dead event is not claimed again", async () => {
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
    });

    it("marks an event delivered after a failed attempt, clearing its last error", async () => {
      const { eventId } = await store.enqueueC2S(c2s());
      const [first] = await store.claimDue(10, 60_000);
      await store.markFailed(first!.id, "webhook answered 503", 0);
      const [second] = await store.claimDue(10, 60_000);
      expect(second).toMatchObject({ eventId, attempts: 2, lastError: "webhook answered 503" });
      await store.markDelivered([second!.id]);
      const [event] = await store.listEvents({ businessId: "crm" });
      expect(event!.status).toBe(OutboxStatus.DELIVERED);
      expect(event!.deliveredAt).not.toBeNull();
      expect(event!.lastError).toBeNull();
      expect(await store.claimDue(10, 0)).toEqual([]);
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

    it("refuses a message to a line with no target, and still answers a retry of one it took", async () => {
      const taken = c2s({ businessId: "erp" });
      const { eventId } = await store.enqueueC2S(taken);
      await fx.setBusinessLine("erp", { paused: false, stream: false }); // no webhook either
      const refused = await store.enqueueC2S(c2s({ businessId: "erp" })).catch((e: unknown) => e);
      expect(ImError.is(refused, "NOT_FOUND")).toBe(true);
      expect((refused as ImError).message).toMatch(/no webhook and no stream/);
      expect(await store.enqueueC2S(taken)).toEqual({ eventId, duplicate: true });
      expect(await store.listEvents({ businessId: "erp" })).toHaveLength(1);
    });

    it("remembers which targets took an event, and keeps that once it is dead", async () => {
      const { eventId } = await store.enqueueC2S(c2s());
      const [first] = await store.claimDue(10, 60_000);
      expect(first).toMatchObject({ streamDeliveredAt: null, webhookDeliveredAt: null });
      await store.markFailed(first!.id, "webhook answered 503", 0, ["stream"]);
      const [second] = await store.claimDue(10, 60_000);
      expect(second!.eventId).toBe(eventId);
      expect(second!.streamDeliveredAt).not.toBeNull();
      expect(second!.webhookDeliveredAt).toBeNull();
      await store.markFailed(second!.id, "webhook answered 500", "dead", []);
      const [dead] = await store.listEvents({ status: OutboxStatus.DEAD });
      expect(dead!.streamDeliveredAt).toBe(second!.streamDeliveredAt); // kept, not moved
      expect(dead!.webhookDeliveredAt).toBeNull();
    });

    it("counts pending and dead events per business line, delivered ones not", async () => {
      const [later, dead, delivered] = await Promise.all([1, 2, 3].map(() => store.enqueueC2S(c2s())));
      const theirs = await store.enqueueC2S(c2s({ businessId: "erp" }));
      const claimed = await store.claimDue(10, 60_000);
      const id = (eventId: string) => claimed.find((e) => e.eventId === eventId)!.id;
      await store.markFailed(id(later!.eventId), "webhook answered 503", 60_000);
      await store.markFailed(id(dead!.eventId), "gave up", "dead");
      await store.markDelivered([id(delivered!.eventId)]);
      await store.markFailed(id(theirs.eventId), "gave up", "dead");
      expect(await store.counts()).toEqual([
        { businessId: "crm", pending: 1, dead: 1 },
        { businessId: "erp", pending: 0, dead: 1 },
      ]);
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
