import { MemoryNodeBus, MemoryPresence } from "@im/cluster";
import { type BusMessage, ConvType, type InboxMessage, type Route } from "@im/core";
import { Cmd, decodeFrame } from "@im/protocol";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { Connection } from "./connection.ts";
import { Delivery } from "./delivery.ts";
import { Hub } from "./hub.ts";
import { createNodeMetrics } from "./metrics.ts";
import { Replies } from "./replies.ts";
import { Sessions } from "./sessions.ts";

const message = (seq: number): InboxMessage => ({
  msgId: 7,
  seq,
  convType: ConvType.GROUP,
  convId: "g1",
  fromUid: "ann",
  toId: "g1",
  clientMsgId: "k",
  contentType: 1,
  content: "hello group",
  sentAt: 1,
});

function route(uid: string, nodeId: string, connId: string): Route {
  return { uid, deviceType: 2, deviceId: connId, nodeId, connId, loginSeq: 1, loginAt: 0, lastActiveAt: 0 };
}

async function setup() {
  const presence = new MemoryPresence();
  const bus = new MemoryNodeBus();
  const got: { node: string; m: BusMessage }[] = [];
  for (const node of ["n2", "n3"]) await bus.subscribe(node, (m) => got.push({ node, m }));
  const hub = new Hub();
  const log = pino({ level: "silent" });
  const metrics = createNodeMetrics("n1");
  const tracked: string[] = [];
  const delivery = new Delivery({
    nodeId: "n1",
    hub,
    presence,
    bus,
    tracker: { track: (uid) => tracked.push(uid) },
    sessions: new Sessions("n1", presence, metrics, log),
    replies: new Replies(metrics, log),
    metrics,
    log,
    messages: { maxSeq: async () => 0, pull: async () => ({ messages: [], hasMore: false, maxSeq: 0 }) },
    maxOutboundBytes: 1 << 20,
  });
  return { presence, bus, got, hub, delivery, tracked };
}

describe("Delivery", () => {
  it("sends each other node one bus message for a whole batch, and pushes local sessions directly", async () => {
    const { presence, got, hub, delivery, tracked } = await setup();
    const written: Uint8Array[] = [];
    const local = new Connection(
      "n1:1",
      { kind: "tcp", remote: "", write: (f) => written.push(f), bufferedBytes: () => 0, end: () => {} },
      0,
      { tokens: 1, at: 0 } as never,
    );
    local.session = { uid: "m0", deviceType: 2, deviceId: "n1:1", loginSeq: 1, loginAt: 0 };
    hub.add(local);
    await presence.add(route("m0", "n1", "n1:1"));
    for (let i = 1; i <= 40; i++) await presence.add(route(`m${i}`, i % 2 ? "n2" : "n3", `c${i}`));
    const writes = Array.from({ length: 41 }, (_, i) => ({ ownerUid: `m${i}`, message: message(100 + i) }));
    await delivery.deliver(writes);
    await expect.poll(() => got.length).toBe(2);
    expect(got.map((g) => g.node).sort()).toEqual(["n2", "n3"]);
    for (const { m } of got) expect(m.type === "deliver" && m.pushes.length).toBe(20);
    expect(written.map((f) => decodeFrame(f, 1 << 20).cmd)).toEqual([Cmd.MSG_PUSH]);
    expect(tracked).toHaveLength(41);
  });

  it("pushes a batch from another node to the sessions here that still belong to each owner", async () => {
    const { hub, delivery } = await setup();
    const written: string[] = [];
    for (const [id, uid] of [
      ["n1:1", "bob"],
      ["n1:2", "someone-else"],
    ] as const) {
      const c = new Connection(
        id,
        { kind: "tcp", remote: "", write: () => written.push(id), bufferedBytes: () => 0, end: () => {} },
        0,
        { tokens: 1, at: 0 } as never,
      );
      c.session = { uid, deviceType: 2, deviceId: id, loginSeq: 1, loginAt: 0 };
      hub.add(c);
    }
    delivery.receivePushes([{ ownerUid: "bob", connIds: ["n1:1", "n1:2", "n1:gone"], message: message(3) }]);
    expect(written).toEqual(["n1:1"]);
  });

  it("cuts off a session that stopped reading, with an ERROR first, and keeps pushing to those that read", async () => {
    const { presence, hub, delivery } = await setup();
    const written = new Map<string, number[]>();
    const ended: string[] = [];
    for (const [id, buffered] of [
      ["n1:slow", (1 << 20) + 1],
      ["n1:fast", 1 << 20],
    ] as const) {
      const c = new Connection(
        id,
        {
          kind: "tcp",
          remote: "",
          write: (f) => written.set(id, [...(written.get(id) ?? []), decodeFrame(f, 1 << 20).cmd]),
          bufferedBytes: () => buffered,
          end: () => ended.push(id),
        },
        0,
        { tokens: 1, at: 0 } as never,
      );
      c.session = { uid: "bob", deviceType: 2, deviceId: id, loginSeq: 1, loginAt: 0 };
      hub.add(c);
      await presence.add(route("bob", "n1", id));
    }
    delivery.receivePushes([{ ownerUid: "bob", connIds: ["n1:slow", "n1:fast"], message: message(4) }]);
    expect(written.get("n1:slow")).toEqual([Cmd.ERROR]);
    expect(written.get("n1:fast")).toEqual([Cmd.MSG_PUSH]);
    expect(ended).toEqual(["n1:slow"]);
    await expect.poll(async () => (await presence.routes("bob")).map((r) => r.connId)).toEqual(["n1:fast"]);
  });
});
