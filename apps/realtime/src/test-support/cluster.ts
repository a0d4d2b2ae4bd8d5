import { randomUUID } from "node:crypto";
import net from "node:net";
import { createTestDatabase } from "@im/testing";
import { Redis } from "ioredis";
import { type ServerProcess, spawnServer } from "./server-process.ts";

/** The Redis the suites share; each cluster keeps to a key prefix of its own. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface NodeSlot {
  nodeId: string;
  tcpPort: number;
  wsPort: number;
  process: ServerProcess | null;
}

export interface TestCluster {
  slots: NodeSlot[];
  prefix: string;
  start(i: number): Promise<void>;
  /** Sends a signal and waits for the process to exit. */
  stopNode(i: number, signal: NodeJS.Signals): Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Several realtime node processes sharing one database and one Redis (with a
 * key prefix of their own), each on fixed ports so a restarted node comes back
 * where its clients expect it.
 */
export async function startCluster(opts: {
  nodes: number;
  databaseUrl: string;
  redisUrl: string;
  secret: string;
  env?: Record<string, string>;
}): Promise<TestCluster> {
  const prefix = `imtest:${randomUUID().slice(0, 8)}:`;
  const slots: NodeSlot[] = [];
  for (let i = 0; i < opts.nodes; i++)
    slots.push({ nodeId: `n${i + 1}`, tcpPort: await freePort(), wsPort: await freePort(), process: null });
  const cluster: TestCluster = {
    slots,
    prefix,
    async start(i) {
      const slot = slots[i]!;
      slot.process = await spawnServer({
        DATABASE_URL: opts.databaseUrl,
        REDIS_URL: opts.redisUrl,
        IM_REDIS_PREFIX: prefix,
        IM_NODE_ID: slot.nodeId,
        IM_TCP_PORT: String(slot.tcpPort),
        IM_WS_PORT: String(slot.wsPort),
        IM_TOKEN_SECRET: opts.secret,
        IM_NODE_TTL_MS: "1500",
        IM_DRAIN_MS: "2000",
        IM_STORE_LANES: "2",
        ...opts.env,
      });
    },
    async stopNode(i, signal) {
      const p = slots[i]!.process;
      if (!p) return null;
      p.child.kill(signal);
      const code = await p.exited;
      slots[i]!.process = null;
      return code;
    },
    async stop() {
      await Promise.all(slots.map((_, i) => cluster.stopNode(i, "SIGKILL")));
    },
  };
  try {
    await Promise.all(slots.map((_, i) => cluster.start(i)));
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}

export interface ClusterWithDatabase extends TestCluster {
  databaseUrl: string;
}

/**
 * startCluster over a fresh database and the shared test Redis; stop() also
 * deletes the cluster's Redis keys and drops the database.
 */
export async function startClusterWithDatabase(opts: {
  nodes: number;
  secret: string;
  env?: Record<string, string>;
}): Promise<ClusterWithDatabase> {
  const database = await createTestDatabase();
  let cluster: TestCluster;
  try {
    cluster = await startCluster({ ...opts, databaseUrl: database.url, redisUrl: TEST_REDIS_URL });
  } catch (err) {
    await database.drop();
    throw err;
  }
  return {
    ...cluster,
    databaseUrl: database.url,
    async stop() {
      await cluster.stop();
      const redis = new Redis(TEST_REDIS_URL);
      const keys = await redis.keys(`${cluster.prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
      await database.drop();
    },
  };
}
