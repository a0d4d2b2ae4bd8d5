import { parseArgs } from "node:util";
import { mintToken } from "@im/auth";
import { createDb } from "@im/db";
import { Cmd, type im } from "@im/protocol";
import { spawnServer } from "@im/realtime/testing";
import { PgGroupStore, PgUserStore } from "@im/storage";
import { createTestDatabase } from "@im/testing";
import { BenchClient } from "./bench-client.ts";
import { fmt, Samples } from "./stats.ts";

const SECRET = "bench-secret-not-for-production-0123456789";

/**
 * Group write diffusion: one sender posts into a group of N members (some of
 * them online) with K messages in flight. Reports inbox entries persisted per
 * second, pushes delivered per second and send -> push latency.
 */
export async function benchGroup(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      members: { type: "string", default: "500" },
      online: { type: "string", default: "100" },
      inflight: { type: "string", default: "4" },
      seconds: { type: "string", default: "10" },
      warmup: { type: "string", default: "2" },
    },
  });
  const members = Number(values.members);
  const online = Math.min(members - 1, Number(values.online));
  const inflight = Number(values.inflight);
  const seconds = Number(values.seconds);
  const warmup = Number(values.warmup);

  const database = await createTestDatabase();
  const db = createDb(database.url);
  const server = await spawnServer({ DATABASE_URL: database.url, IM_TOKEN_SECRET: SECRET });
  try {
    const users = new PgUserStore(db.pool);
    const uids = Array.from({ length: members }, (_, i) => `gm${i}`);
    for (const uid of uids) await users.login({ uid, deviceId: "seed", deviceType: 1 });
    const group = await new PgGroupStore(db.prisma).create({
      name: "bench",
      ownerUid: uids[0]!,
      memberUids: uids.slice(1),
    });

    const sender = await BenchClient.connect(server.tcpPort);
    await sender.auth(await mintToken({ secret: SECRET, uid: uids[0]! }), "sender");
    let measuring = false;
    let pushes = 0;
    const latency = new Samples();
    const receivers: BenchClient[] = [];
    for (let i = 1; i <= online; i++) {
      const r = await BenchClient.connect(server.tcpPort);
      await r.auth(await mintToken({ secret: SECRET, uid: uids[i]! }), `d${i}`);
      let acks: number[] = [];
      r.onPush = (f) => {
        const msg = (r.decode(f) as im.IMsgPush).message!;
        if (measuring) {
          pushes++;
          latency.add(performance.now() - Number(msg.content!.split("|", 1)[0]));
        }
        acks.push(msg.seq as number);
        if (acks.length === 1)
          setTimeout(() => {
            r.send(Cmd.MSG_PUSH_ACK, { seqs: acks });
            acks = [];
          }, 20);
      };
      receivers.push(r);
    }

    let stopped = false;
    let acked = 0;
    let n = 0;
    const ackLatency = new Samples();
    const loops = Array.from({ length: inflight }, async () => {
      while (!stopped) {
        const t0 = performance.now();
        const f = await sender.request(Cmd.C2G_SEND_REQ, {
          groupId: group.id,
          clientMsgId: `b${n++}`,
          contentType: 1,
          content: `${t0}|group bench`,
        });
        if (f.cmd !== Cmd.C2G_SEND_ACK) throw new Error(`send failed with status ${f.status}`);
        if (measuring) {
          acked++;
          ackLatency.add(performance.now() - t0);
        }
      }
    });
    await new Promise((r) => setTimeout(r, warmup * 1000));
    measuring = true;
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    measuring = false;
    const elapsed = (performance.now() - t0) / 1000;
    stopped = true;
    await Promise.all(loops);

    console.log(
      `group benchmark: ${members} members (${online} online), one sender, ${inflight} in flight, ${seconds}s`,
    );
    console.log(
      `  messages      ${fmt(acked / elapsed, 1)} msg/s   ack p50 ${fmt(ackLatency.percentile(50))} ms  p99 ${fmt(ackLatency.percentile(99))} ms`,
    );
    console.log(`  inbox entries ${fmt((acked * members) / elapsed, 0)} /s persisted`);
    console.log(
      `  pushes        ${fmt(pushes / elapsed, 0)} /s delivered   send->push p50 ${fmt(latency.percentile(50))} ms  p99 ${fmt(latency.percentile(99))} ms`,
    );
    console.log(`  deliveries (entries + pushes) ${fmt((acked * members + pushes) / elapsed, 0)} /s`);
    for (const c of [sender, ...receivers]) c.close();
  } finally {
    await server.stop();
    await db.close();
    await database.drop();
  }
}
