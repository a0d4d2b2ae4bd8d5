import { im } from "@im/protocol";
import { createTestDatabase } from "@im/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { RawClient } from "./test-support/raw-client.ts";
import { type ServerProcess, spawnServer } from "./test-support/server-process.ts";

const C = im.Cmd;
const SECRET = "crash-test-secret-0123456789abcdefghijkl";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let server: ServerProcess | null = null;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await server?.stop("SIGKILL");
  await database?.drop();
});

const start = () => spawnServer({ DATABASE_URL: database.url, IM_TOKEN_SECRET: SECRET });

async function login(port: number, uid: string): Promise<RawClient> {
  const c = await RawClient.login(port, SECRET, uid);
  return c;
}

it("SIGKILL during a send burst loses no acked message and duplicates nothing after restart", async () => {
  server = await start();
  const receiver = await login(server.tcpPort, "crash-receiver");
  receiver.close();
  const senders = await Promise.all(Array.from({ length: 8 }, (_, i) => login(server!.tcpPort, `crash-sender-${i}`)));

  const acked = new Map<string, number>(); // clientMsgId -> msgId
  const attempted: string[] = [];
  let killed = false;
  const bursts = senders.map(async (s, i) => {
    for (let n = 0; !killed && n < 3000; n++) {
      const clientMsgId = `k${i}-${n}`;
      attempted.push(clientMsgId);
      // Fire without waiting for each ack: several sends are in flight when the kill lands.
      s.request(C.C2C_SEND_REQ, { toUid: "crash-receiver", clientMsgId, content: `m ${clientMsgId}` }, 60_000)
        .then((f) => {
          if (f.cmd === C.C2C_SEND_ACK) acked.set(clientMsgId, (f.decoded as im.ISendAck).msgId as number);
        })
        .catch(() => {});
      if (n % 10 === 9) await new Promise((r) => setTimeout(r, 10));
    }
  });
  // Kill once the burst is well under way (by progress, not by the clock: CI machines vary).
  const until = Date.now() + 30_000;
  while (acked.size < 300 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  server.child.kill("SIGKILL");
  killed = true;
  await server.exited;
  await Promise.all(bursts);
  for (const s of senders) s.close();
  expect(acked.size).toBeGreaterThan(100);

  server = await start();
  // Clients retry everything they never saw acked, with the same client message ids.
  const retry = await login(server.tcpPort, "crash-sender-0");
  const retriers = [
    retry,
    ...(await Promise.all(Array.from({ length: 7 }, (_, i) => login(server!.tcpPort, `crash-sender-${i + 1}`)))),
  ];
  const unacked = attempted.filter((id) => !acked.has(id));
  await Promise.all(
    unacked.map(async (clientMsgId) => {
      const sender = retriers[Number(clientMsgId.slice(1, clientMsgId.indexOf("-")))]!;
      const f = await sender.request(
        C.C2C_SEND_REQ,
        { toUid: "crash-receiver", clientMsgId, content: `m ${clientMsgId}` },
        60_000,
      );
      expect(f.cmd).toBe(C.C2C_SEND_ACK);
    }),
  );

  const r = await login(server.tcpPort, "crash-receiver");
  const timeline: im.IMessage[] = [];
  for (let cursor = 0; ; ) {
    const page = (await r.request(C.PULL_REQ, { afterSeq: cursor, limit: 500 })).decoded as im.IPullResp;
    timeline.push(...(page.messages ?? []));
    cursor = timeline.at(-1)?.seq ?? 0;
    if (!page.hasMore) break;
  }
  const byClientId = new Map(timeline.map((m) => [m.clientMsgId!, m.msgId as number]));
  // Every message acked before the kill is there, with the id it was acked with.
  for (const [clientMsgId, msgId] of acked) expect(byClientId.get(clientMsgId)).toBe(msgId);
  // After retries everything attempted is there exactly once, seqs contiguous.
  expect(timeline).toHaveLength(attempted.length);
  expect(byClientId.size).toBe(attempted.length);
  expect(timeline.map((m) => m.seq)).toEqual(timeline.map((_, i) => i + 1));
  for (const c of [...retriers, r]) c.close();
}, 120_000);
