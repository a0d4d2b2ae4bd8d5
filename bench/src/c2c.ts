import { parseArgs } from "node:util";
import { mintToken } from "@im/auth";
import { Cmd, type im } from "@im/protocol";
import { spawnServer } from "@im/realtime/testing";
import { createTestDatabase } from "@im/testing";
import pg from "pg";
import { BenchClient } from "./bench-client.ts";
import { fmt, Samples } from "./stats.ts";

const SECRET = "bench-secret-not-for-production";

/**
 * c2c throughput and latency: N sender/receiver pairs, each sender keeping
 * K messages in flight. Every message is durably stored before its ack.
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
    const senders: BenchClient[] = [];
    const receivers: BenchClient[] = [];
    for (let i = 0; i < pairs; i++) {
      const r = await BenchClient.connect(server.tcpPort);
      await r.auth(await mintToken({ secret: SECRET, uid: `r${i}` }), `r${i}-d`);
      receivers.push(r);
      const s = await BenchClient.connect(server.tcpPort);
      await s.auth(await mintToken({ secret: SECRET, uid: `s${i}` }), `s${i}-d`);
      senders.push(s);
    }

    let measuring = false;
    let stopped = false;
    let acked = 0;
    let delivered = 0;
    let errors = 0;
    const ackLatency = new Samples();
    const e2eLatency = new Samples();

    for (const r of receivers) {
      let acks: number[] = [];
      r.onPush = (f) => {
        const msg = (r.decode(f) as im.IMsgPush).message!;
        const sentAt = Number(msg.content!.split("|", 1)[0]);
        if (measuring) {
          delivered++;
          e2eLatency.add(performance.now() - sentAt);
        }
        acks.push(msg.seq as number);
        if (acks.length === 1)
          setTimeout(() => {
            r.send(Cmd.MSG_PUSH_ACK, { seqs: acks });
            acks = [];
          }, 10);
      };
    }

    const loops = senders.map(async (s, i) => {
      let n = 0;
      const one = async (): Promise<void> => {
        while (!stopped) {
          const t0 = performance.now();
          const f = await s.request(Cmd.C2C_SEND_REQ, {
            toUid: `r${i}`,
            clientMsgId: `s${i}-${n++}`,
            contentType: 1,
            content: `${t0}|hello from s${i}`,
          });
          if (f.cmd !== Cmd.C2C_SEND_ACK) {
            errors++;
            continue;
          }
          if (measuring) {
            acked++;
            ackLatency.add(performance.now() - t0);
          }
        }
      };
      await Promise.all(Array.from({ length: inflight }, one));
    });

    await new Promise((r) => setTimeout(r, warmup * 1000));
    measuring = true;
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    measuring = false;
    const elapsed = (performance.now() - t0) / 1000;
    stopped = true;
    await Promise.all(loops);

    const check = new pg.Client({ connectionString: db.url });
    await check.connect();
    const stored = await check.query("SELECT count(*)::int AS n FROM messages");
    await check.end();

    console.log(
      `c2c benchmark: ${pairs} pairs, ${inflight} in flight each, ${seconds}s measured (after ${warmup}s warm-up)`,
    );
    console.log(
      `  stored+acked   ${fmt(acked / elapsed, 0)} msg/s   ack latency p50 ${fmt(ackLatency.percentile(50))} ms  p99 ${fmt(ackLatency.percentile(99))} ms`,
    );
    console.log(
      `  delivered      ${fmt(delivered / elapsed, 0)} msg/s   send->receive p50 ${fmt(e2eLatency.percentile(50))} ms  p99 ${fmt(e2eLatency.percentile(99))} ms`,
    );
    console.log(`  messages in database: ${stored.rows[0].n}, error replies: ${errors}`);
    for (const c of [...senders, ...receivers]) c.close();
  } finally {
    await server.stop();
    await db.drop();
  }
}
