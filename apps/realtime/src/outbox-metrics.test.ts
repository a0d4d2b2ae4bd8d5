import { MemoryOutboxStore } from "@im/outbox";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { registerOutboxMetrics } from "./outbox-metrics.ts";

function sample(text: string, name: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

describe("c2s metrics", () => {
  it("reports backlog and dead letters per business line, and this node's delivery outcomes", async () => {
    const store = new MemoryOutboxStore();
    store.setBusinessLine("shop");
    store.setBusinessLine("crm");
    const send = (businessId: string, id: string) =>
      store.enqueueC2S({ businessId, fromUid: "u", clientMsgId: id, contentType: 1, content: "x" });
    for (const id of ["a", "b", "c"]) await send("shop", id);
    await send("crm", "d");
    const [first] = await store.claimDue(1, 60_000);
    await store.markFailed(first!.id, "webhook answered 500", "dead");
    const stats = { delivered: 7, retried: 3, dead: 1, inFlight: 2 };
    const registry = new Registry();
    registerOutboxMetrics(registry, { stats: () => stats, counts: () => store.counts() }, 0);

    let text = await registry.metrics();
    expect(sample(text, 'im_c2s_backlog{business_line="shop"}')).toBe(2);
    expect(sample(text, 'im_c2s_backlog{business_line="crm"}')).toBe(1);
    expect(sample(text, 'im_c2s_dead_letters{business_line="shop"}')).toBe(1);
    expect(sample(text, 'im_c2s_dead_letters{business_line="crm"}')).toBe(0);
    expect(sample(text, "im_c2s_delivered_total")).toBe(7);
    expect(sample(text, "im_c2s_retries_total")).toBe(3);
    expect(sample(text, "im_c2s_dead_lettered_total")).toBe(1);
    expect(sample(text, "im_c2s_in_flight")).toBe(2);
    expect(sample(text, "im_c2s_counts_stale")).toBe(0);

    // Everything of crm delivered: its series stays, at 0; counters only grow.
    for (const e of await store.claimDue(10, 60_000)) await store.markDelivered([e.id]);
    stats.delivered = 10;
    text = await registry.metrics();
    expect(sample(text, 'im_c2s_backlog{business_line="crm"}')).toBe(0);
    expect(sample(text, 'im_c2s_backlog{business_line="shop"}')).toBe(0);
    expect(sample(text, "im_c2s_delivered_total")).toBe(10);
  });

  it("keeps the last figures and flags them stale when the outbox cannot be read", async () => {
    let fail = false;
    const registry = new Registry();
    registerOutboxMetrics(
      registry,
      {
        stats: () => ({ delivered: 0, retried: 0, dead: 0, inFlight: 0 }),
        counts: async () => {
          if (fail) throw new Error("database down");
          return [{ businessId: "shop", pending: 4, dead: 2 }];
        },
      },
      0,
    );
    expect(sample(await registry.metrics(), 'im_c2s_backlog{business_line="shop"}')).toBe(4);
    fail = true;
    const text = await registry.metrics();
    expect(sample(text, 'im_c2s_backlog{business_line="shop"}')).toBe(4);
    expect(sample(text, "im_c2s_counts_stale")).toBe(1);
  });
});
