import { Cmd, ErrorCode, type Frame } from "@im/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ImClient } from "./client.ts";
import type { ClientState } from "./client-state.ts";
import { ClientErrorCode } from "./errors.ts";
import { FakeServer } from "./testing/fake-server.ts";
import { fakeClient, msg, record } from "./testing/fixtures.ts";
import { GroupOp, KickReason } from "./types.ts";

/** The states the client was in at each lifecycle event, without repeats. */
function states(client: ImClient): ClientState[] {
  const seen: ClientState[] = [client.state];
  const note = () => {
    if (seen.at(-1) !== client.state) seen.push(client.state);
  };
  for (const event of ["connected", "disconnected", "reconnecting", "kickout"] as const) client.on(event, note);
  return seen;
}

// Every exit path must leave no timer behind: vi.getTimerCount() counts what
// the client armed (the fake server works on microtasks, never timers).
describe("ImClient exit paths", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  async function connectedClient(server: FakeServer, options: Parameters<typeof fakeClient>[1] = {}) {
    server.auth = { uid: "alice", heartbeatMs: 1000 };
    const client = fakeClient(server, { ackDelayMs: 5000, ...options });
    const connecting = client.connect();
    await vi.advanceTimersByTimeAsync(0);
    await connecting;
    return client;
  }

  it("a kickout stops heartbeats, pending acks and requests, and no reconnect is ever attempted", async () => {
    const server = new FakeServer();
    const client = await connectedClient(server);
    const seen = states(client);
    server.last.push(msg(1)); // arms the ack flush
    const pending = client.group({ op: GroupOp.LIST_MINE }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBeGreaterThanOrEqual(3); // heartbeat, watchdog, ack flush, request
    server.last.kickout(KickReason.OTHER_LOGIN, "elsewhere");
    server.last.close("replaced");
    await vi.advanceTimersByTimeAsync(0);
    expect(await pending).toMatchObject({ code: ClientErrorCode.KICKED });
    expect(client.state).toBe("kicked");
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.connections).toHaveLength(1);
    expect(seen).toEqual(["connected", "kicked"]);

    // Only the application starts it again.
    const again = client.connect();
    await vi.advanceTimersByTimeAsync(0);
    await again;
    expect(client.state).toBe("connected");
    client.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("close() in backoff cancels the reconnect timer", async () => {
    const server = new FakeServer();
    const client = await connectedClient(server, { reconnect: { minDelayMs: 5000, maxDelayMs: 5000 } });
    const seen = states(client);
    server.last.close("network gone");
    await vi.advanceTimersByTimeAsync(0);
    expect(client.state).toBe("backoff");
    expect(vi.getTimerCount()).toBe(1);
    client.close();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.connections).toHaveLength(1);
    expect(seen).toEqual(["connected", "backoff", "closed"]);
  });

  it("close() while a reconnect attempt authenticates cancels its timeouts and abandons it", async () => {
    const server = new FakeServer();
    const client = await connectedClient(server);
    server.handle(Cmd.AUTH_REQ, () => {}); // the next node never answers
    server.last.close("node restarting");
    await vi.advanceTimersByTimeAsync(40); // past the backoff
    expect(client.state).toBe("reconnecting");
    expect(server.connections).toHaveLength(2);
    const waiting = client.sendText("bob", "queued").catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    client.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(await waiting).toMatchObject({ code: ClientErrorCode.CLOSED });
    await vi.advanceTimersByTimeAsync(0);
    expect(server.connections[1]!.closed).toBeDefined();
    expect(client.state).toBe("closed");
  });

  it("close() wakes a send paused by RATE_LIMITED at once", async () => {
    const server = new FakeServer();
    server.handle(Cmd.C2C_SEND_REQ, (f, conn) => conn.error(f, ErrorCode.RATE_LIMITED, "slow down", 60_000));
    const client = await connectedClient(server);
    const sending = client.sendText("bob", "hi").catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    client.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(await sending).toMatchObject({ code: ClientErrorCode.CLOSED });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("logout() passes through loggingOut, refuses new requests meanwhile, and ends with no timer", async () => {
    const server = new FakeServer();
    const client = await connectedClient(server);
    const out = client.logout();
    expect(client.state).toBe("loggingOut");
    await expect(client.conversations()).rejects.toMatchObject({ code: ClientErrorCode.CLOSED });
    await expect(client.connect()).rejects.toMatchObject({ code: ClientErrorCode.CLOSED });
    await vi.advanceTimersByTimeAsync(0);
    const logout = server.last.sent(Cmd.LOGOUT_REQ)[0] as Frame;
    server.last.reply(logout, Cmd.LOGOUT_RESP, {});
    server.last.close("logged out");
    await vi.advanceTimersByTimeAsync(0);
    await out;
    expect(client.state).toBe("closed");
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.connections).toHaveLength(1);
  });

  it("a drop with reconnect disabled rests in idle, keeping only the unsent acks for the next connection", async () => {
    const server = new FakeServer();
    const client = await connectedClient(server, { reconnect: { enabled: false } });
    server.last.close("gone");
    await vi.advanceTimersByTimeAsync(0);
    expect(client.state).toBe("idle");
    expect(vi.getTimerCount()).toBe(0);

    client.ack(7); // by hand while down: kept, flushed after the next connect
    const connecting = client.connect();
    await vi.advanceTimersByTimeAsync(0);
    await connecting;
    await vi.advanceTimersByTimeAsync(0);
    expect(server.last.requests(Cmd.MSG_PUSH_ACK)).toEqual([{ seqs: [7] }]);
    client.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a first connect() that finds no endpoint rests in idle with no timer", async () => {
    const server = new FakeServer();
    server.down.add("tcp://node-a:7100");
    const client = fakeClient(server);
    const errors = record(client, "error");
    const connecting = client.connect().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    expect(await connecting).toMatchObject({ code: ClientErrorCode.CONNECT_FAILED });
    expect(client.state).toBe("idle");
    expect(vi.getTimerCount()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("a refused token while reconnecting closes the client for good", async () => {
    const server = new FakeServer();
    const client = await connectedClient(server);
    const seen = states(client);
    server.authError = { code: ErrorCode.TOKEN_EXPIRED, message: "expired" };
    server.last.close();
    await vi.advanceTimersByTimeAsync(1000);
    expect(client.state).toBe("closed");
    expect(seen).toEqual(["connected", "backoff", "closed"]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
