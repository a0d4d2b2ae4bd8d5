import { type ChildProcess, spawn } from "node:child_process";
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

afterAll(async () => {
  for (const c of clients) c.close();
  await cluster?.stop();
  redis?.kill("SIGKILL");
  await database?.drop();
});

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

async function login(port: number, uid: string): Promise<RawClient> {
  const c = await RawClient.login(port, SECRET, uid);
  clients.push(c);
  return c;
}

const pushCount = (c: RawClient) => c.frames.filter((f) => f.cmd === C.MSG_PUSH).length;

it("Redis restarted under traffic: nodes reconnect, re-register sessions, and cross-node routing recovers", async () => {
  const port = await freePort();
  redis = await startRedis(port);
  database = await createTestDatabase();
  cluster = await startCluster({
    nodes: 2,
    databaseUrl: database.url,
    redisUrl: `redis://127.0.0.1:${port}`,
    secret: SECRET,
  });
  const alice = await login(cluster.slots[0]!.tcpPort, "alice");
  const bob = await login(cluster.slots[1]!.tcpPort, "bob");
  let n = 0;
  const send = async () => {
    const f = await alice.request(C.C2C_SEND_REQ, { toUid: "bob", clientMsgId: `m${++n}`, content: `#${n}` }, 10_000);
    expect(f.cmd, `send status ${f.status}`).toBe(C.C2C_SEND_ACK);
  };
  await send();
  await bob.waitFor((f) => f.cmd === C.MSG_PUSH);

  // Redis goes away (losing everything: no persistence) and comes back on the same port.
  redis.kill("SIGKILL");
  await new Promise((r) => redis!.once("exit", r));
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
