import { parseArgs } from "node:util";
import { spawnServer } from "@im/realtime/testing";
import { createTestDatabase } from "@im/testing";
import pg from "pg";
import { runC2CLoad } from "./c2c-load.ts";
import { fmt } from "./stats.ts";

const SECRET = "bench-secret-not-for-production-0123456789";

/**
 * c2c throughput and latency on one node: N sender/receiver pairs, each
 * sender keeping K messages in flight. Every message is durably stored before its ack.
 */
export async function benchC2C(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      pairs: { type: "string", default: "100" },
      inflight: { type: "string", default: "10" },
      seconds: { type: "string", default: "10" },
      warmup: { type: "string", default: "2" },
    },
  });
  const pairs = Number(values.pairs);
  const inflight = Number(values.inflight);
  const seconds = Number(values.seconds);
  const warmup = Number(values.warmup);

  const db = await createTestDatabase();
  const server = await spawnServer({ DATABASE_URL: db.url, IM_TOKEN_SECRET: SECRET }).catch(async (err) => {
    await db.drop();
    throw err;
  });
  try {
    const r = await runC2CLoad({
      secret: SECRET,
      pairs,
      inflight,
      seconds,
      warmupSec: warmup,
      senderPort: () => server.tcpPort,
      receiverPort: () => server.tcpPort,
    });
    const check = new pg.Client({ connectionString: db.url });
    await check.connect();
    const stored = await check.query("SELECT count(*)::int AS n FROM messages");
    await check.end();
    console.log(
      `c2c benchmark: ${pairs} pairs, ${inflight} in flight each, ${seconds}s measured (after ${warmup}s warm-up)`,
    );
    console.log(
      `  stored+acked   ${fmt(r.acked / r.elapsedSec, 0)} msg/s   ack latency p50 ${fmt(r.ackLatency.percentile(50))} ms  p99 ${fmt(r.ackLatency.percentile(99))} ms`,
    );
    console.log(
      `  delivered      ${fmt(r.delivered / r.elapsedSec, 0)} msg/s   send->receive p50 ${fmt(r.e2eLatency.percentile(50))} ms  p99 ${fmt(r.e2eLatency.percentile(99))} ms`,
    );
    console.log(`  messages in database: ${stored.rows[0].n}, error replies: ${r.errors}`);
  } finally {
    await server.stop();
    await db.drop();
  }
}
