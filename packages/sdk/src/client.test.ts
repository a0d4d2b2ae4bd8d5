import { Cmd, ErrorCode, encodeError, encodeMessage, type Frame, type im } from "@im/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ClientErrorCode, ImClientError } from "./errors.ts";
import { FakeServer } from "./testing/fake-server.ts";
import { EP_A, EP_B, fakeClient, nextEvent, record, settle } from "./testing/fixtures.ts";
import { DeviceType } from "./types.ts";

type SendFrame = Frame & { cmd: im.Cmd.C2C_SEND_REQ };

function ackFor(conn: { body(f: SendFrame): im.IC2CSendReq }, frame: Frame, msgId: number, seq = 0) {
  const req = conn.body(frame as SendFrame);
  return { msgId, seq, sentAt: 1_700_000_000_000, clientMsgId: req.clientMsgId, duplicate: false };
}

describe("ImClient connect", () => {
  it("authenticates and resolves with the session", async () => {
    const server = new FakeServer();
    server.auth = { uid: "alice", maxSeq: 0, ackedSeq: 0, heartbeatMs: 25_000 };
    const client = fakeClient(server, { clientVersion: "test/1" });
    const connected = nextEvent(client, "connected");
    const info = await client.connect();
    expect(info).toMatchObject({ uid: "alice", sessionId: "session-1", heartbeatMs: 25_000 });
    expect(client.state).toBe("connected");
    expect(await connected).toMatchObject({ reconnected: false, endpoint: EP_A });
    const auth = server.last.body(server.last.sent(Cmd.AUTH_REQ)[0]! as Frame & { cmd: im.Cmd.AUTH_REQ });
    expect(auth).toMatchObject({
      token: "token-alice",
      deviceType: DeviceType.DESKTOP,
      deviceId: "dev-1",
      clientVersion: "test/1",
    });
    client.close();
  });

  it("rejects with the server's code on a bad token and does not retry", async () => {
    const server = new FakeServer();
    server.authError = { code: ErrorCode.TOKEN_INVALID, message: "signature mismatch" };
    const client = fakeClient(server, { endpoints: [EP_A, EP_B] });
    const err = await client.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImClientError);
    expect(err).toMatchObject({ code: 2002, codeName: "TOKEN_INVALID", message: "signature mismatch" });
    expect(client.state).toBe("idle");
    expect(server.connections).toHaveLength(1);
  });

  it("tries the next endpoint when one is down", async () => {
    const server = new FakeServer();
    server.down.add("tcp://node-a:7100");
    const client = fakeClient(server, { endpoints: [EP_A, EP_B] });
    await client.connect();
    expect(client.endpoint).toEqual(EP_B);
    client.close();
  });

  it("rejects with CONNECT_FAILED when no endpoint answers", async () => {
    const server = new FakeServer();
    server.down.add("tcp://node-a:7100");
    const client = fakeClient(server);
    await expect(client.connect()).rejects.toMatchObject({ code: ClientErrorCode.CONNECT_FAILED });
    expect(client.state).toBe("idle");
  });

  it("gives up on a transport that never opens after connectTimeoutMs", async () => {
    const closedWith: Array<string | undefined> = [];
    const client = fakeClient(new FakeServer(), {
      connectTimeoutMs: 30,
      transportFactory: () => ({
        connect: () => new Promise<void>(() => {}),
        send: () => {},
        onFrame: () => {},
        onClose: () => {},
        close: (reason) => closedWith.push(reason),
      }),
    });
    const started = Date.now();
    await expect(client.connect()).rejects.toMatchObject({ code: ClientErrorCode.TIMEOUT });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(closedWith[0]).toBe("connect timeout");
  });

  it("asks getToken for a token on every connection", async () => {
    const server = new FakeServer();
    let n = 0;
    const client = fakeClient(server, { token: undefined, getToken: async () => `tok-${++n}` });
    await client.connect();
    server.last.close();
    await nextEvent(client, "connected");
    const tokens = server.connections.map(
      (c) => c.body(c.sent(Cmd.AUTH_REQ)[0]! as Frame & { cmd: im.Cmd.AUTH_REQ }).token,
    );
    expect(tokens).toEqual(["tok-1", "tok-2"]);
    client.close();
  });

  it("refuses to send before connect()", async () => {
    const client = fakeClient(new FakeServer());
    await expect(client.sendText("bob", "hi")).rejects.toMatchObject({ code: ClientErrorCode.CLOSED });
  });
});

describe("ImClient request correlation", () => {
  it("matches answers to requests by seq, in any order", async () => {
    const server = new FakeServer();
    const client = fakeClient(server);
    await client.connect();
    const conn = server.last;
    const first = client.sendText("bob", "one");
    const second = client.sendText("bob", "two");
    const f1 = await conn.next(Cmd.C2C_SEND_REQ);
    const f2 = await conn.next(Cmd.C2C_SEND_REQ);
    expect(f1.seq).not.toBe(f2.seq);
    conn.reply(f2, Cmd.C2C_SEND_ACK, ackFor(conn, f2, 222));
    conn.reply(f1, Cmd.C2C_SEND_ACK, ackFor(conn, f1, 111));
    expect((await first).msgId).toBe(111);
    expect((await second).msgId).toBe(222);
    client.close();
  });

  it("does not take a push that happens to carry a pending request's seq for its answer", async () => {
    const server = new FakeServer();
    const client = fakeClient(server, { lastSeq: 0 });
    await client.connect();
    const conn = server.last;
    const messages = record(client, "message");
    const sending = client.sendText("bob", "hi");
    const req = await conn.next(Cmd.C2C_SEND_REQ);
    conn.send(
      encodeMessage(Cmd.MSG_PUSH, req.seq, {
        message: { seq: 1, msgId: 9, fromUid: "bob", content: "hello" },
      }),
    );
    conn.reply(req, Cmd.C2C_SEND_ACK, ackFor(conn, req, 77));
    expect((await sending).msgId).toBe(77);
    expect(messages.map((m) => m.content)).toEqual(["hello"]);
    client.close();
  });

  it("rejects with the ERROR frame's code and does not retry what cannot succeed", async () => {
    const server = new FakeServer();
    const client = fakeClient(server);
    await client.connect();
    const sending = client.sendText("mallory", "hi");
    const req = await server.last.next(Cmd.C2C_SEND_REQ);
    server.last.error(req, ErrorCode.FORBIDDEN, "blocked by the receiver");
    await expect(sending).rejects.toMatchObject({ code: 4003, message: "blocked by the receiver" });
    await settle();
    expect(server.last.sent(Cmd.C2C_SEND_REQ)).toHaveLength(1);
    client.close();
  });

  it("reports an ERROR frame that answers no request as an error event", async () => {
    const server = new FakeServer();
    const client = fakeClient(server);
    await client.connect();
    const error = nextEvent(client, "error");
    server.last.send(encodeError(0, ErrorCode.IDLE_TIMEOUT, "idle"));
    expect(await error).toMatchObject({ code: 3003, codeName: "IDLE_TIMEOUT" });
    client.close();
  });
});

describe("ImClient send retries", () => {
  it("retries a timed-out send with the same clientMsgId", async () => {
    const server = new FakeServer();
    const client = fakeClient(server, { requestTimeoutMs: 30 });
    await client.connect();
    const conn = server.last;
    const sending = client.sendC2C({ toUid: "bob", content: "hi", contentType: 7 });
    const first = await conn.next(Cmd.C2C_SEND_REQ); // left unanswered: times out
    const second = await conn.next(Cmd.C2C_SEND_REQ);
    const a = conn.body(first as SendFrame);
    const b = conn.body(second as SendFrame);
    expect(b.clientMsgId).toBe(a.clientMsgId);
    expect(a.clientMsgId).toMatch(/^[0-9a-f-]{36}$/);
    expect(b).toMatchObject({ toUid: "bob", content: "hi", contentType: 7 });
    conn.reply(second, Cmd.C2C_SEND_ACK, { ...ackFor(conn, second, 5), duplicate: true });
    expect(await sending).toMatchObject({ msgId: 5, clientMsgId: a.clientMsgId, duplicate: true });
    client.close();
  });

  it("keeps a caller's clientMsgId and generates distinct ones otherwise", async () => {
    const server = new FakeServer();
    server.handle(Cmd.C2C_SEND_REQ, (f, conn) => conn.reply(f, Cmd.C2C_SEND_ACK, ackFor(conn, f, 1)));
    const client = fakeClient(server);
    await client.connect();
    expect((await client.sendC2C({ toUid: "bob", content: "x", clientMsgId: "mine-1" })).clientMsgId).toBe("mine-1");
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add((await client.sendText("bob", "x")).clientMsgId);
    expect(ids.size).toBe(20);
    client.close();
  });

  it("resends on a new connection after a disconnect", async () => {
    const server = new FakeServer();
    const client = fakeClient(server);
    await client.connect();
    const sending = client.sendText("bob", "across the drop");
    const first = await server.last.next(Cmd.C2C_SEND_REQ);
    const nextConn = server.nextConnection();
    server.last.close("node restarting");
    const conn2 = await nextConn;
    const second = await conn2.next(Cmd.C2C_SEND_REQ);
    expect(conn2.body(second as SendFrame).clientMsgId).toBe(
      server.connections[0]!.body(first as SendFrame).clientMsgId,
    );
    conn2.reply(second, Cmd.C2C_SEND_ACK, ackFor(conn2, second, 42));
    expect((await sending).msgId).toBe(42);
    client.close();
  });

  describe("with fake timers", () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it("waits retryAfterMs after RATE_LIMITED before resending", async () => {
      const server = new FakeServer();
      const client = fakeClient(server);
      const connecting = client.connect();
      await vi.advanceTimersByTimeAsync(0);
      await connecting;
      const conn = server.last;
      const sending = client.sendText("bob", "slow down");
      await vi.advanceTimersByTimeAsync(0);
      const first = await conn.next(Cmd.C2C_SEND_REQ);
      conn.error(first, ErrorCode.RATE_LIMITED, "too fast", 300);
      await vi.advanceTimersByTimeAsync(299);
      expect(conn.sent(Cmd.C2C_SEND_REQ)).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      const second = await conn.next(Cmd.C2C_SEND_REQ);
      conn.reply(second, Cmd.C2C_SEND_ACK, ackFor(conn, second, 9));
      await vi.advanceTimersByTimeAsync(0);
      expect((await sending).msgId).toBe(9);
      client.close();
    });

    it("retries UNAVAILABLE with backoff and gives up after maxSendAttempts", async () => {
      const server = new FakeServer();
      server.handle(Cmd.C2C_SEND_REQ, (f, conn) => conn.error(f, ErrorCode.UNAVAILABLE, "storage down"));
      const client = fakeClient(server, { maxSendAttempts: 3 });
      const connecting = client.connect();
      await vi.advanceTimersByTimeAsync(0);
      await connecting;
      const result = client.sendText("bob", "hi").catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(await result).toMatchObject({ code: ErrorCode.UNAVAILABLE, retryable: true });
      const ids = server.last.sent(Cmd.C2C_SEND_REQ).map((f) => server.last.body(f as SendFrame).clientMsgId);
      expect(ids).toHaveLength(3);
      expect(new Set(ids).size).toBe(1);
      client.close();
    });
  });
});

describe("ImClient other requests", () => {
  it("sends to groups and business lines", async () => {
    const server = new FakeServer();
    server.handle(Cmd.C2G_SEND_REQ, (f, conn) => {
      const req = conn.body(f as Frame & { cmd: im.Cmd.C2G_SEND_REQ });
      conn.reply(f, Cmd.C2G_SEND_ACK, { msgId: 3, seq: 0, sentAt: 1, clientMsgId: req.clientMsgId });
    });
    server.handle(Cmd.C2S_SEND_REQ, (f, conn) => {
      const req = conn.body(f as Frame & { cmd: im.Cmd.C2S_SEND_REQ });
      expect(req).toMatchObject({ businessId: "shop", content: "{}", contentType: 2 });
      conn.reply(f, Cmd.C2S_SEND_ACK, { eventId: "ev-1", clientMsgId: req.clientMsgId });
    });
    const client = fakeClient(server);
    await client.connect();
    expect(await client.sendGroup({ groupId: "g1", content: "hi all" })).toMatchObject({ msgId: 3 });
    expect(await client.sendC2S({ businessId: "shop", content: "{}", contentType: 2 })).toMatchObject({
      eventId: "ev-1",
      duplicate: false,
    });
    client.close();
  });
});
