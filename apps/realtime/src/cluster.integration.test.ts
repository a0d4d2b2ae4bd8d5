import { mintToken } from "@im/auth";
import { RedisPresence } from "@im/cluster";
import { im } from "@im/protocol";
import { type ChatMessage, ImClient } from "@im/sdk";
import { createTestDatabase, type TestDatabase } from "@im/testing";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startCluster, type TestCluster } from "./test-support/cluster.ts";
import { RawClient } from "./test-support/raw-client.ts";

const C = im.Cmd;
const SECRET = "cluster-test-secret-0123456789abcdefghij";
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

let database: TestDatabase;
let cluster: TestCluster | null = null;
const sdkClients: ImClient[] = [];
const rawClients: RawClient[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  for (const c of sdkClients.splice(0)) c.close();
  for (const c of rawClients.splice(0)) c.close();
  if (cluster) {
    await cluster.stop();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${cluster.prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    cluster = null;
  }
});
afterAll(async () => {
  await database?.drop();
});

const token = (uid: string) => mintToken({ secret: SECRET, uid });

async function rawLogin(port: number, uid: string, deviceType = 4): Promise<RawClient> {
  const c = await RawClient.tcp(port);
  rawClients.push(c);
  const r = await c.request(C.AUTH_REQ, { token: await token(uid), deviceType, deviceId: `${uid}-${deviceType}` });
  expect(r.cmd, `auth status ${r.status}`).toBe(C.AUTH_RESP);
  return c;
}

async function timelineOf(port: number, uid: string): Promise<im.IMessage[]> {
  const c = await rawLogin(port, uid, 5);
  const out: im.IMessage[] = [];
  for (let cursor = 0; ; ) {
    const page = (await c.request(C.PULL_REQ, { afterSeq: cursor, limit: 500 })).decoded as im.IPullResp;
    out.push(...(page.messages ?? []));
    cursor = out.at(-1)?.seq ?? 0;
    if (!page.hasMore) return out;
  }
}

const rand = (n: number) => Math.floor(Math.random() * n);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("cluster of three realtime nodes on Redis", () => {
  it("60 users on 3 nodes chat at random: timelines exact, each push exactly once", async () => {
    cluster = await startCluster({ nodes: 3, databaseUrl: database.url, redisUrl: REDIS_URL, secret: SECRET });
    const users = Array.from({ length: 60 }, (_, i) => `rand-${i}`);
    const clients = await Promise.all(users.map((u, i) => rawLogin(cluster!.slots[i % 3]!.tcpPort, u)));
    const acked: { from: string; to: string; msgId: number }[] = [];
    const deadline = Date.now() + 3000;
    await Promise.all(
      clients.map(async (c, i) => {
        for (let n = 0; Date.now() < deadline; n++) {
          let to = rand(60);
          if (to === i) to = (to + 1) % 60;
          const f = await c.request(C.C2C_SEND_REQ, {
            toUid: users[to]!,
            clientMsgId: `r${i}-${n}`,
            content: `${i}->${to} #${n}`,
          });
          expect(f.cmd).toBe(C.C2C_SEND_ACK);
          acked.push({ from: users[i]!, to: users[to]!, msgId: (f.decoded as im.ISendAck).msgId as number });
          await sleep(rand(40));
        }
      }),
    );
    expect(acked.length).toBeGreaterThan(500);
    // Every acked message's push has arrived (counted, not waited for a fixed time); extras show up below.
    const pushCount = (i: number) => clients[i]!.frames.filter((f) => f.cmd === C.MSG_PUSH).length;
    await vi.waitFor(
      () => {
        for (let i = 0; i < 60; i++)
          expect(pushCount(i), users[i]).toBeGreaterThanOrEqual(acked.filter((a) => a.to === users[i]).length);
      },
      { timeout: 10_000, interval: 50 },
    );
    for (let i = 0; i < 60; i++) {
      const uid = users[i]!;
      const incoming = acked.filter((a) => a.to === uid).map((a) => a.msgId);
      const outgoing = acked.filter((a) => a.from === uid).map((a) => a.msgId);
      const timeline = await timelineOf(cluster.slots[(i + 1) % 3]!.tcpPort, uid);
      expect(timeline.map((m) => m.seq)).toEqual(timeline.map((_, k) => k + 1));
      expect(timeline.map((m) => m.msgId).sort()).toEqual([...incoming, ...outgoing].sort());
      const pushes = clients[i]!.frames.filter((f) => f.cmd === C.MSG_PUSH).map(
        (f) => (f.decoded as im.IMsgPush).message!,
      );
      expect(pushes.map((m) => m.msgId).sort()).toEqual([...incoming].sort());
      expect(new Set(pushes.map((m) => m.seq)).size).toBe(pushes.length);
    }
  }, 90_000);

  it("a login on node 2 kicks the same user's same-type session on node 1", async () => {
    cluster = await startCluster({ nodes: 2, databaseUrl: database.url, redisUrl: REDIS_URL, secret: SECRET });
    const first = await rawLogin(cluster.slots[0]!.tcpPort, "roamer", 1);
    const web = await rawLogin(cluster.slots[0]!.tcpPort, "roamer", 3);
    await rawLogin(cluster.slots[1]!.tcpPort, "roamer", 1);
    const kick = await first.waitFor((f) => f.cmd === C.KICKOUT);
    expect((kick.decoded as im.IKickout).reason).toBe(im.KickReason.OTHER_LOGIN);
    await first.waitClosed();
    expect(web.closed).toBe(false);
  }, 60_000);
});

describe("failures under traffic", () => {
  async function sdkUser(uid: string, home: number): Promise<{ client: ImClient; received: ChatMessage[] }> {
    const slots = cluster!.slots;
    const order = [...slots.slice(home), ...slots.slice(0, home)];
    const client = new ImClient({
      endpoints: order.map((s) => ({ transport: "tcp" as const, host: "127.0.0.1", port: s.tcpPort })),
      getToken: () => token(uid),
      deviceType: 2,
      deviceId: `${uid}-phone`,
      requestTimeoutMs: 3000,
      maxSendAttempts: 30,
      reconnect: { enabled: true, minDelayMs: 50, maxDelayMs: 500 },
    });
    sdkClients.push(client);
    const received: ChatMessage[] = [];
    client.on("message", (m) => {
      if (m.fromUid !== uid) received.push(m);
    });
    await client.connect();
    return { client, received };
  }

  /** Random chat among `users` until stop() resolves; returns every acked send. */
  function traffic(users: { uid: string; client: ImClient }[]) {
    const acked: { from: string; to: string; msgId: number; clientMsgId: string }[] = [];
    let running = true;
    const loops = users.map(async (u, i) => {
      for (let n = 0; running; n++) {
        let to = rand(users.length);
        if (to === i) to = (to + 1) % users.length;
        const clientMsgId = `${u.uid}-${n}`;
        try {
          const ack = await u.client.sendC2C({ toUid: users[to]!.uid, content: `m${n}`, clientMsgId });
          acked.push({ from: u.uid, to: users[to]!.uid, msgId: ack.msgId, clientMsgId });
        } catch {
          // Gave up after all retries: the message may or may not be stored; it is not counted as acked.
        }
        await sleep(20 + rand(40));
      }
    });
    return {
      acked,
      stop: async () => {
        running = false;
        await Promise.all(loops);
      },
    };
  }

  async function checkEveryoneHasEverything(
    users: { uid: string; client: ImClient; received: ChatMessage[] }[],
    acked: { to: string; msgId: number }[],
  ): Promise<void> {
    for (const u of users) {
      await expect.poll(() => u.client.state, { timeout: 15_000 }).toBe("connected");
      await u.client.sync();
    }
    for (const u of users) {
      const expected = new Set(acked.filter((a) => a.to === u.uid).map((a) => a.msgId));
      const got = u.received.map((m) => m.msgId);
      expect(new Set(got).size, `${u.uid} saw a message twice`).toBe(got.length);
      for (const id of expected) expect(got, `${u.uid} is missing ${id}`).toContain(id);
    }
    // The store holds each message once: retries across nodes were recognised.
    const { Client } = (await import("pg")).default;
    const db = new Client({ connectionString: database.url });
    await db.connect();
    const dupes = await db.query(
      "SELECT sender_id, client_msg_id FROM messages GROUP BY 1, 2 HAVING count(*) > 1 LIMIT 1",
    );
    const gaps = await db.query(
      "SELECT owner_id FROM inbox GROUP BY owner_id HAVING max(seq) <> count(*) OR min(seq) <> 1 LIMIT 1",
    );
    await db.end();
    expect(dupes.rows).toEqual([]);
    expect(gaps.rows).toEqual([]);
  }

  it("SIGKILL of one node mid-traffic: its clients move to the others and lose nothing", async () => {
    cluster = await startCluster({ nodes: 3, databaseUrl: database.url, redisUrl: REDIS_URL, secret: SECRET });
    const users = await Promise.all(
      Array.from({ length: 18 }, (_, i) => sdkUser(`kill-${i}`, i % 3).then((x) => ({ uid: `kill-${i}`, ...x }))),
    );
    const t = traffic(users);
    await sleep(1500);
    await cluster.stopNode(1, "SIGKILL");
    // The dead node's routes are purged within a bounded time (TTL 1.5 s + two checks).
    const redis = new Redis(REDIS_URL);
    const presence = new RedisPresence(redis, { prefix: cluster.prefix });
    const killedAt = Date.now();
    await expect.poll(() => presence.nodesWithRoutes(), { timeout: 6000, interval: 100 }).not.toContain("n2");
    const purgeMs = Date.now() - killedAt;
    await redis.quit();
    expect(purgeMs).toBeLessThan(6000);
    await sleep(1000);
    await t.stop();
    expect(t.acked.length).toBeGreaterThan(100);
    await checkEveryoneHasEverything(users, t.acked);
  }, 120_000);

  it("rolling SIGTERM restart of every node under traffic loses and duplicates nothing", async () => {
    cluster = await startCluster({ nodes: 3, databaseUrl: database.url, redisUrl: REDIS_URL, secret: SECRET });
    const users = await Promise.all(
      Array.from({ length: 18 }, (_, i) => sdkUser(`roll-${i}`, i % 3).then((x) => ({ uid: `roll-${i}`, ...x }))),
    );
    const t = traffic(users);
    for (let i = 0; i < 3; i++) {
      await sleep(700);
      expect(await cluster.stopNode(i, "SIGTERM")).toBe(0);
      await cluster.start(i);
    }
    await sleep(700);
    await t.stop();
    expect(t.acked.length).toBeGreaterThan(100);
    await checkEveryoneHasEverything(users, t.acked);
  }, 120_000);
});
