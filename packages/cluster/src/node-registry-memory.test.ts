import { describe, expect, it } from "vitest";
import { nodeInfo, nodeRegistryContract } from "./node-registry.contract.ts";
import { MemoryNodeRegistry } from "./node-registry-memory.ts";

nodeRegistryContract("memory", async () => {
  const registry = new MemoryNodeRegistry();
  return { registry, cleanup: () => registry.close() };
});

describe("MemoryNodeRegistry", () => {
  it("expires an announce exactly when its TTL has passed on the injected clock", async () => {
    let now = 10_000;
    const reg = new MemoryNodeRegistry({ now: () => now });
    await reg.announce(nodeInfo("a"), 1_000);
    now = 10_999;
    expect(await reg.list()).toEqual([nodeInfo("a")]);
    now = 11_000;
    expect(await reg.list()).toEqual([]);
  });

  it("hands out copies, so a caller's edits do not leak into the registry", async () => {
    const reg = new MemoryNodeRegistry();
    const info = nodeInfo("a");
    await reg.announce(info, 60_000);
    info.connections = 1;
    const [listed] = await reg.list();
    expect(listed?.connections).toBe(10);
    if (listed) listed.draining = true;
    expect((await reg.list())[0]?.draining).toBe(false);
  });
});
