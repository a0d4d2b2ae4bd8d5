import { im } from "@im/protocol";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { NodeOptions } from "../node.ts";
import { startTestServer, type TestServer } from "../test-support/harness.ts";
import { RawClient } from "../test-support/raw-client.ts";

const C = im.Cmd;
const E = im.ErrorCode;
let counter = 0;
const uid = (name: string) => `${name}-${++counter}`;

async function auth(server: TestServer, c: RawClient, user: string, deviceType = 4, tokenType?: number) {
  return c.request(C.AUTH_REQ, {
    token: await server.token(user, tokenType),
    deviceType,
    deviceId: `${user}-${deviceType}-${++counter}`,
  });
}

async function online(server: TestServer, user: string, deviceType: number) {
  const c = await RawClient.tcp(server.tcpPort);
  expect((await auth(server, c, user, deviceType)).cmd).toBe(C.AUTH_RESP);
  return c;
}

const kicked = (c: RawClient) => c.waitFor((f) => f.cmd === C.KICKOUT);

describe("login rules", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("a token bound to one device type is refused for another, and accepted for its own", async () => {
    const user = uid("bound");
    const c = await RawClient.tcp(server.tcpPort);
    const refused = await auth(server, c, user, 4, 1);
    expect(refused).toMatchObject({ cmd: C.ERROR, status: E.TOKEN_INVALID });
    const ok = await auth(server, c, user, 1, 1);
    expect(ok.cmd).toBe(C.AUTH_RESP);
    c.close();
  });

  it("a second AUTH_REQ on an authenticated connection gets ALREADY_AUTHENTICATED and keeps the session", async () => {
    const user = uid("twice");
    const c = await online(server, user, 4);
    const again = await auth(server, c, uid("other"), 4);
    expect(again).toMatchObject({ cmd: C.ERROR, status: E.ALREADY_AUTHENTICATED });
    expect(c.closed).toBe(false);
    expect((await c.request(C.HEARTBEAT_REQ, {})).cmd).toBe(C.HEARTBEAT_RESP);
    expect((await server.presence.routes(user)).length).toBe(1);
    c.close();
  });

  it("a backend failing during login answers UNAVAILABLE with a retry hint; the retry succeeds", async () => {
    const user = uid("outage");
    vi.spyOn(server.storage.users, "login").mockRejectedValueOnce(new Error("connection terminated"));
    const c = await RawClient.tcp(server.tcpPort);
    const failed = await auth(server, c, user, 4);
    expect(failed).toMatchObject({ cmd: C.ERROR, status: E.UNAVAILABLE });
    expect((failed.decoded as im.IErrorBody).retryAfterMs).toBeGreaterThan(0);
    expect(await server.presence.routes(user)).toEqual([]);
    expect((await auth(server, c, user, 4)).cmd).toBe(C.AUTH_RESP);
    c.close();
  });
});

describe.each<[NodeOptions["kickoutPolicy"], string]>([
  ["single", "one session per user, whatever the device type"],
  ["unlimited", "every login coexists"],
])("kickout policy %s: %s", (policy) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ kickoutPolicy: policy });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("end to end over real sessions", async () => {
    const user = uid(policy);
    const phone = await online(server, user, 1);
    const web = await online(server, user, 4);
    const web2 = await online(server, user, 4);
    if (policy === "single") {
      await kicked(phone);
      await kicked(web);
      await phone.waitClosed();
      await web.waitClosed();
      await vi.waitFor(async () => expect((await server.presence.routes(user)).length).toBe(1));
      expect(web2.closed).toBe(false);
    } else {
      // Every session answers a request after all three logins, so none of them was kicked.
      for (const c of [phone, web, web2]) expect((await c.request(C.HEARTBEAT_REQ, {})).cmd).toBe(C.HEARTBEAT_RESP);
      expect((await server.presence.routes(user)).length).toBe(3);
      for (const c of [phone, web, web2]) expect(c.frames.some((f) => f.cmd === C.KICKOUT)).toBe(false);
    }
    for (const c of [phone, web, web2]) c.close();
  });
});
