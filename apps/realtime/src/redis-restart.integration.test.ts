import { type ChildProcess, spawn } from "node:child_process";
import { createDb } from "@im/db";
import { createApiKey, createBusinessLine } from "@im/gateway";
import { im } from "@im/protocol";
import { createTestDatabase, type TestDatabase } from "@im/testing";
import { afterAll, expect, it } from "vitest";
import { freePort, startCluster, type TestCluster } from "./test-support/cluster.ts";
import { RawClient } from "./test-support/raw-client.ts";

const C = im.Cmd;
const SECRET = "redis-restart-secret-0123456789abcdefghij";

let database: TestDatabase | null = null;
let cluster: TestCluster | null = null;
let redis: ChildProcess | null = null;
const clients: RawClient[] = [];

async function tearDown(): Promise<void> {
  for (const c of clients.splice(0)) c.close();
  await cluster?.stop();
  redis?.kill("SIGKILL");
  await database?.drop();
}
afterAll(tearDown);

/** A Redis of this test's own, so restarting it disturbs no other suite. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Ready to accept connections")) resolve();
    });
  });
  return child;
}

/** Two nodes over a fresh database and a Redis of their own on `port`, all kept for tearDown. */
async function startStack(): Promise<{ port: number; databaseUrl: string; cluster: TestCluster }> {
  const port = await freePort();
  redis = await startRedis(port);
  database = await createTestDatabase();
  cluster = await startCluster({
    nodes: 2,
    databaseUrl: database.url,
    redisUrl: `redis://127.0.0.1:${port}`,
    secret: SECRET,
  });
  return { port, databaseUrl: database.url, cluster };
}

/** Redis goes away, losing everything (it keeps no data on disk). */
async function killRedis(): Promise<void> {
  const stopping = redis;
  if (!stopping) return;
  stopping.kill("SIGKILL");
  await new Promise((r) => stopping.once("exit", r));
}

async function login(port: number, uid: string): Promise<RawClient> {
  const c = await RawClient.login(port, SECRET, uid);
  clients.push(c);
  return c;
}

/** Sends a c2c message and expects it acked (stored), whether or not its push gets through. */
async function sendAcked(from: RawClient, toUid: string, clientMsgId: string, content: string, timeoutMs: number) {
  const f = await from.request(C.C2C_SEND_REQ, { toUid, clientMsgId, content }, timeoutMs);
  expect(f.cmd, `send status ${f.status}`).toBe(C.C2C_SEND_ACK);
}

const pushCount = (c: RawClient) => c.frames.filter((f) => f.cmd === C.MSG_PUSH).length;
const pushed = (_c: RawClient, content: string) => (f: { cmd: number; decoded: unknown }) =>
  f.cmd === C.MSG_PUSH && (f.decoded as im.IMsgPush).message?.content === content;

async function readyz(port: number, path = "/readyz"): Promise<number> {
  try {
    return (await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2_000) })).status;
  } catch {
    return 0;
  }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it("Redis down: readyz 503 and sendMsg 503 at once; Redis back: messages stored meanwhile reach online recipients with no further send", async () => {
  const { port, databaseUrl, cluster } = await startStack();
  const db = createDb(databaseUrl);
  await createBusinessLine({ pool: db.pool }, { id: "shop", name: "Shop" });
  const key = (await createApiKey({ pool: db.pool }, "shop", {})).key;
  await db.close();
  const gatewayLog = await cluster.slots[0]!.process!.waitForLog((r) => String(r.msg).startsWith("gateway listening"));
  const gatewayPort = gatewayLog.gatewayPort as number;
  const sendMsg = (idempotencyKey: string) =>
    fetch(`http://127.0.0.1:${gatewayPort}/v1/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ toUids: ["erin"], contentType: 1, content: idempotencyKey, idempotencyKey }),
      signal: AbortSignal.timeout(15_000),
    });

  const alice = await login(cluster.slots[0]!.tcpPort, "alice");
  const bob = await login(cluster.slots[1]!.tcpPort, "bob"); // another node than the sender
  const dave = await login(cluster.slots[0]!.tcpPort, "dave"); // the sender's node
  const erin = await login(cluster.slots[1]!.tcpPort, "erin");
  const send = (to: string, content: string) => sendAcked(alice, to, content, content, 15_000);
  await send("bob", "before");
  await bob.waitFor(pushed(bob, "before"));
  expect(await readyz(cluster.slots[1]!.wsPort)).toBe(200);
  expect(await readyz(gatewayPort)).toBe(200);

  await killRedis();
  await until("node readyz 503", async () => (await readyz(cluster.slots[1]!.wsPort)) === 503);
  await until("gateway readyz 503", async () => (await readyz(gatewayPort)) === 503);
  const t0 = Date.now();
  const refused = await sendMsg("during-outage-rest");
  const refusedMs = Date.now() - t0;
  expect(refused.status).toBe(503);
  expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(refusedMs).toBeLessThan(3_000);
  console.log(`sendMsg refused during the Redis outage in ${refusedMs} ms`);

  // Stored and acked while Redis is down; their pushes fail.
  await send("bob", "during-outage-remote");
  await send("dave", "during-outage-local");
  // Their pushes have failed for good (not merely queued for Redis) before Redis comes back.
  const failed = () => cluster.slots[0]!.process!.logs.filter((r) => r.msg === "delivery failed").length;
  await until("both pushes failed", async () => failed() >= 2, 20_000);

  const restartedAt = Date.now();
  redis = await startRedis(port);
  // Nobody sends anything more: each node pushes its sessions what they missed.
  await bob.waitFor(pushed(bob, "during-outage-remote"), 20_000);
  await dave.waitFor(pushed(dave, "during-outage-local"), 20_000);
  console.log(`messages stored during the outage pushed ${Date.now() - restartedAt} ms after Redis came back`);
  // (A send whose push was still queued for Redis may also push it: at least once, the client dedups by seq.)
  await until("node readyz 200", async () => (await readyz(cluster.slots[1]!.wsPort)) === 200);
  await until("gateway readyz 200", async () => (await readyz(gatewayPort)) === 200);
  console.log(`readyz back to 200 ${Date.now() - restartedAt} ms after Redis came back`);

  // sendMsg works again and reaches its online recipient.
  await until("sendMsg accepted", async () => (await sendMsg("after-outage-rest")).status === 200);
  await erin.waitFor(pushed(erin, "after-outage-rest"), 10_000);
  expect(erin.frames.some(pushed(erin, "during-outage-rest"))).toBe(false);
}, 120_000);

it("Redis restarted under traffic: nodes reconnect, re-register sessions, and cross-node routing recovers", async () => {
  await tearDown();
  const { port, cluster } = await startStack();
  const alice = await login(cluster.slots[0]!.tcpPort, "alice");
  const bob = await login(cluster.slots[1]!.tcpPort, "bob");
  let n = 0;
  const send = () => {
    n++;
    return sendAcked(alice, "bob", `m${n}`, `#${n}`, 10_000);
  };
  await send();
  await bob.waitFor((f) => f.cmd === C.MSG_PUSH);

  // Redis goes away (losing everything: no persistence) and comes back on the same port.
  await killRedis();
  await send(); // messages are still stored and acked while Redis is down
  redis = await startRedis(port);

  // Without restarting any node, pushes from node 1 reach bob on node 2 again.
  const deadline = Date.now() + 15_000;
  let recovered = false;
  while (!recovered && Date.now() < deadline) {
    const before = pushCount(bob);
    await send();
    await new Promise((r) => setTimeout(r, 300));
    recovered = pushCount(bob) > before;
  }
  expect(recovered).toBe(true);

  // New sessions register normally, and bob's timeline has every acked message once.
  const carol = await login(cluster.slots[1]!.tcpPort, "carol");
  const f = await alice.request(C.C2C_SEND_REQ, { toUid: "carol", clientMsgId: "to-carol", content: "hi" });
  expect(f.cmd).toBe(C.C2C_SEND_ACK);
  await carol.waitFor((x) => x.cmd === C.MSG_PUSH);
  const page = (await bob.request(C.PULL_REQ, { afterSeq: 0, limit: 500 })).decoded as im.IPullResp;
  expect(page.messages!.map((m) => m.content)).toEqual(Array.from({ length: n }, (_, i) => `#${i + 1}`));
}, 90_000);
