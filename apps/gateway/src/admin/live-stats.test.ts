import { MemoryNodeRegistry, MemoryPresence } from "@im/cluster";
import { DeviceType, type NodeInfo } from "@im/core";
import { describe, expect, it } from "vitest";
import { LiveStatsSampler, ratesBetween, snapshotOf, worstStoreP99 } from "./live-stats.ts";

const node = (nodeId: string, extra: Partial<NodeInfo> = {}): NodeInfo => ({
  nodeId,
  tcp: "127.0.0.1:7100",
  ws: "ws://127.0.0.1:7101/ws",
  connections: 0,
  cpu: 0,
  draining: false,
  startedAt: 0,
  updatedAt: 0,
  ...extra,
});

describe("ratesBetween", () => {
  it("sums per-node counter deltas per second", () => {
    const prev = snapshotOf(
      [node("a", { msgsStored: 100, pushesSent: 50 }), node("b", { msgsStored: 0, pushesSent: 0 })],
      0,
    );
    const next = snapshotOf(
      [node("a", { msgsStored: 300, pushesSent: 450 }), node("b", { msgsStored: 200, pushesSent: 100 })],
      10_000,
    );
    expect(ratesBetween(prev, next, new Map())).toEqual({ msgsInPerSec: 40, msgsOutPerSec: 50 });
  });

  it("counts a restarted node's counter from zero and a new node only if it started after the last sample", () => {
    const prev = snapshotOf([node("a", { msgsStored: 1_000, pushesSent: 1_000 })], 10_000);
    const next = snapshotOf(
      [
        node("a", { msgsStored: 30, pushesSent: 10 }),
        node("fresh", { msgsStored: 20, pushesSent: 40 }),
        node("old", { msgsStored: 999_999, pushesSent: 999_999 }),
      ],
      20_000,
    );
    const started = new Map([
      ["fresh", 15_000],
      ["old", 1_000],
    ]);
    expect(ratesBetween(prev, next, started)).toEqual({ msgsInPerSec: 5, msgsOutPerSec: 5 });
  });

  it("ignores nodes that publish no counters", () => {
    const prev = snapshotOf([node("a")], 0);
    const next = snapshotOf([node("a")], 10_000);
    expect(next.nodes.size).toBe(0);
    expect(ratesBetween(prev, next, new Map())).toEqual({ msgsInPerSec: 0, msgsOutPerSec: 0 });
  });
});

describe("worstStoreP99", () => {
  it("is the slowest node's p99, or null when none published one", () => {
    expect(worstStoreP99([node("a"), node("b", { storeBatchP99Ms: null })])).toBeNull();
    expect(worstStoreP99([node("a", { storeBatchP99Ms: 12 }), node("b", { storeBatchP99Ms: 80 })])).toBe(80);
  });
});

describe("LiveStatsSampler", () => {
  it("keeps one window of samples, oldest first, with rates, sessions and connections", async () => {
    let now = 1_000_000;
    const registry = new MemoryNodeRegistry({ now: () => now });
    const presence = new MemoryPresence();
    const sampler = new LiveStatsSampler({ registry, presence, now: () => now, intervalMs: 10_000, windowMs: 30_000 });
    await presence.add({
      uid: "u",
      deviceType: DeviceType.WEB,
      deviceId: "d",
      nodeId: "a",
      connId: "c",
      loginSeq: 1,
      loginAt: now,
      lastActiveAt: now,
    });
    for (let i = 0; i < 5; i++) {
      await registry.announce(node("a", { connections: 3 + i, msgsStored: i * 1_000, storeBatchP99Ms: i }), 60_000);
      await sampler.sample();
      now += 10_000;
    }
    const points = sampler.history(60 * 60_000);
    expect(points.map((p) => p.at)).toEqual([1_020_000, 1_030_000, 1_040_000]);
    expect(points.map((p) => p.msgsInPerSec)).toEqual([100, 100, 100]);
    expect(points.map((p) => p.connections)).toEqual([5, 6, 7]);
    expect(points.every((p) => p.onlineUsers === 1)).toBe(true);
    expect(points.at(-1)?.storeBatchP99Ms).toBe(4);
    expect(sampler.history(15_000).map((p) => p.at)).toEqual([1_040_000]);
  });

  it("samples on its interval once started and not after stop", async () => {
    const registry = new MemoryNodeRegistry();
    let lists = 0;
    const counting = Object.assign(Object.create(registry), {
      list: () => {
        lists++;
        return registry.list();
      },
    });
    const sampler = new LiveStatsSampler({
      registry: counting,
      presence: new MemoryPresence(),
      now: Date.now,
      intervalMs: 10,
    });
    sampler.start();
    await expect.poll(() => lists, { timeout: 2000, interval: 5 }).toBeGreaterThanOrEqual(3);
    await sampler.stop();
    const seen = lists;
    expect(seen).toBeGreaterThanOrEqual(3);
    expect(sampler.history(60_000).length).toBe(seen);
    await new Promise((r) => setTimeout(r, 50));
    expect(lists).toBe(seen);
  });
});
