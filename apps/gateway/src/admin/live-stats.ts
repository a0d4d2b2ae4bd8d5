import type { NodeInfo, NodeRegistry, Presence } from "@im/core";
import type { FastifyBaseLogger } from "fastify";

/** One sample of cluster traffic. */
export interface LivePoint {
  /** ms since epoch. */
  at: number;
  onlineUsers: number;
  connections: number;
  msgsInPerSec: number;
  msgsOutPerSec: number;
  storeBatchP99Ms: number | null;
}

/** Nodes' monotonic counters at one moment, to take rates against later. */
export interface CounterSnapshot {
  at: number;
  nodes: Map<string, { msgsStored: number; pushesSent: number }>;
}

export function snapshotOf(nodes: readonly NodeInfo[], at: number): CounterSnapshot {
  const out = new Map<string, { msgsStored: number; pushesSent: number }>();
  for (const n of nodes)
    if (n.msgsStored !== undefined || n.pushesSent !== undefined)
      out.set(n.nodeId, { msgsStored: n.msgsStored ?? 0, pushesSent: n.pushesSent ?? 0 });
  return { at, nodes: out };
}

/**
 * Per-second rates between two snapshots, summed over nodes. A counter that
 * went down belongs to a restarted node: everything it counted since its
 * restart is new. A node first seen is counted whole only if it started after
 * the earlier snapshot (otherwise its past is unknown, so it adds nothing yet).
 */
export function ratesBetween(
  prev: CounterSnapshot,
  next: CounterSnapshot,
  startedAt: ReadonlyMap<string, number>,
): { msgsInPerSec: number; msgsOutPerSec: number } {
  const seconds = (next.at - prev.at) / 1000;
  if (seconds <= 0) return { msgsInPerSec: 0, msgsOutPerSec: 0 };
  let stored = 0;
  let pushed = 0;
  for (const [nodeId, cur] of next.nodes) {
    const before = prev.nodes.get(nodeId);
    if (before) {
      stored += cur.msgsStored >= before.msgsStored ? cur.msgsStored - before.msgsStored : cur.msgsStored;
      pushed += cur.pushesSent >= before.pushesSent ? cur.pushesSent - before.pushesSent : cur.pushesSent;
    } else if ((startedAt.get(nodeId) ?? Number.NEGATIVE_INFINITY) >= prev.at) {
      stored += cur.msgsStored;
      pushed += cur.pushesSent;
    }
  }
  const round = (x: number) => Math.round(x * 100) / 100;
  return { msgsInPerSec: round(stored / seconds), msgsOutPerSec: round(pushed / seconds) };
}

/** The slowest node's published store p99, or null when no node published one. */
export function worstStoreP99(nodes: readonly NodeInfo[]): number | null {
  let worst: number | null = null;
  for (const n of nodes)
    if (typeof n.storeBatchP99Ms === "number")
      worst = worst === null ? n.storeBatchP99Ms : Math.max(worst, n.storeBatchP99Ms);
  return worst;
}

export interface LiveStatsOptions {
  registry: NodeRegistry;
  presence: Presence;
  now: () => number;
  /** Between samples (default 10 s). */
  intervalMs?: number | undefined;
  /** How far back history reaches (default 1 h). */
  windowMs?: number | undefined;
  log?: FastifyBaseLogger | undefined;
}

export const DEFAULT_SAMPLE_INTERVAL_MS = 10_000;
export const HISTORY_WINDOW_MS = 60 * 60 * 1000;

/**
 * Samples the node registry and presence at a fixed interval into a ring
 * covering the history window. Held in this gateway process: each gateway
 * keeps its own ring (identical up to sampling phase), none is shared.
 */
export class LiveStatsSampler {
  private readonly ring: (LivePoint | undefined)[];
  private next = 0;
  private last: CounterSnapshot | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  readonly intervalMs: number;

  constructor(private readonly opts: LiveStatsOptions) {
    this.intervalMs = opts.intervalMs ?? DEFAULT_SAMPLE_INTERVAL_MS;
    this.ring = new Array(Math.max(1, Math.ceil((opts.windowMs ?? HISTORY_WINDOW_MS) / this.intervalMs)));
  }

  start(): void {
    if (this.timer) return;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Takes one sample now and appends it to the ring. */
  async sample(): Promise<LivePoint> {
    const at = this.opts.now();
    const [nodes, onlineUsers] = await Promise.all([this.opts.registry.list(), this.opts.presence.onlineCount()]);
    const snapshot = snapshotOf(nodes, at);
    const rates = this.last
      ? ratesBetween(this.last, snapshot, new Map(nodes.map((n) => [n.nodeId, n.startedAt])))
      : { msgsInPerSec: 0, msgsOutPerSec: 0 };
    this.last = snapshot;
    const point: LivePoint = {
      at,
      onlineUsers,
      connections: nodes.reduce((sum, n) => sum + n.connections, 0),
      ...rates,
      storeBatchP99Ms: worstStoreP99(nodes),
    };
    this.ring[this.next] = point;
    this.next = (this.next + 1) % this.ring.length;
    return point;
  }

  /** Rates from the last sample up to these nodes' counters now; the last sample's own rates if too close to it. */
  ratesNow(nodes: readonly NodeInfo[], at: number): { msgsInPerSec: number; msgsOutPerSec: number } {
    const latest = this.history(HISTORY_WINDOW_MS).at(-1);
    if (!this.last || at - this.last.at < 1_000)
      return { msgsInPerSec: latest?.msgsInPerSec ?? 0, msgsOutPerSec: latest?.msgsOutPerSec ?? 0 };
    return ratesBetween(this.last, snapshotOf(nodes, at), new Map(nodes.map((n) => [n.nodeId, n.startedAt])));
  }

  /** Samples of the last `ms`, oldest first. */
  history(ms: number): LivePoint[] {
    const since = this.opts.now() - ms;
    const out: LivePoint[] = [];
    for (let i = 0; i < this.ring.length; i++) {
      const p = this.ring[(this.next + i) % this.ring.length];
      if (p && p.at >= since) out.push(p);
    }
    return out;
  }

  private tick(): Promise<void> {
    this.running ??= this.sample()
      .then(
        () => undefined,
        (err) => this.opts.log?.warn({ err }, "live stats sample failed"),
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }
}
