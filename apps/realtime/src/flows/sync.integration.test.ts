import { im } from "@im/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../test-support/harness.ts";
import { RawClient } from "../test-support/raw-client.ts";
import { DEFAULT_PULL, MAX_PULL } from "./sync.ts";

const C = im.Cmd;

let server: TestServer;
let counter = 0;
const uid = (name: string) => `${name}-${++counter}`;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

async function login(user: string, deviceId = `${user}-dev`) {
  const c = await RawClient.tcp(server.tcpPort);
  const resp = await c.request(C.AUTH_REQ, { token: await server.token(user), deviceType: 4, deviceId });
  expect(resp.cmd).toBe(C.AUTH_RESP);
  return { c, auth: resp.decoded as im.IAuthResp };
}

/** Sends `n` messages from `from` to `to`, pipelined, and waits for every ack. */
async function fill(from: RawClient, to: string, n: number): Promise<void> {
  const seqs = Array.from({ length: n }, (_, i) =>
    from.send(C.C2C_SEND_REQ, { toUid: to, clientMsgId: `fill-${to}-${++counter}`, contentType: 1, content: `m${i}` }),
  );
  for (const seq of seqs) {
    const ack = await from.waitFor((f) => f.seq === seq, 30_000);
    expect(ack.cmd, JSON.stringify(ack.decoded)).toBe(C.C2C_SEND_ACK);
  }
}

const page = async (c: RawClient, body: im.IPullReq) => (await c.request(C.PULL_REQ, body)).decoded as im.IPullResp;

describe("pull", () => {
  it(`a page holds ${DEFAULT_PULL} entries when no limit is given and at most ${MAX_PULL} whatever the limit`, async () => {
    const reader = uid("reader");
    const { c } = await login(reader);
    const writer = await login(uid("writer"));
    await fill(writer.c, reader, MAX_PULL + 1);
    const byDefault = await page(c, { afterSeq: 0 });
    expect(byDefault.messages?.length).toBe(DEFAULT_PULL);
    expect(byDefault.hasMore).toBe(true);
    const clamped = await page(c, { afterSeq: 0, limit: 10_000 });
    expect(clamped.messages?.length).toBe(MAX_PULL);
    expect(clamped.messages?.at(-1)?.seq).toBe(MAX_PULL);
    expect(clamped.hasMore).toBe(true);
    expect(clamped.maxSeq).toBe(MAX_PULL + 1);
    writer.c.close();
    c.close();
  });

  it("a cursor beyond the inbox head acknowledges only up to the head", async () => {
    const reader = uid("ahead");
    const first = await login(reader, "phone");
    const writer = await login(uid("writer"));
    await fill(writer.c, reader, 1);
    const far = await page(first.c, { afterSeq: 1000 });
    expect(far.messages).toEqual([]);
    expect(far.maxSeq).toBe(1);
    first.c.close();
    await first.c.waitClosed();
    // The device's cursor stays at the head, so a message arriving later is not taken as read.
    const again = await login(reader, "phone");
    expect(again.auth.ackedSeq).toBe(1);
    await fill(writer.c, reader, 1);
    const next = await page(again.c, { afterSeq: again.auth.ackedSeq ?? 0 });
    expect(next.messages?.map((m) => m.seq)).toEqual([2]);
    writer.c.close();
    again.c.close();
  });
});
