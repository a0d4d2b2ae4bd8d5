import { mintToken } from "@im/auth";
import { RedisNodeRegistry, RedisPresence } from "@im/cluster";
import { im } from "@im/protocol";
import { type ConnectedEvent, ImClient } from "@im/sdk";
import { Redis } from "ioredis";
import { afterAll, expect, it } from "vitest";
import { type ClusterWithDatabase, startClusterWithDatabase, TEST_REDIS_URL } from "./test-support/cluster.ts";
import { RawClient } from "./test-support/raw-client.ts";

const C = im.Cmd;
const SECRET = "hung-node-secret-0123456789abcdefghijklmn";

let cluster: ClusterWithDatabase | null = null;
let redis: Redis | null = null;
const closers: (() => void)[] = [];

afterAll(async () => {
  for (const close of closers) close();
  cluster?.slots[0]?.process?.child.kill("SIGCONT");
  await cluster?.stop();
  redis?.disconnect();
});

async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const pushedContent = (content: string) => (f: { cmd: number; decoded: unknown }) =>
  f.cmd === C.MSG_PUSH && (f.decoded as im.IMsgPush).message?.content === content;

it("a SIGSTOPped node: the cluster drops it and its SDK clients move within seconds; after SIGCONT it re-registers and catches up", async () => {
  cluster = await startClusterWithDatabase({
    nodes: 2,
    secret: SECRET,
    // Registry TTL 1.5 s (the cluster default of these tests), heartbeats every second.
    env: { IM_HEARTBEAT_MS: "1000" },
  });
  redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  redis.on("error", () => {});
  const registry = new RedisNodeRegistry(redis, { prefix: cluster.prefix });
  const presence = new RedisPresence(redis, { prefix: cluster.prefix });
  const [n1, n2] = cluster.slots as [(typeof cluster.slots)[0], (typeof cluster.slots)[0]];

  const hana = new ImClient({
    endpoints: [
      { transport: "tcp", host: "127.0.0.1", port: n1.tcpPort },
      { transport: "tcp", host: "127.0.0.1", port: n2.tcpPort },
    ],
    getToken: () => mintToken({ secret: SECRET, uid: "hana" }),
    deviceType: 2,
    deviceId: "hana-phone",
    heartbeatTimeoutMs: 2000,
    reconnect: { minDelayMs: 100, maxDelayMs: 1000 },
  });
  closers.push(() => hana.close());
  const connections: ConnectedEvent[] = [];
  const kicked: unknown[] = [];
  const got: string[] = [];
  hana.on("connected", (e) => connections.push(e));
  hana.on("kickout", (e) => kicked.push(e));
  hana.on("message", (m) => got.push(m.content));
  await hana.connect();
  expect(connections[0]!.endpoint).toMatchObject({ port: n1.tcpPort });
  // carol stays connected to n1 through the freeze (a raw client has no watchdog).
  const carol = await RawClient.login(n1.tcpPort, SECRET, "carol");
  const bob = await RawClient.login(n2.tcpPort, SECRET, "bob");
  closers.push(
    () => carol.close(),
    () => bob.close(),
  );
  const send = async (to: string, content: string) => {
    const f = await bob.request(C.C2C_SEND_REQ, { toUid: to, clientMsgId: content, content }, 5_000);
    expect(f.cmd, `send status ${f.status}`).toBe(C.C2C_SEND_ACK);
  };

  n1.process!.child.kill("SIGSTOP");
  const stoppedAt = Date.now();
  await until(
    "n2's registry view drops n1",
    async () => !(await registry.list()).some((n) => n.nodeId === n1.nodeId),
    10_000,
  );
  const registryMs = Date.now() - stoppedAt;
  const moved = await until(
    "hana reconnects to n2",
    async () => connections.find((e) => e.reconnected && "port" in e.endpoint && e.endpoint.port === n2.tcpPort),
    10_000,
  );
  const clientMs = Date.now() - stoppedAt;
  expect(moved.auth.uid).toBe("hana");
  await until(
    "carol's route on the frozen node is purged",
    async () => (await presence.routes("carol")).every((r) => r.nodeId !== n1.nodeId),
    15_000,
  );
  const routesMs = Date.now() - stoppedAt;
  console.log(
    `SIGSTOP: registry dropped the node after ${registryMs} ms, the SDK client was on the other node after ${clientMs} ms, routes purged after ${routesMs} ms`,
  );

  // Sends to users of the frozen node are stored and acked at once; hana gets hers on n2.
  await send("carol", "while-frozen");
  await send("hana", "to-hana-on-n2");
  await until("hana's push on n2", async () => got.includes("to-hana-on-n2"), 5_000);

  n1.process!.child.kill("SIGCONT");
  const resumedAt = Date.now();
  // The resumed node notices it missed its TTL: re-announces, re-registers carol, and pushes what she missed.
  await carol.waitFor(pushedContent("while-frozen"), 10_000);
  console.log(`SIGCONT: carol got the message sent while her node was frozen ${Date.now() - resumedAt} ms later`);
  await until(
    "n1 back in the registry",
    async () => (await registry.list()).some((n) => n.nodeId === n1.nodeId),
    10_000,
  );
  await until(
    "carol's route is back on n1",
    async () => (await presence.routes("carol")).some((r) => r.nodeId === n1.nodeId),
    10_000,
  );
  await send("carol", "after-resume");
  await carol.waitFor(pushedContent("after-resume"), 5_000);
  // hana's session on n2 survives the old one's node coming back.
  await send("hana", "after-resume-hana");
  await until("hana's push after the resume", async () => got.includes("after-resume-hana"), 5_000);
  expect(kicked).toEqual([]);
  expect(hana.state).toBe("connected");
}, 90_000);
