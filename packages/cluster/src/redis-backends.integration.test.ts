import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { type BusMessage, DeviceType, type Route } from "@im/core";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisBackends } from "./redis-backends.ts";
import { redisKeys } from "./redis-keys.ts";
import { connectTestRedis, deleteKeys, TEST_REDIS_URL, uniquePrefix } from "./test-support/redis.ts";
import { waitFor } from "./test-support/wait.ts";

let admin: Redis;
beforeAll(() => {
  admin = connectTestRedis("imtest-admin");
});
afterAll(async () => {
  await admin.quit();
});

/** Server-side ids of the connections named `<name>:cmd` and `<name>:sub`. */
async function clientIds(name: string): Promise<{ cmd?: string; sub?: string }> {
  const out: { cmd?: string; sub?: string } = {};
  for (const line of String(await admin.client("LIST")).split("\n")) {
    const id = /(?:^| )id=(\d+)/.exec(line)?.[1];
    const client = /(?:^| )name=(\S+)/.exec(line)?.[1];
    if (id && client === `${name}:cmd`) out.cmd = id;
    if (id && client === `${name}:sub`) out.sub = id;
  }
  return out;
}

const route: Route = {
  uid: "alice",
  deviceType: DeviceType.WEB,
  deviceId: "d1",
  nodeId: "n1",
  connId: "n1:1",
  loginSeq: 3,
  loginAt: 1_000,
  lastActiveAt: 1_000,
};

const kick = (n: number): BusMessage => ({ type: "kick", uid: "alice", connId: "n1:1", reason: n, text: "" });

describe("createRedisBackends", () => {
  it("recovers from losing both connections: onReconnect re-registers, commands and the bus work again", async () => {
    const name = `imtest-${randomBytes(4).toString("hex")}`;
    const prefix = uniquePrefix();
    const errors: unknown[] = [];
    let reconnects = 0;
    const b = createRedisBackends({
      url: TEST_REDIS_URL,
      prefix,
      connectionName: name,
      onError: (err) => errors.push(err),
      onReconnect: async () => {
        reconnects++;
        await b.presence.touch([route], 5_000); // what the realtime node does
      },
    });
    try {
      await b.presence.add(route);
      const got: BusMessage[] = [];
      await b.bus.subscribe("n1", (m) => got.push(m));
      b.bus.publish("n1", kick(1));
      await waitFor(() => got.length === 1, "the first message");
      expect(reconnects).toBe(0); // the first connect is not a reconnect

      // Redis "restarts": the data is gone and every client connection drops.
      const before = await clientIds(name);
      expect(before.cmd).toBeDefined();
      expect(before.sub).toBeDefined();
      await deleteKeys(admin, prefix);
      await admin.client("KILL", "ID", before.cmd!);
      await admin.client("KILL", "ID", before.sub!);

      await waitFor(() => reconnects === 1, "onReconnect");
      await waitFor(async () => (await b.presence.routes("alice")).length === 1, "the re-registered route");
      expect(await b.presence.routes("alice")).toEqual([{ ...route, lastActiveAt: 5_000 }]);
      expect(await b.presence.onlineCount()).toBe(1);

      const channel = redisKeys(prefix).busChannel("n1");
      await waitFor(async () => {
        const after = await clientIds(name);
        const [, subscribers] = (await admin.pubsub("NUMSUB", channel)) as [string, number];
        return after.sub !== undefined && after.sub !== before.sub && subscribers === 1;
      }, "the resubscribed subscriber connection");
      b.bus.publish("n1", kick(2));
      await waitFor(() => got.length === 2, "a message after the reconnect");
      expect(got).toEqual([kick(1), kick(2)]);

      // Every loss counts, not just the first.
      await admin.client("KILL", "ID", (await clientIds(name)).cmd!);
      await waitFor(() => reconnects === 2, "the second onReconnect");
    } finally {
      await b.close();
      await deleteKeys(admin, prefix);
    }
    await waitFor(async () => {
      const left = await clientIds(name);
      return left.cmd === undefined && left.sub === undefined;
    }, "both connections closed");
  });

  it("fails commands fast while Redis is unreachable and keeps publish() from throwing", async () => {
    const port = await freePort();
    const errors: unknown[] = [];
    let reconnects = 0;
    const b = createRedisBackends({
      url: `redis://127.0.0.1:${port}`,
      onError: (err) => errors.push(err),
      onReconnect: () => {
        reconnects++;
      },
    });
    try {
      const started = Date.now();
      await expect(b.presence.routes("alice")).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(() => b.bus.publish("n1", kick(1))).not.toThrow();
      await waitFor(() => errors.some((e) => String(e).includes("ECONNREFUSED")), "a connection error report");
      expect(reconnects).toBe(0);
    } finally {
      await b.close();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
