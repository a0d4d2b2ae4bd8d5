import { MemoryNodeBus, MemoryPresence } from "@im/cluster";
import { type BusMessage, ConvType, type Route } from "@im/core";
import { describe, expect, it } from "vitest";
import { createBusDelivery } from "./bus-delivery.ts";

function route(uid: string, nodeId: string, connId: string, deviceType: 1 | 2): Route {
  return { uid, deviceType, deviceId: connId, nodeId, connId, loginSeq: 1, loginAt: 0, lastActiveAt: 0 };
}

describe("createBusDelivery", () => {
  it("sends pushes and kicks to the nodes holding the sessions", async () => {
    const presence = new MemoryPresence();
    const bus = new MemoryNodeBus();
    const got: { node: string; m: BusMessage }[] = [];
    for (const node of ["n1", "n2"]) await bus.subscribe(node, (m) => got.push({ node, m }));
    await presence.add(route("ann", "n1", "c1", 1));
    await presence.add(route("ann", "n2", "c2", 2));
    const { deliver, kick } = createBusDelivery({ presence, bus });
    const message = {
      msgId: 1,
      seq: 1,
      convType: ConvType.SYSTEM,
      convId: "shop",
      fromUid: "shop",
      toId: "shop",
      clientMsgId: "k",
      contentType: 1,
      content: "x",
      sentAt: 0,
    };
    const second = { ...message, msgId: 2, seq: 2, content: "y" };
    await deliver([
      { ownerUid: "ann", message },
      { ownerUid: "offline", message },
      { ownerUid: "ann", message: second },
    ]);
    expect(await kick("ann", 2, "bye")).toBe(1);
    // One device only, with the reason given: c1 is ann's, "c2" is not the device asked for.
    expect(await kick("ann", undefined, "revoked", { deviceId: "c1", kickReason: 3 })).toBe(1);
    await new Promise((r) => setTimeout(r, 10));
    expect(got).toEqual([
      // One bus message per node for the whole batch.
      {
        node: "n1",
        m: {
          type: "deliver",
          pushes: [
            { ownerUid: "ann", connIds: ["c1"], message },
            { ownerUid: "ann", connIds: ["c1"], message: second },
          ],
        },
      },
      {
        node: "n2",
        m: {
          type: "deliver",
          pushes: [
            { ownerUid: "ann", connIds: ["c2"], message },
            { ownerUid: "ann", connIds: ["c2"], message: second },
          ],
        },
      },
      { node: "n2", m: { type: "kick", uid: "ann", connId: "c2", reason: 2, text: "bye" } },
      { node: "n1", m: { type: "kick", uid: "ann", connId: "c1", reason: 3, text: "revoked" } },
    ]);
  });
});
