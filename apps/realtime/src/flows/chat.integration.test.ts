import { im } from "@im/protocol";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestServer, type TestServer } from "../test-support/harness.ts";
import { RawClient } from "../test-support/raw-client.ts";

const C = im.Cmd;

let server: TestServer;
let counter = 0;

beforeAll(async () => {
  server = await startTestServer({ undeliveredMs: 300 });
});
afterAll(async () => {
  await server?.stop();
});

type Via = "tcp" | "ws";

async function login(uid: string, via: Via = "tcp", deviceType = 4, deviceId = `${uid}-${deviceType}`) {
  const c = via === "tcp" ? await RawClient.tcp(server.tcpPort) : await RawClient.ws(server.wsPort);
  const resp = await c.request(C.AUTH_REQ, { token: await server.token(uid), deviceType, deviceId });
  expect(resp.cmd).toBe(C.AUTH_RESP);
  return { c, auth: resp.decoded as im.IAuthResp };
}

const uid = (name: string) => `${name}-${++counter}`;

async function send(c: RawClient, toUid: string, content: string, clientMsgId = `cm-${++counter}`) {
  const f = await c.request(C.C2C_SEND_REQ, { toUid, clientMsgId, contentType: 1, content });
  expect(f.cmd, `status ${f.status}`).toBe(C.C2C_SEND_ACK);
  return f.decoded as im.ISendAck;
}

const pushes = (c: RawClient) =>
  c.frames.filter((f) => f.cmd === C.MSG_PUSH).map((f) => (f.decoded as im.IMsgPush).message!);

async function pullAll(c: RawClient, afterSeq = 0): Promise<im.IMessage[]> {
  const out: im.IMessage[] = [];
  let cursor = afterSeq;
  for (;;) {
    const f = await c.request(C.PULL_REQ, { afterSeq: cursor, limit: 50 });
    const page = f.decoded as im.IPullResp;
    out.push(...(page.messages ?? []));
    cursor = out.at(-1)?.seq ?? cursor;
    if (!page.hasMore) return out;
  }
}

describe("1:1 chat", () => {
  it.each<[Via, Via]>([
    ["tcp", "tcp"],
    ["ws", "ws"],
    ["tcp", "ws"],
    ["ws", "tcp"],
  ])("%s sender to %s receiver: ack after store, push with the receiver's seq", async (fromVia, toVia) => {
    const alice = uid("alice");
    const bob = uid("bob");
    const a = await login(alice, fromVia);
    const b = await login(bob, toVia);
    const ack = await send(a.c, bob, "hello bob");
    expect(ack.seq).toBe(1);
    expect(ack.msgId).toBeGreaterThan(0);
    expect(ack.duplicate).toBe(false);
    const push = await b.c.waitFor((f) => f.cmd === C.MSG_PUSH);
    const msg = (push.decoded as im.IMsgPush).message!;
    expect(msg).toMatchObject({
      msgId: ack.msgId,
      seq: 1,
      fromUid: alice,
      toId: bob,
      convId: alice,
      content: "hello bob",
    });
    b.c.send(C.MSG_PUSH_ACK, { seqs: [1] });
    const reply = await send(b.c, alice, "hi alice");
    expect(reply.seq).toBe(2); // bob's inbox: the received message, then his own
    const back = await a.c.waitFor((f) => f.cmd === C.MSG_PUSH);
    expect((back.decoded as im.IMsgPush).message).toMatchObject({ seq: 2, convId: bob, content: "hi alice" });
    await expect.poll(() => server.messages.isDelivered(bob, 1), { timeout: 3000 }).toBe(true);
    a.c.close();
    b.c.close();
  });

  it("an offline receiver gets everything on pull, in order, exactly once; a later device syncs the same timeline", async () => {
    const alice = uid("alice");
    const bob = uid("bob");
    const b0 = await login(bob);
    b0.c.close();
    await b0.c.waitClosed();
    const a = await login(alice);
    const sent: number[] = [];
    for (let i = 0; i < 7; i++) sent.push((await send(a.c, bob, `offline ${i}`)).msgId as number);

    const phone = await login(bob, "tcp", 1);
    expect(phone.auth.maxSeq).toBe(7);
    const timeline = await pullAll(phone.c);
    expect(timeline.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(timeline.map((m) => m.msgId)).toEqual(sent);
    expect(timeline.map((m) => m.content)).toEqual(sent.map((_, i) => `offline ${i}`));
    expect(pushes(phone.c)).toHaveLength(0);
    // The cursor acknowledges the page: the device's acked_seq is kept server-side.
    await pullAll(phone.c, 7);

    const web = await login(bob, "ws", 3);
    expect(web.auth.maxSeq).toBe(7);
    expect((await pullAll(web.c)).map((m) => m.msgId)).toEqual(sent);
    phone.c.close();
    const again = await login(bob, "tcp", 1);
    expect(again.auth.ackedSeq).toBe(7);
    for (const c of [a.c, web.c, again.c]) c.close();
  });

  it("the sender's other devices receive what it sends", async () => {
    const alice = uid("alice");
    const bob = uid("bob");
    await login(bob).then((x) => x.c.close());
    const desk = await login(alice, "tcp", 4);
    const web = await login(alice, "ws", 3);
    const ack = await send(desk.c, bob, "from my desk");
    const mirrored = await web.c.waitFor((f) => f.cmd === C.MSG_PUSH);
    expect((mirrored.decoded as im.IMsgPush).message).toMatchObject({ msgId: ack.msgId, seq: ack.seq, convId: bob });
    // A later message to alice is pushed to the desk after any push of the first one would have been.
    const b = await login(bob);
    const reply = await send(b.c, alice, "barrier");
    await desk.c.waitFor((f) => f.cmd === C.MSG_PUSH);
    expect(pushes(desk.c).map((m) => m.msgId)).toEqual([reply.msgId]); // the sending device has the ack, not a push
    b.c.close();
    desk.c.close();
    web.c.close();
  });

  it("a retry with the same client message id returns the original ack and stores nothing twice", async () => {
    const alice = uid("alice");
    const bob = uid("bob");
    const b = await login(bob);
    const a = await login(alice);
    const first = await send(a.c, bob, "only once", "same-id");
    const retry = await send(a.c, bob, "only once", "same-id");
    expect(retry).toMatchObject({ msgId: first.msgId, seq: first.seq, sentAt: first.sentAt, duplicate: true });
    expect(await pullAll(b.c)).toHaveLength(1);
    expect(await pullAll(a.c)).toHaveLength(1);
    // A later message reaches bob after any push of the retry would have.
    const barrier = await send(a.c, bob, "barrier");
    await b.c.waitFor((f) => f.cmd === C.MSG_PUSH && (f.decoded as im.IMsgPush).message!.msgId === barrier.msgId);
    expect(pushes(b.c).map((m) => m.msgId)).toEqual([first.msgId, barrier.msgId]);
    a.c.close();
    b.c.close();
  });

  it("a reused client message id with another body is a CONFLICT, never the old message's ack", async () => {
    const alice = uid("alice");
    const [bob, carol] = [uid("bob"), uid("carol")];
    const others = [await login(bob), await login(carol)]; // users exist once they have logged in
    const a = await login(alice);
    const first = await send(a.c, bob, "meet at 5", "reused-id");
    for (const req of [
      { toUid: bob, clientMsgId: "reused-id", contentType: 1, content: "meet at 6" },
      { toUid: carol, clientMsgId: "reused-id", contentType: 1, content: "meet at 5" },
    ]) {
      const r = await a.c.request(C.C2C_SEND_REQ, req);
      expect(r.cmd).toBe(C.ERROR);
      expect(r.status).toBe(im.ErrorCode.CONFLICT);
      expect((r.decoded as im.IErrorBody).message).toMatch(/client_msg_id "reused-id" was already used/);
    }
    const retry = await send(a.c, bob, "meet at 5", "reused-id");
    expect(retry).toMatchObject({ msgId: first.msgId, seq: first.seq, duplicate: true });
    expect((await pullAll(a.c)).map((m) => m.content)).toEqual(["meet at 5"]);
    expect(await pullAll(others[1]!.c)).toEqual([]);
    a.c.close();
    for (const o of others) o.c.close();
  });

  it("a push ack's acked_seq moves the device's cursor, never past the inbox head; seqs alone do not", async () => {
    const [alice, bob] = [uid("alice"), uid("bob")];
    const b = await login(bob);
    const a = await login(alice);
    for (let i = 1; i <= 3; i++) await send(a.c, bob, `m${i}`);
    await b.c.waitFor(() => pushes(b.c).length === 3);
    b.c.send(C.MSG_PUSH_ACK, { seqs: [1, 2, 3] }); // no acked_seq: delivered, cursor unchanged
    await expect.poll(() => server.messages.isDelivered(bob, 3)).toBe(true);
    expect(await server.storage.users.deviceCursor(bob, `${bob}-4`)).toBe(0);
    b.c.send(C.MSG_PUSH_ACK, { seqs: [], ackedSeq: 2 });
    await expect.poll(() => server.storage.users.deviceCursor(bob, `${bob}-4`)).toBe(2);
    b.c.send(C.MSG_PUSH_ACK, { ackedSeq: 1_000 }); // beyond the head: stops at 3
    await expect.poll(() => server.storage.users.deviceCursor(bob, `${bob}-4`)).toBe(3);
    b.c.close();
    const again = await login(bob);
    expect(again.auth).toMatchObject({ ackedSeq: 3, maxSeq: 3 });
    again.c.close();
    a.c.close();
  });

  it("emoji and 4-byte UTF-8 round-trip byte-exact", async () => {
    const alice = uid("alice");
    const bob = uid("bob");
    const b = await login(bob, "ws");
    const a = await login(alice, "tcp");
    const text = "👋🏽 family 👨‍👩‍👧‍👦 clef 𝄞 汉字 🇨🇳 e\u0301 \u{10FFFF}";
    await send(a.c, bob, text);
    const push = (await b.c.waitFor((f) => f.cmd === C.MSG_PUSH)).decoded as im.IMsgPush;
    expect(Buffer.from(push.message!.content!, "utf8").equals(Buffer.from(text, "utf8"))).toBe(true);
    const [stored] = await pullAll(b.c);
    expect(Buffer.from(stored!.content!, "utf8").toString("hex")).toBe(Buffer.from(text, "utf8").toString("hex"));
    a.c.close();
    b.c.close();
  });

  it("sending to oneself stores one entry and reaches one's other devices", async () => {
    const me = uid("me");
    const a = await login(me, "tcp", 4);
    const b = await login(me, "ws", 3);
    const ack = await send(a.c, me, "note to self");
    expect(ack.seq).toBe(1);
    const push = await b.c.waitFor((f) => f.cmd === C.MSG_PUSH);
    expect((push.decoded as im.IMsgPush).message).toMatchObject({ seq: 1, convId: me });
    expect(await pullAll(a.c)).toHaveLength(1);
    a.c.close();
    b.c.close();
  });
});

describe("sessions", () => {
  it("a second login with the same device type kicks the first; another device type coexists", async () => {
    const bob = uid("bob");
    const first = await login(bob, "tcp", 4, "laptop");
    const web = await login(bob, "ws", 3, "browser");
    const second = await login(bob, "ws", 4, "desktop-2");
    const kick = await first.c.waitFor((f) => f.cmd === C.KICKOUT);
    expect((kick.decoded as im.IKickout).reason).toBe(im.KickReason.OTHER_LOGIN);
    await first.c.waitClosed();
    expect(web.c.closed).toBe(false);
    expect(second.c.closed).toBe(false);
    // Both remaining devices still receive.
    const alice = uid("alice");
    const a = await login(alice);
    await send(a.c, bob, "still there?");
    await second.c.waitFor((f) => f.cmd === C.MSG_PUSH);
    await web.c.waitFor((f) => f.cmd === C.MSG_PUSH);
    expect(pushes(first.c)).toHaveLength(0);
    for (const c of [a.c, web.c, second.c]) c.close();
  });

  it("logins racing for the same slot leave exactly one session, and it keeps working", async () => {
    const bob = uid("bob");
    const logins = await Promise.all(Array.from({ length: 8 }, () => login(bob, "tcp", 2)));
    await vi.waitFor(() => expect(logins.filter((l) => l.c.closed).length).toBeGreaterThanOrEqual(7), {
      timeout: 5000,
    });
    await vi.waitFor(async () => expect(await server.presence.routes(bob)).toHaveLength(1));
    const alive = logins.filter((l) => !l.c.closed);
    expect(alive).toHaveLength(1);
    for (const l of logins.filter((x) => x.c.closed)) expect(l.c.frames.some((f) => f.cmd === C.KICKOUT)).toBe(true);
    expect((await alive[0]!.c.request(C.HEARTBEAT_REQ, {})).cmd).toBe(C.HEARTBEAT_RESP);
    for (const l of logins) l.c.close();
  });

  it("logout unbinds the session: no more pushes, requests need auth again", async () => {
    const bob = uid("bob");
    const alice = uid("alice");
    const b = await login(bob);
    const a = await login(alice);
    expect((await b.c.request(C.LOGOUT_REQ, {})).cmd).toBe(C.LOGOUT_RESP);
    await send(a.c, bob, "are you there");
    const denied = await b.c.request(C.PULL_REQ, { afterSeq: 0 });
    expect(denied.status).toBe(im.ErrorCode.NOT_AUTHENTICATED);
    expect(pushes(b.c)).toHaveLength(0);
    a.c.close();
    b.c.close();
  });

  it("heartbeats are answered with the server time", async () => {
    const { c } = await login(uid("hb"));
    const before = Date.now();
    const r = await c.request(C.HEARTBEAT_REQ, {});
    expect((r.decoded as im.IHeartbeatResp).serverTime).toBeGreaterThanOrEqual(before);
    c.close();
  });
});

describe("offline notification", () => {
  it("a message nobody acks goes to the push provider after the timeout; an acked one does not", async () => {
    const alice = uid("alice");
    const bob = uid("bob");
    const carol = uid("carol");
    const b = await login(bob);
    const c = await login(carol);
    const a = await login(alice);
    await send(a.c, bob, "bob never acks");
    await send(a.c, carol, "carol acks");
    const push = await c.c.waitFor((f) => f.cmd === C.MSG_PUSH);
    c.c.send(C.MSG_PUSH_ACK, { seqs: [(push.decoded as im.IMsgPush).message!.seq!] });
    await expect.poll(() => server.push.notifications.filter((n) => n.uid === bob).length, { timeout: 3000 }).toBe(1);
    // Timeouts fire in the order they were set: once a later unacked message is notified, carol's would have been.
    const dan = uid("dan");
    const d = await login(dan);
    await send(a.c, dan, "dan never acks");
    await expect.poll(() => server.push.notifications.filter((n) => n.uid === dan).length, { timeout: 3000 }).toBe(1);
    d.c.close();
    expect(server.push.notifications.filter((n) => n.uid === carol)).toHaveLength(0);
    expect(server.push.notifications.filter((n) => n.uid === alice)).toHaveLength(0);
    for (const x of [a.c, b.c, c.c]) x.close();
  });

  it("an offline receiver is notified at once", async () => {
    const alice = uid("alice");
    const dave = uid("dave");
    await login(dave).then((x) => x.c.close());
    const a = await login(alice);
    await send(a.c, dave, "wake up");
    await expect.poll(() => server.push.notifications.filter((n) => n.uid === dave).length, { timeout: 1000 }).toBe(1);
    expect(server.push.notifications.find((n) => n.uid === dave)?.message.content).toBe("wake up");
    a.c.close();
  });
});

describe("concurrency", () => {
  it("20 senders x 200 messages to one receiver: seq 1..4000 contiguous, each once; a concurrent puller skips nothing", async () => {
    const target = uid("target");
    const r = await login(target, "tcp", 1);
    const senders = await Promise.all(Array.from({ length: 20 }, (_, i) => login(uid(`s${i}`))));
    let done = false;
    const seen: number[] = [];
    const puller = (async () => {
      const p = await login(target, "ws", 3);
      let cursor = 0;
      while (!done || cursor < 4000) {
        const f = await p.c.request(C.PULL_REQ, { afterSeq: cursor, limit: 500 });
        const page = f.decoded as im.IPullResp;
        for (const m of page.messages ?? []) {
          expect(m.seq).toBe(cursor + 1);
          cursor = m.seq as number;
          seen.push(m.msgId as number);
        }
        if (!page.hasMore) await new Promise((res) => setTimeout(res, 5));
      }
      p.c.close();
    })();
    await Promise.all(
      senders.map(async (s, i) => {
        const inflight: Promise<unknown>[] = [];
        for (let n = 0; n < 200; n++) {
          inflight.push(
            s.c.request(C.C2C_SEND_REQ, { toUid: target, clientMsgId: `c${i}-${n}`, content: `${i}:${n}` }, 30_000),
          );
          if (inflight.length >= 10) await inflight.shift();
        }
        await Promise.all(inflight);
      }),
    );
    done = true;
    await puller;
    const timeline = await pullAll(r.c);
    expect(timeline).toHaveLength(4000);
    expect(timeline.map((m) => m.seq)).toEqual(Array.from({ length: 4000 }, (_, i) => i + 1));
    expect(new Set(timeline.map((m) => m.msgId)).size).toBe(4000);
    expect(seen).toEqual(timeline.map((m) => m.msgId));
    // Per sender, the order of sends is the order in the timeline.
    for (let i = 0; i < 20; i++) {
      const mine = timeline.filter((m) => m.content!.startsWith(`${i}:`)).map((m) => Number(m.content!.split(":")[1]));
      expect(mine).toEqual(Array.from({ length: 200 }, (_, n) => n));
    }
    r.c.close();
    for (const s of senders) s.c.close();
  });
});

describe("operations endpoints", () => {
  it("serves /healthz, /readyz and Prometheus /metrics beside the WebSocket listener", async () => {
    const base = `http://127.0.0.1:${server.wsPort}`;
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", node: "test-node" });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain("im_connections");
    expect(metrics).toMatch(/im_messages_in_total\{[^}]*kind="c2c"[^}]*\} \d+/);
  });

  it("publishes its message and push counters and the store p99 in the node registry", async () => {
    const own = async () => (await server.registry.list()).find((n) => n.nodeId === server.node.nodeId);
    const before = await own();
    const storedBefore = before?.msgsStored ?? 0;
    const pushedBefore = before?.pushesSent ?? 0;
    const alice = uid("alice");
    const bob = uid("bob");
    const a = await login(alice);
    const b = await login(bob);
    await send(a.c, bob, "counted");
    await b.c.waitFor((f) => f.cmd === C.MSG_PUSH);
    await expect
      .poll(async () => (await own())?.msgsStored ?? 0, { timeout: 5_000, interval: 100 })
      .toBeGreaterThan(storedBefore);
    const after = await own();
    expect(after?.pushesSent).toBeGreaterThan(pushedBefore);
    a.c.close();
    b.c.close();
  });
});
