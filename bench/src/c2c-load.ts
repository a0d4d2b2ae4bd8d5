import { mintToken } from "@im/auth";
import { Cmd, type im } from "@im/protocol";
import { BenchClient } from "./bench-client.ts";
import { Samples } from "./stats.ts";

export interface C2CLoadOptions {
  secret: string;
  pairs: number;
  inflight: number;
  warmupSec: number;
  seconds: number;
  /** TCP port of the node a pair's sender (and receiver) connects to. */
  senderPort(pair: number): number;
  receiverPort(pair: number): number;
  /** Distinguishes users between runs against one database. */
  tag?: string;
}

export interface C2CLoadResult {
  elapsedSec: number;
  acked: number;
  delivered: number;
  errors: number;
  ackLatency: Samples;
  e2eLatency: Samples;
}

/**
 * Drives c2c traffic: each pair's sender keeps `inflight` sends outstanding;
 * receivers acknowledge pushes in batches. Latency is send -> push received,
 * measured in this process (the content carries the send time).
 */
export async function runC2CLoad(o: C2CLoadOptions): Promise<C2CLoadResult> {
  const tag = o.tag ?? "";
  const senders: BenchClient[] = [];
  const receivers: BenchClient[] = [];
  for (let i = 0; i < o.pairs; i++) {
    const r = await BenchClient.connect(o.receiverPort(i));
    await r.auth(await mintToken({ secret: o.secret, uid: `r${tag}${i}` }), `r${i}-d`);
    receivers.push(r);
    const s = await BenchClient.connect(o.senderPort(i));
    await s.auth(await mintToken({ secret: o.secret, uid: `s${tag}${i}` }), `s${i}-d`);
    senders.push(s);
  }
  let measuring = false;
  let stopped = false;
  const res: C2CLoadResult = {
    elapsedSec: 0,
    acked: 0,
    delivered: 0,
    errors: 0,
    ackLatency: new Samples(),
    e2eLatency: new Samples(),
  };
  for (const r of receivers) {
    let acks: number[] = [];
    r.onPush = (f) => {
      const msg = (r.decode(f) as im.IMsgPush).message!;
      if (measuring) {
        res.delivered++;
        res.e2eLatency.add(performance.now() - Number(msg.content!.split("|", 1)[0]));
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
          toUid: `r${tag}${i}`,
          clientMsgId: `s${i}-${n++}`,
          contentType: 1,
          content: `${t0}|hello from s${i}`,
        });
        if (f.cmd !== Cmd.C2C_SEND_ACK) {
          res.errors++;
          continue;
        }
        if (measuring) {
          res.acked++;
          res.ackLatency.add(performance.now() - t0);
        }
      }
    };
    await Promise.all(Array.from({ length: o.inflight }, one));
  });
  await new Promise((r) => setTimeout(r, o.warmupSec * 1000));
  measuring = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, o.seconds * 1000));
  measuring = false;
  res.elapsedSec = (performance.now() - t0) / 1000;
  stopped = true;
  await Promise.all(loops);
  for (const c of [...senders, ...receivers]) c.close();
  return res;
}
