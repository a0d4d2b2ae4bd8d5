import { im } from "@im/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../test-support/harness.ts";
import { RawClient } from "../test-support/raw-client.ts";

const C = im.Cmd;
const E = im.ErrorCode;
const Op = im.GroupReq.Op;

let server: TestServer;
const clients: RawClient[] = [];
let counter = 0;
const uniq = (name: string) => `${name}-${++counter}`;

beforeAll(async () => {
  server = await startTestServer({ undeliveredMs: 60_000 });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server?.stop();
});

async function login(uid: string, deviceType = 4): Promise<RawClient> {
  const c = await RawClient.tcp(server.tcpPort);
  clients.push(c);
  const r = await c.request(C.AUTH_REQ, {
    token: await server.token(uid),
    deviceType,
    deviceId: `${uid}-${deviceType}`,
  });
  expect(r.cmd, `auth status ${r.status}`).toBe(C.AUTH_RESP);
  return c;
}

async function group(c: RawClient, req: im.IGroupReq): Promise<im.IGroupResp> {
  const f = await c.request(C.GROUP_REQ, req);
  expect(f.cmd, `group op ${req.op} status ${f.status}`).toBe(C.GROUP_RESP);
  return f.decoded as im.IGroupResp;
}

async function groupError(c: RawClient, req: im.IGroupReq): Promise<number> {
  const f = await c.request(C.GROUP_REQ, req);
  expect(f.cmd).toBe(C.ERROR);
  return f.status;
}

let cm = 0;
async function sendGroup(c: RawClient, groupId: string, content: string) {
  return c.request(C.C2G_SEND_REQ, { groupId, clientMsgId: `g-${++cm}`, contentType: 1, content }, 30_000);
}

async function timeline(uid: string) {
  const out = [];
  for (let after = 0; ; ) {
    const page = await server.messages.pull(uid, after, 500);
    out.push(...page.messages);
    after = out.at(-1)?.seq ?? after;
    if (!page.hasMore) return out;
  }
}

describe("group chat", () => {
  it("a 500-member group: one message reaches every timeline exactly once; online members get the push", async () => {
    const owner = uniq("owner");
    const members = Array.from({ length: 499 }, (_, i) => uniq(`m${i}`));
    for (const uid of members) await server.storage.users.login({ uid, deviceId: "seed", deviceType: 1 });
    const o = await login(owner);
    const created = await group(o, { op: Op.CREATE, name: "five hundred", uids: members });
    const groupId = created.group!.id!;
    expect(created.members).toHaveLength(500);
    const online = await Promise.all(members.slice(0, 50).map((u) => login(u)));
    const ack = await sendGroup(o, groupId, "hello everyone 🎉");
    expect(ack.cmd, `status ${ack.status}`).toBe(C.C2G_SEND_ACK);
    const msgId = (ack.decoded as im.ISendAck).msgId;
    for (const c of online) {
      const push = await c.waitFor((f) => f.cmd === C.MSG_PUSH);
      expect((push.decoded as im.IMsgPush).message).toMatchObject({
        msgId,
        convType: im.ConvType.GROUP,
        convId: groupId,
      });
    }
    for (const uid of [owner, ...members]) {
      const t = await timeline(uid);
      expect(
        t.filter((m) => m.msgId === msgId),
        uid,
      ).toHaveLength(1);
      expect(t.map((m) => m.seq)).toEqual(t.map((_, i) => i + 1));
    }
  }, 120_000);

  it("10 members send concurrently while membership changes: no deadlock, no loss, contiguous seqs", async () => {
    const admin = uniq("admin");
    const senders = Array.from({ length: 10 }, (_, i) => uniq(`snd${i}`));
    const churn = Array.from({ length: 20 }, (_, i) => uniq(`churn${i}`));
    for (const uid of [...senders, ...churn])
      await server.storage.users.login({ uid, deviceId: "seed", deviceType: 1 });
    const a = await login(admin);
    const groupId = (await group(a, { op: Op.CREATE, name: "busy", uids: [...senders, ...churn.slice(0, 10)] })).group!
      .id!;
    const conns = await Promise.all(senders.map((u) => login(u)));
    const acked: number[] = [];
    let churning = true;
    const churner = (async () => {
      for (let i = 0; churning; i++) {
        const uid = churn[i % churn.length]!;
        const inGroup = (await group(a, { op: Op.GET, groupId })).members!.some((m) => m.uid === uid);
        await group(a, { op: inGroup ? Op.REMOVE_MEMBERS : Op.ADD_MEMBERS, groupId, uids: [uid] });
      }
    })();
    await Promise.all(
      conns.map(async (c, k) => {
        for (let n = 0; n < 30; n++) {
          const f = await sendGroup(c, groupId, `${k}:${n}`);
          expect(f.cmd, `status ${f.status}`).toBe(C.C2G_SEND_ACK);
          acked.push((f.decoded as im.ISendAck).msgId as number);
        }
      }),
    );
    churning = false;
    await churner;
    expect(acked).toHaveLength(300);
    for (const uid of [admin, ...senders, ...churn]) {
      const t = await timeline(uid);
      expect(
        t.map((m) => m.seq),
        uid,
      ).toEqual(t.map((_, i) => i + 1));
      const ids = t.map((m) => m.msgId);
      expect(new Set(ids).size).toBe(ids.length);
    }
    // Permanent members hold every message.
    for (const uid of [admin, ...senders]) {
      const ids = new Set((await timeline(uid)).map((m) => m.msgId));
      for (const id of acked) expect(ids.has(id)).toBe(true);
    }
  }, 120_000);

  it("non-members, muted and removed members, and non-admins get clear errors; nothing is stored", async () => {
    const owner = uniq("own");
    const alice = uniq("alice");
    const bob = uniq("bob");
    const eve = uniq("eve");
    for (const uid of [alice, bob, eve]) await server.storage.users.login({ uid, deviceId: "seed", deviceType: 1 });
    const o = await login(owner);
    const groupId = (await group(o, { op: Op.CREATE, name: "rules", uids: [alice, bob] })).group!.id!;
    const a = await login(alice);
    const b = await login(bob);
    const e = await login(eve);
    expect((await sendGroup(e, groupId, "let me in")).status).toBe(E.NOT_GROUP_MEMBER);
    expect(await groupError(a, { op: Op.RENAME, groupId, name: "mine now" })).toBe(E.FORBIDDEN);
    expect(await groupError(a, { op: Op.REMOVE_MEMBERS, groupId, uids: [bob] })).toBe(E.FORBIDDEN);
    expect(await groupError(e, { op: Op.ADD_MEMBERS, groupId, uids: [eve] })).toBe(E.NOT_GROUP_MEMBER);
    await group(o, { op: Op.MUTE_MEMBER, groupId, uids: [alice], mutedUntil: Date.now() + 60_000 });
    expect((await sendGroup(a, groupId, "am I muted?")).status).toBe(E.MUTED);
    await group(o, { op: Op.MUTE_ALL, groupId, muted: true });
    expect((await sendGroup(b, groupId, "quiet please")).status).toBe(E.MUTED);
    expect((await sendGroup(o, groupId, "owners may speak")).cmd).toBe(C.C2G_SEND_ACK);
    await group(o, { op: Op.MUTE_ALL, groupId, muted: false });
    await group(o, { op: Op.REMOVE_MEMBERS, groupId, uids: [bob] });
    expect((await sendGroup(b, groupId, "still here?")).status).toBe(E.NOT_GROUP_MEMBER);
    expect(await groupError(o, { op: Op.GET, groupId: "no-such-group" })).toBe(E.NOT_FOUND);
    // Only the owner's message was stored; bob's and eve's timelines hold nothing from the group after removal.
    expect((await timeline(eve)).length).toBe(0);
    expect((await timeline(owner)).map((m) => m.content)).toEqual(["owners may speak"]);
    expect((await timeline(bob)).map((m) => m.content)).toEqual(["owners may speak"]);
  }, 60_000);
});
