import { encodeFrame, encodeMessage, im } from "@im/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./test-support/harness.ts";
import { RawClient } from "./test-support/raw-client.ts";

const C = im.Cmd;
const E = im.ErrorCode;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ authTimeoutMs: 300, maxConnections: 50 });
});
afterAll(async () => {
  await server?.stop();
});

async function authed(uid: string, via: "tcp" | "ws" = "tcp"): Promise<RawClient> {
  const c = via === "tcp" ? await RawClient.tcp(server.tcpPort) : await RawClient.ws(server.wsPort);
  const resp = await c.request(C.AUTH_REQ, { token: await server.token(uid), deviceType: 4, deviceId: `dev-${uid}` });
  expect(resp.cmd).toBe(C.AUTH_RESP);
  return c;
}

function headerWith(patch: (b: Buffer) => void): Buffer {
  const frame = Buffer.from(encodeMessage(C.HEARTBEAT_REQ, 7, {}));
  patch(frame);
  return frame;
}

async function expectFatal(client: RawClient, bytes: Buffer, code: number): Promise<void> {
  client.sendRaw(bytes);
  const err = await client.waitFor((f) => f.cmd === C.ERROR);
  expect(err.status).toBe(code);
  expect((err.decoded as im.IErrorBody).code).toBe(code);
  await client.waitClosed();
}

describe("malformed frames", () => {
  it.each([
    ["bad magic", headerWith((b) => b.writeUInt16BE(0x1234, 4)), E.BAD_MAGIC],
    ["bad version", headerWith((b) => b.writeUInt8(9, 6)), E.BAD_VERSION],
    ["length shorter than the header", headerWith((b) => b.writeUInt32BE(10, 0)), E.BAD_LENGTH],
    ["oversized frame", headerWith((b) => b.writeUInt32BE(10 * 1024 * 1024, 0)), E.FRAME_TOO_LARGE],
    ["unknown flag bits", headerWith((b) => b.writeUInt8(0x80, 7)), E.BAD_FLAGS],
    ["reserved not zero", headerWith((b) => b.writeUInt32BE(1, 16)), E.BAD_RESERVED],
  ])("%s over TCP: error frame, then close; other connections keep working", async (_name, bytes, code) => {
    const bystander = await authed(`bystander-${code}`);
    const bad = await RawClient.tcp(server.tcpPort);
    await expectFatal(bad, bytes, code);
    const hb = await bystander.request(C.HEARTBEAT_REQ, {});
    expect(hb.cmd).toBe(C.HEARTBEAT_RESP);
    bystander.close();
  });

  it("a WebSocket message that is not exactly one frame is refused", async () => {
    const ws = await RawClient.ws(server.wsPort);
    const frame = encodeMessage(C.HEARTBEAT_REQ, 1, {});
    await expectFatal(ws, Buffer.concat([frame, frame]), E.BAD_LENGTH);
  });

  it("a WebSocket message far over the frame limit gets FRAME_TOO_LARGE before the close", async () => {
    const ws = await RawClient.ws(server.wsPort);
    const huge = Buffer.alloc(1024 * 1024);
    huge.set(encodeMessage(C.HEARTBEAT_REQ, 1, {}));
    huge.writeUInt32BE(huge.length, 0);
    await expectFatal(ws, huge, E.FRAME_TOO_LARGE);
    expect(ws.closeCode).toBe(4104);
  });

  it("garbage body and unknown cmd get an error and the connection stays usable", async () => {
    const c = await RawClient.tcp(server.tcpPort);
    c.sendRaw(encodeFrame(C.AUTH_REQ, 41, Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f])));
    const bad = await c.waitFor((f) => f.seq === 41);
    expect(bad).toMatchObject({ cmd: C.ERROR, status: E.BAD_BODY });
    c.sendRaw(encodeFrame(999, 42, Buffer.alloc(0)));
    expect(await c.waitFor((f) => f.seq === 42)).toMatchObject({ cmd: C.ERROR, status: E.UNKNOWN_CMD });
    // A server-to-client command sent by a client is refused the same way.
    c.sendRaw(encodeMessage(C.MSG_PUSH, 43, {}));
    expect(await c.waitFor((f) => f.seq === 43)).toMatchObject({ cmd: C.ERROR, status: E.UNKNOWN_CMD });
    const ok = await c.request(C.AUTH_REQ, {
      token: await server.token("after-garbage"),
      deviceType: 3,
      deviceId: "d",
    });
    expect(ok.cmd).toBe(C.AUTH_RESP);
    expect(c.closed).toBe(false);
    c.close();
  });

  it("a frame split into single bytes is still understood", async () => {
    const c = await RawClient.tcp(server.tcpPort);
    const frame = encodeMessage(C.AUTH_REQ, 5, { token: await server.token("bytewise"), deviceType: 1, deviceId: "x" });
    for (const byte of frame) {
      c.sendRaw(Buffer.from([byte]));
      await new Promise((r) => setImmediate(r));
    }
    expect((await c.waitFor((f) => f.seq === 5)).cmd).toBe(C.AUTH_RESP);
    c.close();
  });
});

describe("session rules", () => {
  it("commands before auth are refused with NOT_AUTHENTICATED", async () => {
    const c = await RawClient.tcp(server.tcpPort);
    const r = await c.request(C.C2C_SEND_REQ, { toUid: "bob", clientMsgId: "m1", content: "hi" });
    expect(r).toMatchObject({ cmd: C.ERROR, status: E.NOT_AUTHENTICATED });
    const p = await c.request(C.PULL_REQ, { afterSeq: 0 });
    expect(p.status).toBe(E.NOT_AUTHENTICATED);
    c.close();
  });

  it("bad, tampered and expired tokens are refused with distinct codes", async () => {
    const c = await RawClient.tcp(server.tcpPort);
    const garbage = await c.request(C.AUTH_REQ, { token: "not-a-token", deviceType: 1, deviceId: "d" });
    expect(garbage.status).toBe(E.TOKEN_INVALID);
    const good = await server.token("mallory");
    const tampered = `${good.slice(0, -3)}AAA`;
    expect((await c.request(C.AUTH_REQ, { token: tampered, deviceType: 1, deviceId: "d" })).status).toBe(
      E.TOKEN_INVALID,
    );
    const { mintToken } = await import("@im/auth");
    const expired = await mintToken({ secret: "test-secret-for-realtime-suite", uid: "old", ttlSeconds: -60 });
    expect((await c.request(C.AUTH_REQ, { token: expired, deviceType: 1, deviceId: "d" })).status).toBe(
      E.TOKEN_EXPIRED,
    );
    const noDevice = await c.request(C.AUTH_REQ, { token: good, deviceType: 0, deviceId: "d" });
    expect(noDevice.status).toBe(E.INVALID_ARGUMENT);
    c.close();
  });

  it("a connection that never authenticates is closed with AUTH_TIMEOUT", async () => {
    const c = await RawClient.tcp(server.tcpPort);
    const err = await c.waitFor((f) => f.cmd === C.ERROR, 3000);
    expect(err.status).toBe(E.AUTH_TIMEOUT);
    await c.waitClosed();
  });

  it("sending to an unknown user, oversized content and NUL content get clear errors and store nothing", async () => {
    const c = await authed("sender-x");
    const unknown = await c.request(C.C2C_SEND_REQ, { toUid: "nobody-ever", clientMsgId: "a", content: "hi" });
    expect(unknown.status).toBe(E.USER_NOT_FOUND);
    await authed("receiver-x");
    const big = await c.request(C.C2C_SEND_REQ, { toUid: "receiver-x", clientMsgId: "b", content: "x".repeat(17_000) });
    expect(big.status).toBe(E.CONTENT_TOO_LARGE);
    const nul = await c.request(C.C2C_SEND_REQ, { toUid: "receiver-x", clientMsgId: "c", content: "a\u0000b" });
    expect(nul.status).toBe(E.INVALID_ARGUMENT);
    const noId = await c.request(C.C2C_SEND_REQ, { toUid: "receiver-x", clientMsgId: "", content: "hi" });
    expect(noId.status).toBe(E.INVALID_ARGUMENT);
    const pull = await c.request(C.PULL_REQ, { afterSeq: 0 });
    expect((pull.decoded as im.IPullResp).messages ?? []).toHaveLength(0);
    c.close();
  });
});

describe("identifiers", () => {
  it("path-like and blank ids get INVALID_ARGUMENT naming the field, and nothing is stored", async () => {
    const c = await authed("sender-ids");
    for (const toUid of ["..", "a/b", "../../admin/me", "   ", " padded", "a\\b"]) {
      const f = await c.request(C.C2C_SEND_REQ, { toUid, clientMsgId: `id-${toUid}`, contentType: 1, content: "hi" });
      expect(f.cmd, toUid).toBe(C.ERROR);
      expect(f.status, toUid).toBe(E.INVALID_ARGUMENT);
      expect((f.decoded as im.IErrorBody).message, toUid).toMatch(/^to_uid /);
    }
    const group = await c.request(C.GROUP_REQ, { op: 1, groupId: "../g", name: "Team" });
    expect(group.status).toBe(E.INVALID_ARGUMENT);
    expect((group.decoded as im.IErrorBody).message).toMatch(/^group_id /);
    const blankName = await c.request(C.GROUP_REQ, { op: 1, name: " \t " });
    expect(blankName.status).toBe(E.INVALID_ARGUMENT);
    expect((blankName.decoded as im.IErrorBody).message).toMatch(/^name /);
    const pull = await c.request(C.PULL_REQ, { afterSeq: 0 });
    expect((pull.decoded as im.IPullResp).messages ?? []).toHaveLength(0);
    const mine = await c.request(C.GROUP_REQ, { op: 12 });
    expect((mine.decoded as im.IGroupResp).groups ?? []).toHaveLength(0);
    c.close();

    const d = await RawClient.tcp(server.tcpPort);
    const token = await server.token("device-ids");
    const badDevice = await d.request(C.AUTH_REQ, { token, deviceType: 4, deviceId: "../dev" });
    expect(badDevice.status).toBe(E.INVALID_ARGUMENT);
    expect((badDevice.decoded as im.IErrorBody).message).toMatch(/^device_id /);
    d.close();
  });
});

describe("limits", () => {
  it("a connection over its frame rate gets RATE_LIMITED with a retry hint", async () => {
    const limited = await startTestServer({ ratePerSec: 5, rateBurst: 5 });
    try {
      const c = await RawClient.tcp(limited.tcpPort);
      await c.request(C.AUTH_REQ, { token: await limited.token("chatty"), deviceType: 1, deviceId: "d" });
      const seqs = Array.from({ length: 10 }, () => c.send(C.HEARTBEAT_REQ, {}));
      const last = await c.waitFor((f) => f.seq === seqs[9]);
      expect(last.status).toBe(E.RATE_LIMITED);
      expect((last.decoded as im.IErrorBody).retryAfterMs).toBeGreaterThan(0);
      c.close();
    } finally {
      await limited.stop();
    }
  });

  it("connections beyond the limit are refused with TOO_MANY_CONNECTIONS", async () => {
    const small = await startTestServer({ maxConnections: 2 });
    try {
      const a = await RawClient.tcp(small.tcpPort);
      const b = await RawClient.ws(small.wsPort);
      const c = await RawClient.tcp(small.tcpPort);
      const err = await c.waitFor((f) => f.cmd === C.ERROR);
      expect(err.status).toBe(E.TOO_MANY_CONNECTIONS);
      await c.waitClosed();
      expect(a.closed || b.closed).toBe(false);
      a.close();
      b.close();
    } finally {
      await small.stop();
    }
  });

  it("silent connections are closed after the idle timeout", async () => {
    const idle = await startTestServer({ idleTimeoutMs: 400 });
    try {
      const c = await RawClient.tcp(idle.tcpPort);
      await c.request(C.AUTH_REQ, { token: await idle.token("sleepy"), deviceType: 1, deviceId: "d" });
      const err = await c.waitFor((f) => f.cmd === C.ERROR, 3000);
      expect(err.status).toBe(E.IDLE_TIMEOUT);
      await c.waitClosed();
    } finally {
      await idle.stop();
    }
  });
});
