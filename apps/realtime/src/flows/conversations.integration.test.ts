import { im } from "@im/protocol";
import { expect, it } from "vitest";
import type { RawClient } from "../test-support/raw-client.ts";
import { useTestServer } from "../test-support/use-test-server.ts";

const C = im.Cmd;
const CT = im.ConvType;

const file = useTestServer({ undeliveredMs: 60_000 });
const login = (uid: string, deviceType: number, via: "tcp" | "ws") => file.login(uid, { deviceType, via });

const rand = (n: number) => Math.floor(Math.random() * n);
const key = (convType: number, convId: string) => `${convType}:${convId}`;

it("unread counts, read syncs and receipts match a model of the run's own sends and reads (two devices per user)", async () => {
  const users = ["u-ann", "u-ben", "u-cat", "u-dan"];
  const devices = new Map<string, RawClient[]>();
  for (const u of users) devices.set(u, [await login(u, 4, "tcp"), await login(u, 3, "ws")]);
  const created = await devices.get("u-ann")![0]!.request(C.GROUP_REQ, {
    op: im.GroupReq.Op.CREATE,
    name: "team",
    uids: users.slice(1),
  });
  const groupId = (created.decoded as im.IGroupResp).group!.id!;

  // The test's own log: every read each user made, per conversation.
  const reads = new Map<string, Map<string, number>>(users.map((u) => [u, new Map()]));
  // What each device has seen per conversation (from acks and pushes): the seqs it may mark read.
  const seen = (c: RawClient, own: Map<string, number>) => {
    for (const f of c.frames)
      if (f.cmd === C.MSG_PUSH) {
        const m = (f.decoded as im.IMsgPush).message!;
        const k = key(m.convType!, m.convId!);
        own.set(k, Math.max(own.get(k) ?? 0, m.seq as number));
      }
    return own;
  };
  const ownAcks = new Map<string, Map<string, number>>(users.map((u) => [u, new Map()]));
  let n = 0;

  const worker = async () => {
    for (let i = 0; i < 40; i++) {
      const u = users[rand(users.length)]!;
      const dev = devices.get(u)![rand(2)]!;
      if (Math.random() < 0.6) {
        const toGroup = Math.random() < 0.4;
        const peer = users.filter((x) => x !== u)[rand(3)]!;
        const f = toGroup
          ? await dev.request(C.C2G_SEND_REQ, { groupId, clientMsgId: `c${++n}`, content: `g${n}` })
          : await dev.request(C.C2C_SEND_REQ, { toUid: peer, clientMsgId: `c${++n}`, content: `p${n}` });
        expect(f.cmd, `status ${f.status}`).toBe(toGroup ? C.C2G_SEND_ACK : C.C2C_SEND_ACK);
        const k = toGroup ? key(CT.GROUP, groupId) : key(CT.C2C, peer);
        const acks = ownAcks.get(u)!;
        acks.set(k, Math.max(acks.get(k) ?? 0, (f.decoded as im.ISendAck).seq as number));
      } else {
        const known = seen(dev, new Map(ownAcks.get(u)!));
        const convs = [...known.entries()];
        if (convs.length === 0) continue;
        const [k, maxSeq] = convs[rand(convs.length)]!;
        const [type, convId] = [Number(k.split(":")[0]), k.slice(k.indexOf(":") + 1)];
        const readSeq = 1 + rand(maxSeq);
        const f = await dev.request(C.CONV_READ_REQ, { convType: type, convId, readSeq });
        expect(f.cmd, `status ${f.status}`).toBe(C.CONV_READ_RESP);
        const r = reads.get(u)!;
        r.set(k, Math.max(r.get(k) ?? 0, readSeq));
      }
      await new Promise((res) => setTimeout(res, rand(5)));
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  await new Promise((r) => setTimeout(r, 300));

  let receiptsChecked = 0;
  for (const u of users) {
    // The model: the user's timeline from the store, the reads from the log.
    const entries: { k: string; seq: number; fromSelf: boolean; msgId: number }[] = [];
    for (let after = 0; ; ) {
      const page = await file.server.messages.pull(u, after, 500);
      for (const m of page.messages)
        entries.push({ k: key(m.convType, m.convId), seq: m.seq, fromSelf: m.fromUid === u, msgId: m.msgId });
      after = page.messages.at(-1)?.seq ?? after;
      if (!page.hasMore) break;
    }
    const model = new Map<string, { unread: number; readSeq: number; lastSeq: number }>();
    for (const e of entries) {
      const readSeq = reads.get(u)!.get(e.k) ?? 0;
      const m = model.get(e.k) ?? { unread: 0, readSeq, lastSeq: 0 };
      if (e.seq > readSeq && !e.fromSelf) m.unread++;
      m.lastSeq = Math.max(m.lastSeq, e.seq);
      model.set(e.k, m);
    }
    const list = (await devices.get(u)![0]!.request(C.CONV_LIST_REQ, { limit: 100 })).decoded as im.IConvListResp;
    const got = new Map(
      (list.conversations ?? []).map((c) => [
        key(c.convType!, c.convId!),
        { unread: c.unread ?? 0, readSeq: Number(c.readSeq ?? 0), lastSeq: Number(c.lastSeq) },
      ]),
    );
    expect(got, u).toEqual(model);
    // Ordered by last activity, newest first.
    const lastAts = (list.conversations ?? []).map((c) => Number(c.lastAt));
    expect(lastAts).toEqual([...lastAts].sort((a, b) => b - a));

    // Every receipt a device got maps onto that device's own timeline: same message at that seq.
    for (const dev of devices.get(u)!)
      for (const f of dev.frames.filter((x) => x.cmd === C.READ_RECEIPT)) {
        const r = f.decoded as im.IReadReceipt;
        expect(entries.find((e) => e.seq === Number(r.seq))?.msgId).toBe(Number(r.msgId));
        receiptsChecked++;
      }
  }
  // The loop above proves nothing if no receipt arrived at all.
  expect(receiptsChecked).toBeGreaterThan(0);

  // A read on one device reaches the user's other device as CONV_SYNC.
  const [annTcp, annWs] = devices.get("u-ann")!;
  const f = await devices
    .get("u-ben")![0]!
    .request(C.C2C_SEND_REQ, { toUid: "u-ann", clientMsgId: "sync-1", content: "read me" });
  await annTcp!.waitFor((x) => x.cmd === C.MSG_PUSH && (x.decoded as im.IMsgPush).message!.clientMsgId === "sync-1");
  const push = annTcp!.frames.find(
    (x) => x.cmd === C.MSG_PUSH && (x.decoded as im.IMsgPush).message!.clientMsgId === "sync-1",
  )!;
  const seq = (push.decoded as im.IMsgPush).message!.seq!;
  expect(f.cmd).toBe(C.C2C_SEND_ACK);
  await annTcp!.request(C.CONV_READ_REQ, { convType: CT.C2C, convId: "u-ben", readSeq: seq });
  const sync = await annWs!.waitFor(
    (x) => x.cmd === C.CONV_SYNC && Number((x.decoded as im.IConvSync).readSeq) === seq,
  );
  expect(sync.decoded as im.IConvSync).toMatchObject({ convId: "u-ben", unread: 0 });
  const receipt = await devices
    .get("u-ben")![1]!
    .waitFor(
      (x) =>
        x.cmd === C.READ_RECEIPT &&
        Number((x.decoded as im.IReadReceipt).msgId) === Number((f.decoded as im.ISendAck).msgId),
    );
  expect(receipt.decoded).toMatchObject({ readerUid: "u-ann", convId: "u-ann", seq: (f.decoded as im.ISendAck).seq });

  // Group read count: how many members (other than the sender) read a group message.
  const g = await devices
    .get("u-cat")![0]!
    .request(C.C2G_SEND_REQ, { groupId, clientMsgId: "rc-1", content: "who read this?" });
  const msgId = (g.decoded as im.ISendAck).msgId;
  const before = (await devices.get("u-cat")![0]!.request(C.GROUP_READ_COUNT_REQ, { groupId, msgId }))
    .decoded as im.IGroupReadCountResp;
  expect(before).toMatchObject({ total: 3 });
  expect(before.read ?? 0).toBe(0);
  const readers = ["u-ann", "u-dan"];
  for (const u of readers) {
    const dev = devices.get(u)![0]!;
    const p = await dev.waitFor(
      (x) => x.cmd === C.MSG_PUSH && (x.decoded as im.IMsgPush).message!.clientMsgId === "rc-1",
    );
    await dev.request(C.CONV_READ_REQ, {
      convType: CT.GROUP,
      convId: groupId,
      readSeq: (p.decoded as im.IMsgPush).message!.seq,
    });
  }
  const after = (await devices.get("u-cat")![1]!.request(C.GROUP_READ_COUNT_REQ, { groupId, msgId }))
    .decoded as im.IGroupReadCountResp;
  expect(after).toMatchObject({ read: 2, total: 3 });
}, 120_000);
