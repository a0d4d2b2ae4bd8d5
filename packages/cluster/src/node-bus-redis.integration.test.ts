import type { BusMessage } from "@im/core";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { groupBatch, nodeBusContract } from "./node-bus.contract.ts";
import { RedisNodeBus } from "./node-bus-redis.ts";
import { redisKeys } from "./redis-keys.ts";
import { connectTestRedis, uniquePrefix } from "./test-support/redis.ts";
import { sleep, waitFor } from "./test-support/wait.ts";

let publisher: Redis;
let subscriber: Redis;
beforeAll(() => {
  publisher = connectTestRedis("imtest-bus-pub");
  subscriber = connectTestRedis("imtest-bus-sub");
});
afterAll(async () => {
  await Promise.all([publisher.quit(), subscriber.quit()]);
});

nodeBusContract("redis", async () => {
  const bus = new RedisNodeBus({ publisher, subscriber, prefix: uniquePrefix() });
  return { bus, cleanup: () => bus.close() };
});

const kick = (n: number): BusMessage => ({ type: "kick", uid: "u", connId: `c${n}`, reason: n, text: "" });

describe("RedisNodeBus", () => {
  it("carries messages between nodes on separate connections", async () => {
    const prefix = uniquePrefix();
    const otherPub = connectTestRedis("imtest-bus-pub2");
    const otherSub = connectTestRedis("imtest-bus-sub2");
    const nodeA = new RedisNodeBus({ publisher, subscriber, prefix });
    const nodeB = new RedisNodeBus({ publisher: otherPub, subscriber: otherSub, prefix });
    try {
      const atA: BusMessage[] = [];
      const atB: BusMessage[] = [];
      await nodeA.subscribe("a", (m) => atA.push(m));
      await nodeB.subscribe("b", (m) => atB.push(m));
      nodeA.publish("b", kick(1));
      nodeB.publish("a", kick(2));
      await waitFor(() => atA.length === 1 && atB.length === 1, "cross-node messages");
      expect(atA).toEqual([kick(2)]);
      expect(atB).toEqual([kick(1)]);
    } finally {
      await nodeA.close();
      await nodeB.close();
      await Promise.all([otherPub.quit(), otherSub.quit()]);
    }
  });

  it("reports an undecodable payload and keeps delivering", async () => {
    const prefix = uniquePrefix();
    const errors: unknown[] = [];
    const bus = new RedisNodeBus({ publisher, subscriber, prefix, onError: (e) => errors.push(e) });
    try {
      const got: BusMessage[] = [];
      await bus.subscribe("n1", (m) => got.push(m));
      await publisher.publish(redisKeys(prefix).busChannel("n1"), "{broken");
      bus.publish("n1", kick(1));
      await waitFor(() => got.length === 1, "the good message");
      expect(got).toEqual([kick(1)]);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(SyntaxError);
    } finally {
      await bus.close();
    }
  });

  it("publishes a delivery batch once, with the shared content written once", async () => {
    const prefix = uniquePrefix();
    const raw = connectTestRedis("imtest-bus-raw");
    const bus = new RedisNodeBus({ publisher, subscriber, prefix });
    try {
      const payloads: string[] = [];
      raw.on("message", (_channel: string, payload: string) => payloads.push(payload));
      await raw.subscribe(redisKeys(prefix).busChannel("n1"));
      bus.publish("n1", groupBatch(200));
      bus.publish("n1", kick(1));
      await waitFor(() => payloads.length === 2, "the batch and the kick");
      expect(payloads[0]!.split("group news").length - 1).toBe(1);
      expect(JSON.parse(payloads[1]!)).toEqual(kick(1));
    } finally {
      await bus.close();
      await raw.quit();
    }
  });

  it("unsubscribes its channels on close", async () => {
    const prefix = uniquePrefix();
    const bus = new RedisNodeBus({ publisher, subscriber, prefix });
    const channel = redisKeys(prefix).busChannel("n1");
    await bus.subscribe("n1", () => {});
    expect(await publisher.pubsub("NUMSUB", channel)).toEqual([channel, 1]);
    await bus.close();
    await sleep(10);
    expect(await publisher.pubsub("NUMSUB", channel)).toEqual([channel, 0]);
    await expect(bus.subscribe("n2", () => {})).rejects.toThrow(/closed/);
  });
});
