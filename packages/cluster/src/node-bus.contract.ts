import { type BusMessage, ConvType, type NodeBus } from "@im/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sleep, waitFor } from "./test-support/wait.ts";

export interface NodeBusHarness {
  bus: NodeBus;
  /** Closes the bus (if the test did not) and releases the backend. */
  cleanup(): Promise<void>;
}

const kick = (n: number): BusMessage => ({ type: "kick", uid: "alice", connId: `c${n}`, reason: n, text: `#${n}` });

const message = {
  msgId: 9_007_199_254_740_991,
  seq: 42,
  convType: ConvType.C2C,
  convId: "alice",
  fromUid: "alice",
  toId: "bob",
  clientMsgId: "cm-1",
  contentType: 1,
  content: 'héllo 👋 世界 \u0000 "quoted"',
  sentAt: 1_700_000_000_000,
};

const deliver: BusMessage = {
  type: "deliver",
  pushes: [
    { ownerUid: "bob", connIds: ["n1:7", "n1:8"], message },
    // The sender's own inbox entry of the same message: another seq and conversation.
    { ownerUid: "alice", connIds: ["n1:9"], message: { ...message, seq: 7, convId: "bob" } },
  ],
};

/** A group message reaching `n` members on one node: one batch. */
export function groupBatch(n: number): BusMessage {
  const base = { ...message, convType: ConvType.GROUP, convId: "g1", toId: "g1", content: "group news 📣" };
  return {
    type: "deliver",
    pushes: Array.from({ length: n }, (_, i) => ({
      ownerUid: `member-${i}`,
      connIds: [`n1:${i}`],
      message: { ...base, seq: 100 + i },
    })),
  };
}

/** The behaviour every NodeBus backend must show; open() gives a fresh bus per test. */
export function nodeBusContract(name: string, open: () => Promise<NodeBusHarness>): void {
  describe(`NodeBus contract: ${name}`, () => {
    let h: NodeBusHarness;
    let bus: NodeBus;
    beforeEach(async () => {
      h = await open();
      bus = h.bus;
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it("delivers a message to the node it is addressed to, and only there", async () => {
      const n1: BusMessage[] = [];
      const n2: BusMessage[] = [];
      await bus.subscribe("n1", (m) => n1.push(m));
      await bus.subscribe("n2", (m) => n2.push(m));
      const ctrl: BusMessage = { type: "ctrl", connIds: "all", endpoints: ["10.0.0.2:7000"], delayMs: 500 };
      bus.publish("n1", deliver);
      bus.publish("n1", ctrl);
      bus.publish("n2", kick(1));
      await waitFor(() => n1.length === 2 && n2.length === 1, "both nodes' messages");
      await sleep(20);
      expect(n1).toEqual([deliver, ctrl]);
      expect(n2).toEqual([kick(1)]);
    });

    it("carries a whole delivery batch (200 pushes) as one message, every push intact", async () => {
      const got: BusMessage[] = [];
      await bus.subscribe("n1", (m) => got.push(m));
      const batch = groupBatch(200);
      bus.publish("n1", batch);
      bus.publish("n1", kick(1));
      await waitFor(() => got.length === 2, "the batch and the kick after it");
      expect(got).toEqual([batch, kick(1)]);
    });

    it("keeps publish order for 1,000 messages to one node", async () => {
      const got: number[] = [];
      await bus.subscribe("n1", (m) => {
        if (m.type === "kick") got.push(m.reason);
      });
      for (let i = 0; i < 1_000; i++) bus.publish("n1", kick(i));
      await waitFor(() => got.length === 1_000, "1,000 messages");
      expect(got).toEqual(Array.from({ length: 1_000 }, (_, i) => i));
    });

    it("drops a message to a node nobody subscribes to (no buffering)", async () => {
      bus.publish("n3", kick(1));
      await sleep(20);
      const got: BusMessage[] = [];
      await bus.subscribe("n3", (m) => got.push(m));
      bus.publish("n3", kick(2));
      await waitFor(() => got.length >= 1, "the message published after subscribing");
      await sleep(20);
      expect(got).toEqual([kick(2)]);
    });

    it("keeps delivering after a handler throws", async () => {
      const got: BusMessage[] = [];
      await bus.subscribe("n1", (m) => {
        got.push(m);
        if (got.length === 1) throw new Error("handler bug");
      });
      bus.publish("n1", kick(1));
      bus.publish("n1", kick(2));
      await waitFor(() => got.length === 2, "both messages");
      expect(got).toEqual([kick(1), kick(2)]);
    });

    it("delivers nothing once closed, not even what was published just before", async () => {
      const got: BusMessage[] = [];
      await bus.subscribe("n1", (m) => got.push(m));
      bus.publish("n1", kick(1));
      await bus.close();
      expect(() => bus.publish("n1", kick(2))).not.toThrow();
      await sleep(50);
      expect(got).toEqual([]);
    });
  });
}
