import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { type ServerProcess, spawnServer } from "@im/realtime/testing";
import { createTestDatabase } from "@im/testing";
import { Redis } from "ioredis";
import { runC2CLoad } from "./c2c-load.ts";
import { fmt } from "./stats.ts";

const SECRET = "bench-secret-not-for-production-0123456789";

/**
 * Cluster c2c: (1) latency of a same-node versus a cross-node hop at light
 * load, (2) total throughput with pairs spread over every node.
 */
export async function benchCluster(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      nodes: { type: "string", default: "3" },
      pairs: { type: "string", default: "100" },
      inflight: { type: "string", default: "10" },
      seconds: { type: "string", default: "10" },
      "latency-pairs": { type: "string", default: "20" },
      redis: { type: "string", default: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" },
    },
  });
  const nodes = Number(values.nodes);
  const prefix = `imbench:${randomUUID().slice(0, 8)}:`;
  const db = await createTestDatabase();
  const servers: ServerProcess[] = [];
  try {
    for (let i = 0; i < nodes; i++) {
      servers.push(
        await spawnServer({
          DATABASE_URL: db.url,
          REDIS_URL: values.redis,
          IM_REDIS_PREFIX: prefix,
          IM_NODE_ID: `bench-${i + 1}`,
          IM_TOKEN_SECRET: SECRET,
        }),
      );
    }
    const port = (i: number) => servers[i % nodes]!.tcpPort;
    const latencyPairs = Number(values["latency-pairs"]);
    const light = { secret: SECRET, pairs: latencyPairs, inflight: 1, warmupSec: 1, seconds: 5 };
    const same = await runC2CLoad({ ...light, tag: "same", senderPort: port, receiverPort: port });
    const cross = await runC2CLoad({ ...light, tag: "cross", senderPort: port, receiverPort: (i) => port(i + 1) });
    console.log(`cluster benchmark: ${nodes} nodes, one PostgreSQL, one Redis`);
    console.log(`  hop latency at light load (${latencyPairs} pairs, 1 in flight), send->receive:`);
    console.log(
      `    same node   p50 ${fmt(same.e2eLatency.percentile(50))} ms  p99 ${fmt(same.e2eLatency.percentile(99))} ms`,
    );
    console.log(
      `    cross node  p50 ${fmt(cross.e2eLatency.percentile(50))} ms  p99 ${fmt(cross.e2eLatency.percentile(99))} ms`,
    );
    const pairs = Number(values.pairs);
    const inflight = Number(values.inflight);
    const heavy = await runC2CLoad({
      secret: SECRET,
      pairs,
      inflight,
      warmupSec: 2,
      seconds: Number(values.seconds),
      tag: "load",
      senderPort: port,
      receiverPort: (i) => port(i + 1),
    });
    console.log(`  throughput (${pairs} pairs across nodes, ${inflight} in flight each):`);
    console.log(
      `    stored+acked ${fmt(heavy.acked / heavy.elapsedSec, 0)} msg/s, delivered ${fmt(heavy.delivered / heavy.elapsedSec, 0)} msg/s, send->receive p50 ${fmt(heavy.e2eLatency.percentile(50))} ms p99 ${fmt(heavy.e2eLatency.percentile(99))} ms, errors ${heavy.errors}`,
    );
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    const redis = new Redis(values.redis);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await db.drop();
  }
}
