import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { mintToken } from "@im/auth";
import { RedisPresence } from "@im/cluster";
import { createDb } from "@im/db";
import { createApiKey, createBusinessLine } from "@im/gateway";
import { im } from "@im/protocol";
import { createTestDatabase, type TestDatabase } from "@im/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { freePort, startCluster, type TestCluster } from "./test-support/cluster.ts";
import { RawClient } from "./test-support/raw-client.ts";

// Rules that only show with several processes sharing Redis: login races across
// nodes, and kicks sent by a gateway that holds no connections.

const C = im.Cmd;
const SECRET = "cluster-rules-secret-0123456789abcdefghij";
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

let database: TestDatabase;
let cluster: TestCluster;
let redis: Redis;
let presence: RedisPresence;
let gateway: ChildProcess | null = null;
let gatewayUrl: string;
const clients: RawClient[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  cluster = await startCluster({ nodes: 2, databaseUrl: database.url, redisUrl: REDIS_URL, secret: SECRET });
  redis = new Redis(REDIS_URL);
  presence = new RedisPresence(redis, { prefix: cluster.prefix });
  const port = await freePort();
  gatewayUrl = `http://127.0.0.1:${port}`;
  gateway = spawn(process.execPath, ["--import", "tsx", "apps/gateway/src/server.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      REDIS_URL,
      IM_REDIS_PREFIX: cluster.prefix,
      IM_TOKEN_SECRET: SECRET,
      IM_GATEWAY_PORT: String(port),
      IM_LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await vi.waitFor(async () => expect((await fetch(`${gatewayUrl}/healthz`).catch(() => null))?.status).toBe(200), {
    timeout: 60_000,
    interval: 100,
  });
}, 120_000);

afterAll(async () => {
  for (const c of clients) c.close();
  if (gateway && gateway.exitCode === null) {
    const exited = new Promise((r) => gateway!.once("exit", r));
    gateway.kill("SIGKILL");
    await exited;
  }
  await cluster?.stop();
  if (redis) {
    const keys = await redis.keys(`${cluster.prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
  await database?.drop();
});

async function connect(node: number): Promise<RawClient> {
  const c = await RawClient.tcp(cluster.slots[node]!.tcpPort);
  clients.push(c);
  return c;
}

const authReq = async (uid: string, deviceType: number) => ({
  token: await mintToken({ secret: SECRET, uid }),
  deviceType,
  deviceId: `${uid}-${deviceType}`,
});

it("two nodes racing to log in one user's device type leave exactly one working session", async () => {
  const race = async (uid: string) => {
    const [a, b] = [await connect(0), await connect(1)];
    const req = await authReq(uid, 2);
    // Both requests leave together, so each node may see the other's route before deciding.
    const [ra, rb] = await Promise.all([a.request(C.AUTH_REQ, req), b.request(C.AUTH_REQ, req)]);
    expect([ra.cmd, rb.cmd]).toEqual([C.AUTH_RESP, C.AUTH_RESP]);
    // Whichever logged in last (by login seq) survives; the other is kicked and closed.
    await vi.waitFor(() => expect([a.closed, b.closed].filter(Boolean)).toHaveLength(1), { timeout: 10_000 });
    const [loser, winner] = a.closed ? [a, b] : [b, a];
    expect(loser.frames.some((f) => f.cmd === C.KICKOUT)).toBe(true);
    expect((await winner.request(C.HEARTBEAT_REQ, {})).cmd).toBe(C.HEARTBEAT_RESP);
    expect(winner.frames.some((f) => f.cmd === C.KICKOUT)).toBe(false);
    await vi.waitFor(async () => expect(await presence.routes(uid)).toHaveLength(1), { timeout: 10_000 });
  };
  await Promise.all(Array.from({ length: 30 }, (_, i) => race(`racer-${i}`)));
}, 60_000);

it("a kick sent to the standalone gateway reaches the session on its node over Redis", async () => {
  const db = createDb({ url: database.url });
  try {
    await createBusinessLine(db, { id: "ops", name: "Ops" });
    const { key } = await createApiKey(db, "ops", {});
    const [phone, web] = [await connect(0), await connect(1)];
    expect((await phone.request(C.AUTH_REQ, await authReq("offender", 2))).cmd).toBe(C.AUTH_RESP);
    expect((await web.request(C.AUTH_REQ, await authReq("offender", 4))).cmd).toBe(C.AUTH_RESP);
    const res = await fetch(`${gatewayUrl}/v1/users/offender/kickout`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ deviceType: 4, reason: "abuse report" }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ kicked: 1 });
    const kick = await web.waitFor((f) => f.cmd === C.KICKOUT, 10_000);
    expect(kick.decoded).toMatchObject({ reason: im.KickReason.ADMIN, message: "abuse report" });
    await web.waitClosed(10_000);
    // The other device type, on the other node, is untouched.
    expect((await phone.request(C.HEARTBEAT_REQ, {})).cmd).toBe(C.HEARTBEAT_RESP);
  } finally {
    await db.close();
  }
}, 60_000);
