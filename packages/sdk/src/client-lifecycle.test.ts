import { Cmd, ErrorCode, encodeMessage, type Frame, type im } from "@im/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ClientErrorCode } from "./errors.ts";
import { FakeServer } from "./testing/fake-server.ts";
import { EP_A, EP_B, fakeClient, msg, nextEvent, record, settle } from "./testing/fixtures.ts";
import { CtrlType, KickReason } from "./types.ts";

type PullFrame = Frame & { cmd: im.Cmd.PULL_REQ };

describe("ImClient kickout", () => {
  it("emits kickout, stays down, and fails what was waiting", async () => {
    const server = new FakeServer();
    const client = fakeClient(server);
    await client.connect();
    const kickouts = record(client, "kickout");
    const disconnects = record(client, "disconnected");
    const sending = client.sendText("bob", "hi").catch((e: unknown) => e);
    await server.last.next(Cmd.C2C_SEND_REQ);
    server.last.send(
      encodeMessage(Cmd.KICKOUT, 0, { reason: KickReason.OTHER_LOGIN, message: "signed in on another desktop" }),
    );
    expect(await sending).toMatchObject({ code: ClientErrorCode.KICKED });
    expect(kickouts).toEqual([{ reason: KickReason.OTHER_LOGIN, message: "signed in on another desktop" }]);
    expect(disconnects).toEqual([expect.objectContaining({ willReconnect: false, code: ClientErrorCode.KICKED })]);
    expect(client.state).toBe("kicked");
    await new Promise((r) => setTimeout(r, 100)); // several backoff periods
    expect(server.connections).toHaveLength(1);
    await expect(client.sendText("bob", "again")).rejects.toMatchObject({ code: ClientErrorCode.KICKED });
  });
});

describe("ImClient reconnect", () => {
  it("reconnects after a drop and pulls what was missed", async () => {
    const inbox = [msg(1), msg(2)];
    const server = new FakeServer().serveInbox(inbox);
    server.auth = { uid: "alice", maxSeq: 2 };
    const client = fakeClient(server, { lastSeq: 0 });
    const seen = record(client, "message");
    const disconnects = record(client, "disconnected");
    const reconnecting = record(client, "reconnecting");
    await client.connect();
    await vi.waitFor(() => expect(client.lastSeq).toBe(2));

    inbox.push(msg(3), msg(4)); // arrive while the client is away
    server.auth = { uid: "alice", maxSeq: 4 };
    const reconnected = nextEvent(client, "connected");
    server.last.close("node restarting");
    expect(await reconnected).toMatchObject({ reconnected: true, auth: { maxSeq: 4 } });
    await vi.waitFor(() => expect(seen.map((m) => m.seq)).toEqual([1, 2, 3, 4]));
    expect(server.connections).toHaveLength(2);
    expect(server.last.body(server.last.sent(Cmd.PULL_REQ)[0] as PullFrame).afterSeq).toBe(2);
    expect(disconnects).toEqual([{ reason: "node restarting", code: undefined, willReconnect: true }]);
    expect(reconnecting).toEqual([{ attempt: 1, delayMs: 8, endpoint: EP_A }]);
    client.close();
  });

  it("does not reconnect when reconnect is disabled", async () => {
    const server = new FakeServer();
    const client = fakeClient(server, { reconnect: { enabled: false } });
    await client.connect();
    const disconnected = nextEvent(client, "disconnected");
    server.last.close();
    expect(await disconnected).toMatchObject({ willReconnect: false });
    expect(client.state).toBe("idle");
    await new Promise((r) => setTimeout(r, 50));
    expect(server.connections).toHaveLength(1);
  });

  describe("with fake timers", () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    async function connected(client: ReturnType<typeof fakeClient>) {
      const p = client.connect();
      await vi.advanceTimersByTimeAsync(0);
      return p;
    }

    it("backs off exponentially while rotating through endpoints", async () => {
      const server = new FakeServer();
      const client = fakeClient(server, {
        endpoints: [EP_A, EP_B],
        reconnect: { minDelayMs: 100, maxDelayMs: 1000 },
        random: () => 1,
      });
      const reconnecting = record(client, "reconnecting");
      await connected(client);
      server.down.add("tcp://node-a:7100");
      server.down.add("tcp://node-b:7100");
      server.last.close();
      await vi.advanceTimersByTimeAsync(100 + 200 + 400 + 800 + 1000);
      expect(
        reconnecting.map((r) => [r.attempt, r.delayMs, r.endpoint.transport === "tcp" && r.endpoint.host]),
      ).toEqual([
        [1, 100, "node-b"],
        [2, 200, "node-a"],
        [3, 400, "node-b"],
        [4, 800, "node-a"],
        [5, 1000, "node-b"],
        [6, 1000, "node-a"],
      ]);
      server.down.clear();
      await vi.advanceTimersByTimeAsync(1000);
      expect(client.state).toBe("connected");
      expect(client.endpoint).toEqual(EP_A);
      client.close();
    });

    it("stops reconnecting when the server refuses the token", async () => {
      const server = new FakeServer();
      const client = fakeClient(server);
      const errors = record(client, "error");
      const disconnects = record(client, "disconnected");
      await connected(client);
      server.authError = { code: ErrorCode.TOKEN_EXPIRED, message: "expired" };
      server.last.close();
      await vi.advanceTimersByTimeAsync(1000);
      expect(server.connections).toHaveLength(2);
      expect(client.state).toBe("closed");
      expect(errors.map((e) => e.code)).toEqual([2003]);
      expect(disconnects.map((d) => d.willReconnect)).toEqual([true, false]);
    });

    it("reconnects to the endpoints a CTRL frame names, within its delay", async () => {
      const server = new FakeServer();
      const client = fakeClient(server, { random: () => 1 });
      const ctrls = record(client, "ctrl");
      await connected(client);
      server.last.send(
        encodeMessage(Cmd.CTRL, 0, { type: CtrlType.RECONNECT, endpoints: ["tcp://node-c:7200"], delayMs: 500 }),
      );
      await vi.advanceTimersByTimeAsync(499);
      expect(ctrls).toEqual([{ type: CtrlType.RECONNECT, endpoints: ["tcp://node-c:7200"], delayMs: 500, config: {} }]);
      expect(server.connections).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(2);
      expect(server.connections).toHaveLength(2);
      expect(server.connections[0]!.closed).toBeDefined();
      expect(client.endpoint).toEqual({ transport: "tcp", host: "node-c", port: 7200 });
      client.close();
    });

    it("emits CTRL config without reconnecting", async () => {
      const server = new FakeServer();
      const client = fakeClient(server);
      const ctrl = nextEvent(client, "ctrl");
      await connected(client);
      server.last.send(encodeMessage(Cmd.CTRL, 0, { type: CtrlType.CONFIG, config: { theme: "dark" } }));
      await vi.advanceTimersByTimeAsync(1000);
      expect(await ctrl).toMatchObject({ type: CtrlType.CONFIG, config: { theme: "dark" } });
      expect(server.connections).toHaveLength(1);
      client.close();
    });

    it("sends heartbeats and drops a connection silent for 2.5 intervals", async () => {
      const server = new FakeServer();
      server.auth = { uid: "alice", heartbeatMs: 1000 };
      const client = fakeClient(server);
      await connected(client);
      const conn = server.last;
      await vi.advanceTimersByTimeAsync(5000);
      expect(conn.sent(Cmd.HEARTBEAT_REQ)).toHaveLength(5);
      expect(conn.closed).toBeUndefined();

      server.answerHeartbeats = false;
      const disconnected = nextEvent(client, "disconnected");
      await vi.advanceTimersByTimeAsync(2499);
      expect(conn.closed).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(conn.closed).toMatch(/no frame from the server/);
      expect(await disconnected).toMatchObject({ willReconnect: true });
      server.answerHeartbeats = true;
      await vi.advanceTimersByTimeAsync(100);
      expect(client.state).toBe("connected");
      expect(server.connections).toHaveLength(2);
      client.close();
    });

    it("drops a connection whose heartbeat goes unanswered for heartbeatTimeoutMs, long before 2.5 intervals", async () => {
      const server = new FakeServer();
      server.auth = { uid: "alice", heartbeatMs: 30_000 };
      const client = fakeClient(server, { heartbeatTimeoutMs: 3000 });
      await connected(client);
      const conn = server.last;
      await vi.advanceTimersByTimeAsync(30_000);
      expect(conn.sent(Cmd.HEARTBEAT_REQ)).toHaveLength(1);
      expect(conn.closed).toBeUndefined();

      // The server freezes: sockets stay open, nothing comes back.
      server.answerHeartbeats = false;
      await vi.advanceTimersByTimeAsync(30_000);
      expect(conn.sent(Cmd.HEARTBEAT_REQ)).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(2999);
      expect(conn.closed).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(conn.closed).toMatch(/no answer to a heartbeat for 3000 ms/);
      client.close();
    });

    it("uses the heartbeatMs option over the server's value", async () => {
      const server = new FakeServer();
      server.auth = { uid: "alice", heartbeatMs: 60_000 };
      const client = fakeClient(server, { heartbeatMs: 200 });
      await connected(client);
      await vi.advanceTimersByTimeAsync(1000);
      expect(server.last.sent(Cmd.HEARTBEAT_REQ)).toHaveLength(5);
      client.close();
      await vi.advanceTimersByTimeAsync(1000);
      expect(server.connections[0]!.sent(Cmd.HEARTBEAT_REQ)).toHaveLength(5);
    });
  });
});

describe("ImClient logout and close", () => {
  it("logout() ends the session on the server and does not reconnect", async () => {
    const server = new FakeServer();
    server.handle(Cmd.LOGOUT_REQ, (f, conn) => {
      conn.reply(f, Cmd.LOGOUT_RESP, {});
      conn.close("logged out");
    });
    const client = fakeClient(server);
    await client.connect();
    const disconnects = record(client, "disconnected");
    await client.logout();
    expect(server.last.sent(Cmd.LOGOUT_REQ)).toHaveLength(1);
    expect(client.state).toBe("closed");
    await new Promise((r) => setTimeout(r, 50));
    expect(server.connections).toHaveLength(1);
    expect(disconnects).toEqual([{ reason: "logged out", code: ClientErrorCode.CLOSED, willReconnect: false }]);
  });

  it("close() flushes pending acks, fails waiting requests, and can be followed by connect()", async () => {
    const server = new FakeServer();
    const client = fakeClient(server, { lastSeq: 0, ackDelayMs: 10_000 });
    await client.connect();
    const conn = server.last;
    conn.push(msg(1));
    await settle();
    const sending = client.sendText("bob", "hi").catch((e: unknown) => e);
    await conn.next(Cmd.C2C_SEND_REQ);
    client.close();
    expect(await sending).toMatchObject({ code: ClientErrorCode.CLOSED });
    await settle();
    expect(conn.body(conn.sent(Cmd.MSG_PUSH_ACK)[0] as Frame & { cmd: im.Cmd.MSG_PUSH_ACK }).seqs).toEqual([1]);
    expect(conn.closed).toBeDefined();
    expect(client.state).toBe("closed");

    await client.connect();
    expect(client.state).toBe("connected");
    expect(server.connections).toHaveLength(2);
    client.close();
  });

  it("close() during connect() rejects it", async () => {
    const server = new FakeServer();
    server.handle(Cmd.AUTH_REQ, () => {}); // never answers
    const client = fakeClient(server);
    const connecting = client.connect();
    await server.nextConnection();
    client.close();
    await expect(connecting).rejects.toMatchObject({ code: ClientErrorCode.CLOSED });
    await settle();
    expect(server.last.closed).toBeDefined();
  });
});
