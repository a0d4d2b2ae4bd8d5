import { im } from "@im/protocol";
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
let cookie: string;
const clients: RawClient[] = [];

beforeAll(async () => {
  stack = await startNodeWithGateway();
  ({ server, gateway } = stack);
  key = await stack.businessLineKey({ id: "news", name: "News" });
  ({ cookie } = await stack.signIn({ username: "tracer", password: "follow every message", role: "viewer" }));
});

afterAll(async () => {
  for (const c of clients) c.close();
  await stack?.stop();
});

async function trace(query: string) {
  const res = await gateway.inject({
    method: "GET",
    url: `/admin/messages/trace?${query}`,
    cookies: { im_admin_session: cookie },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

it("traces a message to an online device as pushed and acked, and to offline users with the reason", async () => {
  const online = await RawClient.login(server.tcpPort, TEST_SECRET, "reader", 2);
  clients.push(online);
  // Offline users known from an earlier login: one device with a push token, one without.
  await server.storage.users.login({ uid: "away", deviceId: "away-phone", deviceType: 1 });
  await server.pool.query("UPDATE devices SET push_token = 'apns-token' WHERE uid = 'away'");
  await server.storage.users.login({ uid: "tokenless", deviceId: "old-tablet", deviceType: 5 });

  const sent = await gateway.inject({
    method: "POST",
    url: "/v1/messages",
    headers: { authorization: `Bearer ${key}` },
    payload: { toUids: ["reader", "away", "tokenless"], contentType: 1, content: "edition 42", idempotencyKey: "e42" },
  });
  expect(sent.statusCode, sent.body).toBe(200);
  const { msgId } = sent.json();
  const push = await online.waitFor((f) => f.cmd === C.MSG_PUSH);
  const seq = (push.decoded as im.IMsgPush).message?.seq ?? 0;
  online.send(C.MSG_PUSH_ACK, { seqs: [seq] });

  await expect
    .poll(
      async () => {
        const t = await trace(`msgId=${msgId}`);
        return t.recipients.map((r: { uid: string; reason: string | null }) => [r.uid, r.reason]);
      },
      { timeout: 5_000 },
    )
    .toEqual([
      ["away", "offline"],
      ["reader", null],
      ["tokenless", "no-push-token"],
    ]);
  const t = await trace(`senderId=news&clientMsgId=e42`);
  expect(t.message).toMatchObject({ msgId, convType: 3, content: null });
  expect(t.recipientsTotal).toBe(3);
  const [away, reader, tokenless] = t.recipients;
  expect(reader).toMatchObject({ uid: "reader", inboxSeq: seq, delivered: true, offlinePush: null });
  expect(reader.devices).toEqual([
    {
      deviceId: "reader-2",
      deviceType: 2,
      nodeId: "test-node",
      pushedAt: expect.any(Number),
      pushAckedAt: expect.any(Number),
      hasPushToken: false,
      offlinePush: null,
    },
  ]);
  expect(reader.devices[0].pushAckedAt).toBeGreaterThanOrEqual(reader.devices[0].pushedAt);
  expect(away).toMatchObject({
    delivered: false,
    offlinePush: { provider: "memory", result: "queued" },
    devices: [{ deviceId: "away-phone", pushedAt: null, hasPushToken: true, offlinePush: { provider: "memory" } }],
  });
  expect(tokenless.devices).toMatchObject([{ deviceId: "old-tablet", hasPushToken: false, offlinePush: null }]);

  const stranger = await trace(`msgId=${msgId}&uid=passer-by`);
  expect(stranger.recipients).toEqual([
    {
      uid: "passer-by",
      inboxSeq: null,
      storedAt: null,
      devices: [],
      offlinePush: null,
      deliveredAt: null,
      delivered: false,
      read: false,
      reason: "not-a-recipient",
    },
  ]);
  const one = await trace(`msgId=${msgId}&uid=reader`);
  expect(one.recipients.map((r: { uid: string }) => r.uid)).toEqual(["reader"]);
});

it("traces a pushed message nobody acknowledged as not-acked, and refuses an ambiguous key", async () => {
  const silent = await RawClient.login(server.tcpPort, TEST_SECRET, "silent", 3);
  clients.push(silent);
  const sent = await gateway.inject({
    method: "POST",
    url: "/v1/messages",
    headers: { authorization: `Bearer ${key}` },
    payload: { toUids: ["silent"], contentType: 1, content: "ping", idempotencyKey: "ping-1" },
  });
  const { msgId } = sent.json();
  await silent.waitFor((f) => f.cmd === C.MSG_PUSH);
  await expect
    .poll(async () => (await trace(`msgId=${msgId}`)).recipients[0]?.reason, { timeout: 5_000 })
    .toBe("not-acked");
  const bad = await gateway.inject({
    method: "GET",
    url: `/admin/messages/trace?msgId=${msgId}&senderId=news`,
    cookies: { im_admin_session: cookie },
  });
  expect(bad.statusCode).toBe(400);
  const missing = await gateway.inject({
    method: "GET",
    url: "/admin/messages/trace?msgId=999999999",
    cookies: { im_admin_session: cookie },
  });
  expect(missing.statusCode).toBe(404);
});
