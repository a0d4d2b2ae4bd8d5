import { describe, expect, it } from "vitest";
import { listEndpoints } from "./iplist.ts";
import { nodeInfo } from "./node-registry.contract.ts";
import { MemoryNodeRegistry } from "./node-registry-memory.ts";

describe("listEndpoints", () => {
  async function registry() {
    const reg = new MemoryNodeRegistry();
    await reg.announce(nodeInfo("busy", { connections: 900, cpu: 0.1 }), 60_000);
    await reg.announce(nodeInfo("hot", { connections: 500, cpu: 1.0 }), 60_000);
    await reg.announce(nodeInfo("idle", { connections: 5, cpu: 0.0, ws: "" }), 60_000);
    await reg.announce(nodeInfo("leaving", { connections: 0, draining: true }), 60_000);
    await reg.announce(nodeInfo("gone", { connections: 0 }), 1);
    await new Promise((r) => setTimeout(r, 5));
    return reg;
  }

  it("lists live, non-draining nodes lightest first, with the load they were ranked by", async () => {
    const endpoints = await listEndpoints(await registry());
    expect(endpoints.map((e) => e.nodeId)).toEqual(["idle", "busy", "hot"]);
    expect(endpoints[1]).toEqual({
      nodeId: "busy",
      tcp: nodeInfo("busy").tcp,
      ws: nodeInfo("busy").ws,
      connections: 900,
      cpu: 0.1,
    });
  });

  it("leaves out nodes without the asked transport and honours limit", async () => {
    const reg = await registry();
    expect((await listEndpoints(reg, { transport: "ws" })).map((e) => e.nodeId)).toEqual(["busy", "hot"]);
    expect((await listEndpoints(reg, { transport: "tcp", limit: 2 })).map((e) => e.tcp)).toEqual([
      nodeInfo("idle").tcp,
      nodeInfo("busy").tcp,
    ]);
    expect(await listEndpoints(reg, { limit: 0 })).toEqual([]);
  });
});
