import { deflateRawSync } from "node:zlib";
import { Cmd, encodeBody, encodeFrame, FLAG_DEFLATE, type Frame, type im } from "@im/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeServer } from "./testing/fake-server.ts";
import { fakeClient, msg, nextEvent, record, settle } from "./testing/fixtures.ts";
import { ConvType } from "./types.ts";

type PullFrame = Frame & { cmd: im.Cmd.PULL_REQ };
type AckFrame = Frame & { cmd: im.Cmd.MSG_PUSH_ACK };

describe("ImClient incoming messages", () => {
  it("emits each pushed seq once and in order, holding back what comes early", async () => {
    const server = new FakeServer().serveInbox([msg(1), msg(2), msg(3)]);
    const client = fakeClient(server, { lastSeq: 0 });
    await client.connect();
    const seen = record(client, "message");
    const conn = server.last;
    conn.push(msg(1));
    conn.push(msg(1));
    conn.push(msg(2));
    conn.push(msg(1));
    await settle();
    expect(seen.map((m) => m.seq)).toEqual([1, 2]);
    expect(seen[0]).toEqual(msg(1));
    expect(client.lastSeq).toBe(2);
    client.close();
  });

  it("passes on a pushed message without an inbox seq as it is", async () => {
    const server = new FakeServer();
    const client = fakeClient(server, { lastSeq: 5, ackDelayMs: 5 });
    await client.connect();
    const seen = record(client, "message");
    server.last.push({ ...msg(0), content: "typing…" });
    await vi.waitFor(() => expect(seen.map((m) => m.content)).toEqual(["typing…"]));
    expect(client.lastSeq).toBe(5);
    await new Promise((r) => setTimeout(r, 20));
    // Only the saved cursor is reported (the server had 0); the message itself is not acknowledged.
    const acks = server.last.sent(Cmd.MSG_PUSH_ACK).map((f) => server.last.body(f as AckFrame));
    expect(acks.map((a) => [a.seqs, a.ackedSeq])).toEqual([[[], 5]]);
    expect(server.last.sent(Cmd.PULL_REQ)).toHaveLength(0);
    client.close();
  });

  it("pulls a gap before delivering what follows it", async () => {
    const server = new FakeServer();
    const client = fakeClient(server, { lastSeq: 1 });
    await client.connect();
    const seen = record(client, "message");
    const conn = server.last;
    conn.push(msg(4));
    const pull = await conn.next(Cmd.PULL_REQ);
    expect(conn.body(pull as PullFrame).afterSeq).toBe(1);
    expect(seen).toEqual([]); // 4 waits for 2 and 3
    conn.push(msg(3)); // arrives while the pull is in flight: still waits for 2
    await settle();
    expect(seen).toEqual([]);
    conn.reply(pull, Cmd.PULL_RESP, { messages: [msg(2), msg(3), msg(4)], hasMore: false, maxSeq: 4 });
    await settle();
    expect(seen.map((m) => m.seq)).toEqual([2, 3, 4]);
    conn.push(msg(4));
    conn.push(msg(5));
    await settle();
    expect(seen.map((m) => m.seq)).toEqual([2, 3, 4, 5]);
    expect(client.lastSeq).toBe(5);
    client.close();
  });

  it("acknowledges pushes in one batched MSG_PUSH_ACK, duplicates included", async () => {
    const server = new FakeServer();
    const client = fakeClient(server, { lastSeq: 0, ackDelayMs: 20 });
    await client.connect();
    const conn = server.last;
    conn.push(msg(1));
    conn.push(msg(2));
    conn.push(msg(2));
    conn.push(msg(3));
    const ack = await conn.next(Cmd.MSG_PUSH_ACK);
    expect(conn.body(ack as AckFrame).seqs).toEqual([1, 2, 3]);
    // ...with the cursor, which moves this device's cursor on the server (AuthResp.ackedSeq).
    expect(conn.body(ack as AckFrame).ackedSeq).toBe(3);
    conn.push(msg(4));
    const ack2 = await conn.next(Cmd.MSG_PUSH_ACK);
    expect(conn.body(ack2 as AckFrame).seqs).toEqual([4]);
    expect(conn.sent(Cmd.MSG_PUSH_ACK)).toHaveLength(2);
    client.close();
  });

  it("leaves acknowledging to the app when autoAck is off", async () => {
    const server = new FakeServer();
    const client = fakeClient(server, { lastSeq: 0, autoAck: false, ackDelayMs: 5 });
    await client.connect();
    const conn = server.last;
    conn.push(msg(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(conn.sent(Cmd.MSG_PUSH_ACK)).toHaveLength(0);
    client.ack(1);
    expect(conn.body((await conn.next(Cmd.MSG_PUSH_ACK)) as AckFrame).seqs).toEqual([1]);
    client.close();
  });

  it("turns its own send ack into the timeline entry instead of pulling for it", async () => {
    const server = new FakeServer();
    server.auth = { uid: "alice", maxSeq: 2, ackedSeq: 2 };
    const client = fakeClient(server, { lastSeq: 2 });
    await client.connect();
    const seen = record(client, "message");
    const conn = server.last;
    const sending = client.sendC2C({ toUid: "bob", content: "hi bob", clientMsgId: "c-own" });
    const req = await conn.next(Cmd.C2C_SEND_REQ);
    conn.reply(req, Cmd.C2C_SEND_ACK, { msgId: 900, seq: 3, sentAt: 1234, clientMsgId: "c-own" });
    await sending;
    conn.push(msg(4)); // bob's answer: no gap, since 3 is known
    await settle();
    expect(seen).toEqual([
      {
        msgId: 900,
        seq: 3,
        convType: ConvType.C2C,
        convId: "bob",
        fromUid: "alice",
        toId: "bob",
        clientMsgId: "c-own",
        contentType: 1,
        content: "hi bob",
        sentAt: 1234,
      },
      msg(4),
    ]);
    expect(conn.sent(Cmd.PULL_REQ)).toHaveLength(0);
    client.close();
  });
});

describe("ImClient sync and pull", () => {
  it("syncs page by page after connect when the server holds newer messages", async () => {
    const inbox = [1, 2, 3, 4, 5].map((s) => msg(s));
    const server = new FakeServer().serveInbox(inbox);
    server.auth = { uid: "alice", maxSeq: 5, ackedSeq: 0 };
    const client = fakeClient(server, { lastSeq: 1, syncPageSize: 2 });
    const seen = record(client, "message");
    await client.connect();
    await vi.waitFor(() => expect(seen.map((m) => m.seq)).toEqual([2, 3, 4, 5]));
    const afters = server.last
      .sent(Cmd.PULL_REQ)
      .map((f) => server.last.body(f as PullFrame))
      .map((b) => [b.afterSeq, b.limit]);
    expect(afters).toEqual([
      [1, 2],
      [3, 2],
    ]);
    client.close();
  });

  it("starts from the server's cursor for this device when the app has none", async () => {
    const server = new FakeServer().serveInbox([msg(7), msg(8), msg(9)]);
    server.auth = { uid: "alice", maxSeq: 9, ackedSeq: 7 };
    const client = fakeClient(server);
    const seen = record(client, "message");
    await client.connect();
    await client.sync();
    expect(seen.map((m) => m.seq)).toEqual([8, 9]);
    expect(server.last.body(server.last.sent(Cmd.PULL_REQ)[0] as PullFrame).afterSeq).toBe(7);
    client.close();
  });

  it("skips seqs that expired from the inbox", async () => {
    const server = new FakeServer().serveInbox([msg(40), msg(41)]);
    server.auth = { uid: "alice", maxSeq: 41 };
    const client = fakeClient(server, { lastSeq: 3 });
    const seen = record(client, "message");
    await client.connect();
    await client.sync();
    expect(seen.map((m) => m.seq)).toEqual([40, 41]);
    expect(client.lastSeq).toBe(41);
    client.close();
  });

  it("does not sync on connect when autoSync is off", async () => {
    const server = new FakeServer().serveInbox([msg(1)]);
    server.auth = { uid: "alice", maxSeq: 1 };
    const client = fakeClient(server, { lastSeq: 0, autoSync: false });
    await client.connect();
    await new Promise((r) => setTimeout(r, 10));
    expect(server.last.sent(Cmd.PULL_REQ)).toHaveLength(0);
    client.close();
  });

  it("with autoSync off, holds messages behind a gap until the app syncs", async () => {
    const server = new FakeServer().serveInbox([msg(1), msg(2), msg(3)]);
    const client = fakeClient(server, { lastSeq: 1, autoSync: false });
    await client.connect();
    const seen = record(client, "message");
    server.last.push(msg(3));
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([]);
    expect(server.last.sent(Cmd.PULL_REQ)).toHaveLength(0);
    await client.sync();
    expect(seen.map((m) => m.seq)).toEqual([2, 3]);
    client.close();
  });

  it("pull() returns the page and never lets a push deliver the same seq again", async () => {
    const server = new FakeServer().serveInbox([msg(1), msg(2), msg(3)]);
    const client = fakeClient(server, { lastSeq: 0, autoSync: false });
    await client.connect();
    const seen = record(client, "message");
    const page = await client.pull(0, 2);
    expect(page.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(page).toMatchObject({ hasMore: true, maxSeq: 3 });
    server.last.push(msg(2));
    server.last.push(msg(3));
    await settle();
    expect(seen.map((m) => m.seq)).toEqual([1, 2, 3]);
    client.close();
  });

  it("shares one run between concurrent sync() calls", async () => {
    const server = new FakeServer().serveInbox([msg(1), msg(2)]);
    const client = fakeClient(server, { lastSeq: 0, autoSync: false });
    await client.connect();
    const seen = record(client, "message");
    await Promise.all([client.sync(), client.sync(), client.sync()]);
    expect(seen.map((m) => m.seq)).toEqual([1, 2]);
    // The calls made while the first ran add one pass, not one each.
    expect(server.last.sent(Cmd.PULL_REQ)).toHaveLength(2);
    client.close();
  });

  describe("with fake timers", () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it("looks again later when a gap survives a sync", async () => {
      const inbox = [msg(1)];
      const server = new FakeServer().serveInbox(inbox);
      const client = fakeClient(server, { lastSeq: 0 });
      const connecting = client.connect();
      await vi.advanceTimersByTimeAsync(0);
      await connecting;
      const seen = record(client, "message");
      server.last.push(msg(3)); // 2 is not visible to pulls yet
      await vi.advanceTimersByTimeAsync(0);
      expect(seen.map((m) => m.seq)).toEqual([1]);
      inbox.push(msg(2), msg(3));
      await vi.advanceTimersByTimeAsync(1000);
      expect(seen.map((m) => m.seq)).toEqual([1, 2, 3]);
      client.close();
    });
  });
});

describe("ImClient events", () => {
  it("reports a throwing listener as an error event and keeps delivering", async () => {
    const server = new FakeServer();
    const client = fakeClient(server, { lastSeq: 0 });
    await client.connect();
    const seen = record(client, "message");
    client.on("message", () => {
      throw new Error("ui crashed");
    });
    const error = nextEvent(client, "error");
    server.last.push(msg(1));
    expect(await error).toMatchObject({ code: 9007, codeName: "LISTENER_FAILED" });
    server.last.push(msg(2));
    await settle();
    expect(seen.map((m) => m.seq)).toEqual([1, 2]);
    client.close();
  });
});

describe("ImClient compressed frames", () => {
  it("inflates a DEFLATE push and keeps the frames behind it in arrival order", async () => {
    const server = new FakeServer();
    const client = fakeClient(server, { lastSeq: 0, autoSync: false });
    await client.connect();
    const seen = record(client, "message");
    const conn = server.last;
    const body = deflateRawSync(encodeBody(Cmd.MSG_PUSH, { message: msg(1, "squeezed".repeat(50)) }));
    conn.send(encodeFrame(Cmd.MSG_PUSH, 1, body, 0, FLAG_DEFLATE));
    conn.push(msg(2));
    await vi.waitFor(() => expect(seen.map((m) => m.seq)).toEqual([1, 2]));
    expect(seen[0]!.content).toBe("squeezed".repeat(50));
    // A body that does not inflate ends the connection as a protocol error.
    const dropped = nextEvent(client, "disconnected");
    conn.send(encodeFrame(Cmd.MSG_PUSH, 2, Uint8Array.from([1, 2, 3, 4]), 0, FLAG_DEFLATE));
    expect((await dropped).reason).toMatch(/bad frame/);
    client.close();
  });
});
