import type { NodeInfo, NodeRegistry, Presence } from "@im/core";
import { orderByLoad } from "@im/core";
import type { Logger } from "pino";

export interface MembershipOptions {
  nodeId: string;
  tcp: string;
  ws: string;
  /** Registry TTL; the node re-announces every third of it. */
  ttlMs: number;
  /** Current authenticated sessions of this node. */
  sessions(): number;
  /** Counters published with each announce (the console's live traffic view); called once per announce. */
  counters?(): Pick<NodeInfo, "msgsStored" | "pushesSent" | "storeBatchP99Ms">;
  /**
   * Called after an announce that came more than a TTL after the previous
   * one (the process was frozen, or the registry unreachable): the other
   * nodes may have declared this node dead and purged its routes.
   */
  onLapse?(lapsedMs: number): void;
}

/**
 * Keeps this node in the node registry and keeps the route registry free of
 * dead nodes: a node whose registry entry has been missing for two checks in
 * a row has its routes purged, so senders stop routing to it within a bounded
 * time (about TTL + two check intervals).
 */
export class Membership {
  private timer: NodeJS.Timeout | null = null;
  private readonly startedAt = Date.now();
  private draining = false;
  private live: NodeInfo[] = [];
  private readonly missing = new Map<string, number>();
  private cpuSample = { usage: process.cpuUsage(), at: performance.now() };
  private cpu = 0;
  private ticking: Promise<void> | null = null;
  private lastAnnouncedAt = 0;

  constructor(
    private readonly registry: NodeRegistry,
    private readonly presence: Presence,
    private readonly opts: MembershipOptions,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), Math.max(100, Math.floor(this.opts.ttlMs / 3)));
    this.timer.unref();
  }

  /** Other live, non-draining nodes, lightest first. */
  peers(): NodeInfo[] {
    return orderByLoad(this.live.filter((n) => n.nodeId !== this.opts.nodeId));
  }

  async setDraining(): Promise<void> {
    this.draining = true;
    await this.announce().catch((err) => this.log.warn({ err }, "announce failed"));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
    await this.registry.remove(this.opts.nodeId).catch((err) => this.log.warn({ err }, "registry removal failed"));
  }

  /** Re-announces at once (after the registry lost its data, e.g. a Redis restart). */
  refresh(): Promise<void> {
    return this.tick();
  }

  private tick(): Promise<void> {
    this.ticking ??= (async () => {
      try {
        await this.announce();
        const now = Date.now();
        const lapsed = this.lastAnnouncedAt === 0 ? 0 : now - this.lastAnnouncedAt;
        this.lastAnnouncedAt = now;
        if (lapsed > this.opts.ttlMs) {
          this.log.warn({ lapsedMs: lapsed }, "this node missed its registry TTL; re-registering its sessions");
          // After this tick: the handler may refresh() the membership itself.
          setImmediate(() => this.opts.onLapse?.(lapsed));
        }
        this.live = await this.registry.list();
        await this.purgeDead();
      } catch (err) {
        this.log.warn({ err }, "cluster membership check failed");
      } finally {
        this.ticking = null;
      }
    })();
    return this.ticking;
  }

  private announce(): Promise<void> {
    const now = performance.now();
    const usage = process.cpuUsage(this.cpuSample.usage);
    const elapsedUs = (now - this.cpuSample.at) * 1000;
    if (elapsedUs > 0) this.cpu = (usage.user + usage.system) / elapsedUs;
    this.cpuSample = { usage: process.cpuUsage(), at: now };
    return this.registry.announce(
      {
        nodeId: this.opts.nodeId,
        tcp: this.opts.tcp,
        ws: this.opts.ws,
        connections: this.opts.sessions(),
        cpu: Math.round(this.cpu * 100) / 100,
        draining: this.draining,
        startedAt: this.startedAt,
        updatedAt: Date.now(),
        ...this.opts.counters?.(),
      },
      this.opts.ttlMs,
    );
  }

  private async purgeDead(): Promise<void> {
    const liveIds = new Set(this.live.map((n) => n.nodeId));
    liveIds.add(this.opts.nodeId);
    const withRoutes = await this.presence.nodesWithRoutes();
    for (const nodeId of withRoutes) {
      if (liveIds.has(nodeId)) {
        this.missing.delete(nodeId);
        continue;
      }
      const misses = (this.missing.get(nodeId) ?? 0) + 1;
      this.missing.set(nodeId, misses);
      if (misses < 2) continue;
      const removed = await this.presence.removeNode(nodeId);
      this.missing.delete(nodeId);
      if (removed > 0) this.log.info({ deadNode: nodeId, removed }, "purged routes of a dead node");
    }
  }
}
