import net from "node:net";
import { im } from "@im/protocol";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { Membership } from "./membership.ts";
import { startTestServer, type TestServer } from "./test-support/harness.ts";
import { RawClient } from "./test-support/raw-client.ts";

const C = im.Cmd;
const PEER = { tcp: "10.9.9.9:7100", ws: "ws://10.9.9.9:7101/ws" };

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ nodeTtlMs: 300, drainMs: 20_000 });
  const now = Date.now();
  await server.registry.announce(
    { nodeId: "peer", ...PEER, connections: 0, cpu: 0, draining: false, startedAt: now, updatedAt: now },
    60_000,
  );
  // The node learns its peers from the registry on its own schedule.
  const membership = (server.node as unknown as { membership: Membership }).membership;
  await vi.waitFor(() => expect(membership.peers().map((p) => p.nodeId)).toEqual(["peer"]), { timeout: 5000 });
});
afterAll(async () => {
  await server?.stop();
});

it("a draining node tells each client to reconnect to a peer on its transport, refuses newcomers and waits for them", async () => {
  const tcp = await RawClient.tcp(server.tcpPort);
  const ws = await RawClient.ws(server.wsPort);
  for (const [c, uid] of [
    [tcp, "drain-tcp"],
    [ws, "drain-ws"],
  ] as const)
    expect((await c.request(C.AUTH_REQ, { token: await server.token(uid), deviceType: 4, deviceId: uid })).cmd).toBe(
      C.AUTH_RESP,
    );

  let closed = false;
  const closing = server.node.close().then(() => {
    closed = true;
  });
  const ctrl = async (c: RawClient) =>
    (await c.waitFor((f) => f.cmd === C.CTRL)).decoded as { type: number; endpoints: string[]; delayMs: number };
  expect(await ctrl(tcp)).toMatchObject({ type: im.Ctrl.Type.RECONNECT, endpoints: [`tcp://${PEER.tcp}`] });
  expect(await ctrl(ws)).toMatchObject({ type: im.Ctrl.Type.RECONNECT, endpoints: [PEER.ws] });
  expect((await ctrl(tcp)).delayMs).toBeGreaterThan(0);

  // The registry marks it draining, so gateways leave it out of endpoint lists.
  await vi.waitFor(async () =>
    expect((await server.registry.list()).find((n) => n.nodeId === "test-node")?.draining).toBe(true),
  );
  // No newcomer gets in.
  const refused = await new Promise<string>((resolve) => {
    const s = net.connect(server.tcpPort, "127.0.0.1");
    s.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? "error"));
    s.once("connect", () => {
      s.destroy();
      resolve("connected");
    });
  });
  expect(refused).toBe("ECONNREFUSED");

  // The clients are left to move on their own; the drain ends once they have.
  expect(closed).toBe(false);
  expect([tcp.closed, ws.closed]).toEqual([false, false]);
  tcp.close();
  ws.close();
  await closing;
}, 30_000);
