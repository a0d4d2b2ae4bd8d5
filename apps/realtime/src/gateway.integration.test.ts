import { im } from "@im/protocol";
import { type ChatMessage, ImClient } from "@im/sdk";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { TEST_SECRET, type TestServer } from "./test-support/harness.ts";
import { type NodeWithGateway, startNodeWithGateway } from "./test-support/node-with-gateway.ts";
import { RawClient } from "./test-support/raw-client.ts";

const C = im.Cmd;
let stack: NodeWithGateway;
let server: TestServer;
let gateway: FastifyInstance;
let key: string;
const clients: ImClient[] = [];

beforeAll(async () => {
  stack = await startNodeWithGateway();
  ({ server, gateway } = stack);
  key = await stack.businessLineKey({ id: "shop", name: "Shop" });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await stack?.stop();
});

const post = (url: string, payload: unknown) =>
  gateway.inject({ method: "POST", url, payload: payload as object, headers: { authorization: `Bearer ${key}` } });

it("sendMsg reaches an online SDK client over TCP and an offline one on pull; the idempotency key sends nothing twice", async () => {
  const online = new ImClient({
    endpoints: [{ transport: "tcp", host: "127.0.0.1", port: server.tcpPort }],
    getToken: () => server.token("shopper-on"),
    deviceType: 2,
    deviceId: "phone",
  });
  clients.push(online);
  const got: ChatMessage[] = [];
  online.on("message", (m) => got.push(m));
  await online.connect();
  await server.storage.users.login({ uid: "shopper-off", deviceId: "old-phone", deviceType: 1 });

  const body = {
    toUids: ["shopper-on", "shopper-off"],
    contentType: 1,
    content: "sale starts now 🛍️",
    idempotencyKey: "promo-1",
  };
  const first = await post("/v1/messages", body);
  expect(first.statusCode, first.body).toBe(200);
  const again = await post("/v1/messages", body);
  expect(again.json()).toMatchObject({ msgId: first.json().msgId, duplicate: true });

  await expect.poll(() => got.map((m) => m.content)).toEqual(["sale starts now 🛍️"]);
  expect(got[0]).toMatchObject({ convType: 3, convId: "shop", fromUid: "shop" });
  // A later message arrives after any duplicate push of the first would have.
  const later = await post("/v1/messages", {
    ...body,
    toUids: ["shopper-on"],
    content: "barrier",
    idempotencyKey: "promo-2",
  });
  expect(later.statusCode, later.body).toBe(200);
  await expect.poll(() => got.length).toBeGreaterThanOrEqual(2);
  expect(got.map((m) => m.content)).toEqual(["sale starts now 🛍️", "barrier"]);

  const offline = await server.messages.pull("shopper-off", 0, 10);
  expect(offline.messages.map((m) => [m.content, m.msgId])).toEqual([["sale starts now 🛍️", first.json().msgId]]);
});

it("kickout over REST closes the user's session with the kickout frame", async () => {
  const c = await RawClient.login(server.tcpPort, TEST_SECRET, "rule-breaker", 3);
  const r = await post("/v1/users/rule-breaker/kickout", { reason: "terms of service" });
  expect(r.statusCode, r.body).toBe(200);
  expect(r.json()).toMatchObject({ kicked: 1 });
  const kick = await c.waitFor((f) => f.cmd === C.KICKOUT);
  expect(kick.decoded).toMatchObject({ reason: im.KickReason.ADMIN, message: "terms of service" });
  await c.waitClosed();
});
