import { OutboxDispatcher, OutboxStatus, PgOutboxStore } from "@im/outbox";
import { im } from "@im/protocol";
import { verifyWebhookSignature } from "@im/push";
import { startTestHttpServer, type TestHttpServer } from "@im/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../test-support/harness.ts";
import { RawClient } from "../test-support/raw-client.ts";

const C = im.Cmd;
const SECRET = "crm-c2s-secret";

let server: TestServer;
let pool: pg.Pool;
let outbox: PgOutboxStore;
let dispatcher: OutboxDispatcher;
let receiver: TestHttpServer;
const accepted: string[] = [];

beforeAll(async () => {
  receiver = await startTestHttpServer((req, res) => {
    const ok = verifyWebhookSignature(
      SECRET,
      req.headers["x-im-timestamp"] as string,
      req.body,
      req.headers["x-im-signature"] as string,
      60,
    );
    if (ok) accepted.push(req.body);
    res.writeHead(ok ? 200 : 401).end();
  });
  server = await startTestServer(
    {},
    {
      outbox: (url) => {
        pool = new pg.Pool({ connectionString: url, max: 4 });
        pool.on("error", () => {});
        outbox = new PgOutboxStore(pool, { onEnqueued: () => dispatcher?.nudge() });
        dispatcher = new OutboxDispatcher({ store: outbox, pollMs: 20, baseDelayMs: 20, maxDelayMs: 100 });
        return outbox;
      },
    },
  );
  await pool.query("INSERT INTO business_lines (id, name, webhook_url, webhook_secret) VALUES ($1, $1, $2, $3)", [
    "crm",
    receiver.url,
    SECRET,
  ]);
  dispatcher.start();
});
afterAll(async () => {
  await dispatcher?.stop();
  await outbox?.close();
  await pool?.end();
  await server?.stop();
  await receiver?.close();
});

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function login(uid: string): Promise<RawClient> {
  const c = await RawClient.tcp(server.tcpPort);
  const resp = await c.request(C.AUTH_REQ, { token: await server.token(uid), deviceType: 1, deviceId: `${uid}-1` });
  expect(resp.cmd).toBe(C.AUTH_RESP);
  return c;
}

describe("c2s over TCP", () => {
  it("acks after the outbox commit, dedupes a retry, and delivers to the business webhook", async () => {
    const c = await login("alice");
    try {
      const req = { businessId: "crm", clientMsgId: "order-1", contentType: 3, content: '{"order":"42 🍕"}' };
      const first = await c.request(C.C2S_SEND_REQ, req);
      expect(first.cmd, `status ${first.status}`).toBe(C.C2S_SEND_ACK);
      const ack = first.decoded as im.IC2SSendAck;
      expect(ack).toMatchObject({ clientMsgId: "order-1", duplicate: false });
      expect(ack.eventId).toMatch(/^c2s_/);

      const retry = await c.request(C.C2S_SEND_REQ, req);
      expect(retry.cmd).toBe(C.C2S_SEND_ACK);
      expect(retry.decoded).toMatchObject({ eventId: ack.eventId, clientMsgId: "order-1", duplicate: true });
      // The same client_msg_id with another body is a conflict, not the old event's ack.
      const altered = await c.request(C.C2S_SEND_REQ, { ...req, content: '{"order":"43"}' });
      expect(altered.cmd).toBe(C.ERROR);
      expect(altered.status).toBe(im.ErrorCode.CONFLICT);

      await eventually(() => accepted.length > 0);
      expect(accepted.map((b) => JSON.parse(b))).toEqual([
        expect.objectContaining({
          eventId: ack.eventId,
          kind: "c2s",
          businessId: "crm",
          fromUid: "alice",
          clientMsgId: "order-1",
          contentType: 3,
          content: '{"order":"42 🍕"}',
        }),
      ]);
      const [event] = await outbox.listEvents({ businessId: "crm" });
      expect(event).toMatchObject({ eventId: ack.eventId, payload: { deviceType: 1 } });
      await eventually(
        async () => (await outbox.listEvents({ businessId: "crm" }))[0]?.status === OutboxStatus.DELIVERED,
      );
    } finally {
      c.close();
    }
  });

  it("answers NOT_FOUND for an unknown business line and INVALID_ARGUMENT for bad input", async () => {
    const c = await login("bob");
    try {
      const unknown = await c.request(C.C2S_SEND_REQ, { businessId: "nope", clientMsgId: "x1", content: "hi" });
      expect(unknown.status).toBe(im.ErrorCode.NOT_FOUND);
      const noId = await c.request(C.C2S_SEND_REQ, { businessId: "crm", clientMsgId: "", content: "hi" });
      expect(noId.status).toBe(im.ErrorCode.INVALID_ARGUMENT);
      const nul = await c.request(C.C2S_SEND_REQ, { businessId: "crm", clientMsgId: "x2", content: "a\u0000b" });
      expect(nul.status).toBe(im.ErrorCode.INVALID_ARGUMENT);
      const big = await c.request(C.C2S_SEND_REQ, {
        businessId: "crm",
        clientMsgId: "x3",
        content: "x".repeat(17_000),
      });
      expect(big.status).toBe(im.ErrorCode.CONTENT_TOO_LARGE);
      // The connection stays usable.
      const ok = await c.request(C.C2S_SEND_REQ, { businessId: "crm", clientMsgId: "x4", content: "hi" });
      expect(ok.cmd).toBe(C.C2S_SEND_ACK);
    } finally {
      c.close();
    }
  });

  it("refuses a message to a line with no target instead of acking a message that can only die", async () => {
    await pool.query("INSERT INTO business_lines (id, name, stream) VALUES ('silent', 'silent', false)");
    const c = await login("dora");
    try {
      const r = await c.request(C.C2S_SEND_REQ, { businessId: "silent", clientMsgId: "s1", content: "anyone?" });
      expect(r.cmd).toBe(C.ERROR);
      expect(r.status).toBe(im.ErrorCode.NOT_FOUND);
      expect((r.decoded as im.IErrorBody).message).toBe(
        "business line silent takes no c2s messages: it has no webhook and no stream",
      );
      expect(await outbox.listEvents({ businessId: "silent" })).toEqual([]);
      // Once the line has a target, the same message goes through.
      await pool.query("UPDATE business_lines SET stream = true WHERE id = 'silent'");
      const ok = await c.request(C.C2S_SEND_REQ, { businessId: "silent", clientMsgId: "s1", content: "anyone?" });
      expect(ok.cmd).toBe(C.C2S_SEND_ACK);
    } finally {
      c.close();
    }
  });

  it("answers UNAVAILABLE when the node has no outbox", async () => {
    const bare = await startTestServer();
    const c = await RawClient.login(bare.tcpPort, "test-secret-for-realtime-suite", "carol");
    try {
      const r = await c.request(C.C2S_SEND_REQ, { businessId: "crm", clientMsgId: "y1", content: "hi" });
      expect(r.status).toBe(im.ErrorCode.UNAVAILABLE);
    } finally {
      c.close();
      await bare.stop();
    }
  });
});

describe("c2s over WebSocket", () => {
  it("acks after the outbox commit and delivers to the webhook, as over TCP", async () => {
    const c = await RawClient.ws(server.wsPort);
    try {
      const auth = await c.request(C.AUTH_REQ, { token: await server.token("wendy"), deviceType: 4, deviceId: "web" });
      expect(auth.cmd).toBe(C.AUTH_RESP);
      const r = await c.request(C.C2S_SEND_REQ, { businessId: "crm", clientMsgId: "ws-1", content: "from the web 🌐" });
      expect(r.cmd, `status ${r.status}`).toBe(C.C2S_SEND_ACK);
      const ack = r.decoded as im.IC2SSendAck;
      expect(ack).toMatchObject({ clientMsgId: "ws-1", duplicate: false });
      const mine = () => accepted.map((b) => JSON.parse(b)).filter((e) => e.eventId === ack.eventId);
      await eventually(() => mine().length > 0);
      expect(mine()).toEqual([
        expect.objectContaining({ kind: "c2s", businessId: "crm", fromUid: "wendy", content: "from the web 🌐" }),
      ]);
    } finally {
      c.close();
    }
  });
});
