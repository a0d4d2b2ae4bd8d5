import { im } from "@im/protocol";
import { expect, it } from "vitest";
import type { RawClient } from "./test-support/raw-client.ts";
import { useTestServer } from "./test-support/use-test-server.ts";

// The rules proto/README.md states for edge cases a client author asks about
// (sections 4.2, 5.3, 5.11, 5.12, 5.13), checked over the wire.

const C = im.Cmd;
const E = im.ErrorCode;
const Op = im.GroupReq.Op;

const file = useTestServer({ undeliveredMs: 60_000 });
const login = (uid: string) => file.login(uid, { deviceId: `${uid}-desk` });

it("before login, a command clients never send is UNKNOWN_CMD and a client command is NOT_AUTHENTICATED", async () => {
  const c = await file.connect();
  expect(await c.request(C.CONV_SYNC, {})).toMatchObject({ cmd: C.ERROR, status: E.UNKNOWN_CMD });
  expect(await c.request(C.HEARTBEAT_REQ, {})).toMatchObject({ cmd: C.ERROR, status: E.NOT_AUTHENTICATED });
  expect(await c.request(C.GROUP_REQ, { op: Op.LIST_MINE })).toMatchObject({
    cmd: C.ERROR,
    status: E.NOT_AUTHENTICATED,
  });
});

it("a message with empty content is stored and delivered; one's own messages are never unread", async () => {
  const alice = await login("rules-alice");
  const bob = await login("rules-bob");
  const ack = await alice.request(C.C2C_SEND_REQ, { toUid: "rules-bob", clientMsgId: "e1", contentType: 7 });
  expect(ack.cmd).toBe(C.C2C_SEND_ACK);
  const push = await bob.waitFor((f) => f.cmd === C.MSG_PUSH);
  expect((push.decoded as im.IMsgPush).message).toMatchObject({ content: "", contentType: 7, fromUid: "rules-alice" });

  const unreadOf = async (c: RawClient, convId: string) => {
    const list = (await c.request(C.CONV_LIST_REQ, {})).decoded as im.IConvListResp;
    return list.conversations?.find((x) => x.convId === convId)?.unread ?? -1;
  };
  expect(await unreadOf(alice, "rules-bob")).toBe(0);
  expect(await unreadOf(bob, "rules-alice")).toBe(1);
});

it("re-adding a group member succeeds and changes nothing; read counts count the recipients, not the sender", async () => {
  const owner = await login("rules-owner");
  const member = await login("rules-m1");
  await login("rules-m2");
  const created = await owner.request(C.GROUP_REQ, { op: Op.CREATE, name: "rules", uids: ["rules-m1", "rules-m2"] });
  const group = (created.decoded as im.IGroupResp).group!;
  expect(
    await owner.request(C.GROUP_REQ, { op: Op.SET_ROLE, groupId: group.id, uids: ["rules-m1"], role: 1 }),
  ).toMatchObject({ cmd: C.GROUP_RESP });

  const again = await owner.request(C.GROUP_REQ, { op: Op.ADD_MEMBERS, groupId: group.id, uids: ["rules-m1"] });
  expect(again.cmd).toBe(C.GROUP_RESP);
  const members = (again.decoded as im.IGroupResp).members!;
  expect(members.map((m) => [m.uid, m.role])).toEqual([
    ["rules-owner", 2],
    ["rules-m1", 1],
    ["rules-m2", 0],
  ]);

  const sent = await owner.request(C.C2G_SEND_REQ, { groupId: group.id, clientMsgId: "g1", content: "hi" });
  const msgId = (sent.decoded as im.ISendAck).msgId;
  const count = async () =>
    (await member.request(C.GROUP_READ_COUNT_REQ, { groupId: group.id, msgId })).decoded as im.IGroupReadCountResp;
  expect(await count()).toMatchObject({ total: 2 });
  expect((await count()).read ?? 0).toBe(0);
  const pushed = await member.waitFor((f) => f.cmd === C.MSG_PUSH);
  const seq = (pushed.decoded as im.IMsgPush).message!.seq;
  await member.request(C.CONV_READ_REQ, { convType: im.ConvType.GROUP, convId: group.id, readSeq: seq });
  expect(await count()).toMatchObject({ read: 1, total: 2 });
});
