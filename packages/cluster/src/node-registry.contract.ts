import type { NodeInfo, NodeRegistry } from "@im/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sleep } from "./test-support/wait.ts";

export interface NodeRegistryHarness {
  registry: NodeRegistry;
  /** Releases the backend and deletes whatever it stored. */
  cleanup(): Promise<void>;
}

export function nodeInfo(nodeId: string, extra: Partial<NodeInfo> = {}): NodeInfo {
  return {
    nodeId,
    tcp: `10.0.0.1:${7000 + nodeId.length}`,
    ws: `ws://10.0.0.1:8080/${nodeId}`,
    connections: 10,
    cpu: 0.25,
    draining: false,
    startedAt: 1_000,
    updatedAt: 2_000,
    ...extra,
  };
}

const sorted = (nodes: NodeInfo[]) => [...nodes].sort((a, b) => a.nodeId.localeCompare(b.nodeId));
const LONG = 60_000;

/**
 * The behaviour every NodeRegistry backend must show; open() gives a fresh,
 * empty registry per test. TTL cases run on the real clock with short TTLs.
 */
export function nodeRegistryContract(name: string, open: () => Promise<NodeRegistryHarness>): void {
  describe(`NodeRegistry contract: ${name}`, () => {
    let h: NodeRegistryHarness;
    let reg: NodeRegistry;
    beforeEach(async () => {
      h = await open();
      reg = h.registry;
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it("lists announced nodes with every field", async () => {
      expect(await reg.list()).toEqual([]);
      const a = nodeInfo("a");
      const b = nodeInfo("b", { draining: true, cpu: 1.5, connections: 0 });
      await reg.announce(a, LONG);
      await reg.announce(b, LONG);
      expect(sorted(await reg.list())).toEqual([a, b]);
    });

    it("carries the published counters, and lists a node without them as it was announced", async () => {
      const counting = nodeInfo("counting", { msgsStored: 12_345, pushesSent: 67_890, storeBatchP99Ms: 41.5 });
      const idle = nodeInfo("idle", { msgsStored: 0, pushesSent: 0, storeBatchP99Ms: null });
      const plain = nodeInfo("plain");
      for (const n of [counting, idle, plain]) await reg.announce(n, LONG);
      const listed = sorted(await reg.list());
      expect(listed).toEqual([counting, idle, plain]);
      expect(listed[1]?.storeBatchP99Ms).toBeNull();
      expect(listed[2]).not.toHaveProperty("msgsStored");
    });

    it("updates a node's fields when it announces again", async () => {
      await reg.announce(nodeInfo("a"), LONG);
      const updated = nodeInfo("a", { connections: 999, cpu: 0.9, draining: true, updatedAt: 3_000 });
      await reg.announce(updated, LONG);
      expect(await reg.list()).toEqual([updated]);
    });

    it("forgets a removed node; removing an unknown node is a no-op", async () => {
      await reg.announce(nodeInfo("a"), LONG);
      await reg.announce(nodeInfo("b"), LONG);
      await reg.remove("a");
      await reg.remove("never-seen");
      expect(await reg.list()).toEqual([nodeInfo("b")]);
    });

    it("drops a node whose TTL passed without a re-announce", async () => {
      await reg.announce(nodeInfo("short"), 100);
      await reg.announce(nodeInfo("long"), LONG);
      expect((await reg.list()).map((n) => n.nodeId).sort()).toEqual(["long", "short"]);
      await sleep(250);
      expect(await reg.list()).toEqual([nodeInfo("long")]);
    });

    it("keeps a node that re-announces within its TTL", async () => {
      await reg.announce(nodeInfo("a"), 300);
      await sleep(200);
      await reg.announce(nodeInfo("a", { connections: 11 }), 300);
      await sleep(200);
      expect(await reg.list()).toEqual([nodeInfo("a", { connections: 11 })]);
      await sleep(250);
      expect(await reg.list()).toEqual([]);
    });
  });
}
