import type { OutboxCounts, OutboxDispatcherStats } from "@im/outbox";
import { Counter, Gauge, type Registry } from "prom-client";

export interface OutboxMetricsSource {
  /** This process's dispatcher (every realtime node runs one). */
  stats(): OutboxDispatcherStats;
  /** Backlog and dead letters per business line, from the shared outbox. */
  counts(): Promise<OutboxCounts[]>;
}

/**
 * c2s delivery metrics on a node's registry. The dispatcher's outcomes are
 * this node's; backlog and dead letters are the cluster's (every node reports
 * the same figures, read from the database at most once per `cacheMs`, so
 * aggregate them with max, not sum). When the database cannot be read the
 * last figures stay and im_c2s_counts_stale says so.
 */
export function registerOutboxMetrics(registry: Registry, source: OutboxMetricsSource, cacheMs = 5_000): void {
  let last = { delivered: 0, retried: 0, dead: 0 };
  const outcome = (name: string, help: string, key: keyof typeof last) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        const now = source.stats()[key];
        if (now > last[key]) this.inc(now - last[key]);
        last = { ...last, [key]: now };
      },
    });
  outcome("im_c2s_delivered_total", "c2s events this node delivered to every target of their line", "delivered");
  outcome("im_c2s_retries_total", "c2s delivery attempts this node saw fail and scheduled again", "retried");
  outcome("im_c2s_dead_lettered_total", "c2s events this node gave up on after the last attempt", "dead");
  new Gauge({
    name: "im_c2s_in_flight",
    help: "c2s deliveries this node is making right now",
    registers: [registry],
    collect() {
      this.set(source.stats().inFlight);
    },
  });

  let cached: { at: number; counts: OutboxCounts[] } | null = null;
  let stale = false;
  const counts = async (): Promise<OutboxCounts[]> => {
    if (cached && Date.now() - cached.at < cacheMs) return cached.counts;
    try {
      cached = { at: Date.now(), counts: await source.counts() };
      stale = false;
    } catch {
      stale = true;
    }
    return cached?.counts ?? [];
  };
  // Lines seen once keep reporting (0 once drained), so a drained backlog is not a vanished series.
  const seen = new Set<string>();
  const perLine = (name: string, help: string, key: "pending" | "dead") =>
    new Gauge({
      name,
      help,
      labelNames: ["business_line"],
      registers: [registry],
      async collect() {
        const rows = await counts();
        for (const r of rows) seen.add(r.businessId);
        const by = new Map(rows.map((r) => [r.businessId, r[key]]));
        for (const line of seen) this.set({ business_line: line }, by.get(line) ?? 0);
      },
    });
  perLine(
    "im_c2s_backlog",
    "c2s events waiting for delivery (due, backing off or leased), per business line",
    "pending",
  );
  perLine("im_c2s_dead_letters", "c2s events given up on and kept for retry or discard, per business line", "dead");
  new Gauge({
    name: "im_c2s_counts_stale",
    help: "1 when the last read of the outbox backlog failed (the figures shown are older)",
    registers: [registry],
    async collect() {
      await counts();
      this.set(stale ? 1 : 0);
    },
  });
}
