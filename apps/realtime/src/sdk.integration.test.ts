import { type ChatMessage, ImClient, type ImClientOptions } from "@im/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./test-support/harness.ts";

let server: TestServer;
const clients: ImClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server?.stop();
});

async function client(uid: string, via: "tcp" | "ws", extra: Partial<ImClientOptions> = {}) {
  const c = new ImClient({
    endpoints: [
      via === "tcp"
        ? { transport: "tcp", host: "127.0.0.1", port: server.tcpPort }
        : { transport: "ws", url: `ws://127.0.0.1:${server.wsPort}/ws` },
    ],
    getToken: () => server.token(uid),
    deviceType: via === "tcp" ? 2 : 3,
    deviceId: `${uid}-${via}`,
    ...extra,
  });
  clients.push(c);
  const received: ChatMessage[] = [];
  c.on("message", (m) => {
    if (m.fromUid !== uid) received.push(m);
  });
  await c.connect();
  return { c, received };
}

describe("SDK against the real server", () => {
  it("two users chat over TCP and WebSocket through the SDK", async () => {
    const alice = await client("sdk-alice", "tcp");
    const bob = await client("sdk-bob", "ws");
    const ack = await alice.c.sendText("sdk-bob", "hi bob 🙂");
    expect(ack.msgId).toBeGreaterThan(0);
    await expect.poll(() => bob.received.map((m) => m.content)).toEqual(["hi bob 🙂"]);
    await bob.c.sendText("sdk-alice", "hi alice");
    await expect.poll(() => alice.received.map((m) => m.content)).toEqual(["hi alice"]);
    expect(bob.received[0]).toMatchObject({ msgId: ack.msgId, fromUid: "sdk-alice", convId: "sdk-alice" });
  });

  it("a client that was offline catches up from its saved cursor, exactly once and in order", async () => {
    const carol = await client("sdk-carol", "ws");
    await carol.c.sendText("sdk-carol", "seed");
    const cursor = carol.c.lastSeq;
    carol.c.close();
    const dave = await client("sdk-dave", "tcp");
    for (let i = 0; i < 5; i++) await dave.c.sendText("sdk-carol", `missed ${i}`);
    const back = await client("sdk-carol", "ws", { lastSeq: cursor });
    await expect.poll(() => back.received.map((m) => m.content)).toEqual([0, 1, 2, 3, 4].map((i) => `missed ${i}`));
    expect(back.received.map((m) => m.seq)).toEqual([2, 3, 4, 5, 6]);
    // A message sent now arrives after any duplicate of the caught-up ones would have.
    await dave.c.sendText("sdk-carol", "live");
    await expect.poll(() => back.received.length).toBeGreaterThanOrEqual(6);
    expect(back.received.map((m) => m.seq)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it("a device that only received pushes is not sent them again after a restart", async () => {
    const frank = await client("sdk-frank", "tcp");
    const gus = await client("sdk-gus", "ws");
    for (let i = 0; i < 3; i++) await gus.c.sendText("sdk-frank", `pushed ${i}`);
    await expect.poll(() => frank.received.map((m) => m.content)).toEqual(["pushed 0", "pushed 1", "pushed 2"]);
    // The push acknowledgements move the device's cursor on the server.
    await expect
      .poll(() => server.storage.users.deviceCursor("sdk-frank", "sdk-frank-tcp"), { timeout: 5_000 })
      .toBe(3);
    frank.c.close();
    // The app restarts with no saved cursor: it starts from the server's and gets nothing twice.
    const again = await client("sdk-frank", "tcp");
    expect(again.c.lastSeq).toBe(3);
    await again.c.sync();
    expect(again.received).toEqual([]);
    const page = await again.c.pull(again.c.lastSeq);
    expect(page.messages).toEqual([]);
    // A new message still comes through, once.
    await gus.c.sendText("sdk-frank", "after the restart");
    await expect.poll(() => again.received.map((m) => [m.seq, m.content])).toEqual([[4, "after the restart"]]);
  });

  it("a same-type login elsewhere kicks the SDK session, which then stays down", async () => {
    const first = await client("sdk-erin", "tcp");
    const kicked = new Promise((resolve) => first.c.on("kickout", resolve));
    await client("sdk-erin", "tcp", { deviceId: "another-phone" });
    expect(await kicked).toMatchObject({ reason: 1 });
    await new Promise((r) => setTimeout(r, 200));
    expect(first.c.state).toBe("kicked");
  });

  it("groups, conversation list, read sync across devices and read receipts through the SDK", async () => {
    const owner = await client("sdk-gina", "tcp");
    const member = await client("sdk-hal", "tcp");
    const memberWeb = await client("sdk-hal", "ws");
    const created = await owner.c.group({ op: 1, name: "sdk crew", uids: ["sdk-hal"] });
    const groupId = created.group!.id;
    expect(created.members.map((m) => m.uid).sort()).toEqual(["sdk-gina", "sdk-hal"]);
    const ack = await owner.c.sendGroup({ groupId, content: "crew, assemble" });
    await expect.poll(() => member.received.map((m) => m.content)).toContain("crew, assemble");
    const inGroup = member.received.find((m) => m.msgId === ack.msgId)!;
    expect(inGroup).toMatchObject({ convType: 2, convId: groupId });

    const list = await member.c.conversations();
    expect(list.conversations.find((c) => c.convId === groupId)).toMatchObject({ unread: 1 });
    const syncs: number[] = [];
    memberWeb.c.on("convSync", (e) => syncs.push(e.readSeq));
    const read = await member.c.markRead(2, groupId, inGroup.seq);
    expect(read).toMatchObject({ readSeq: inGroup.seq });
    await expect.poll(() => syncs).toEqual([inGroup.seq]);
    expect(await owner.c.groupReadCount(groupId, ack.msgId)).toMatchObject({ read: 1, total: 1 });

    const receipts: number[] = [];
    owner.c.on("readReceipt", (e) => receipts.push(e.msgId));
    const dm = await owner.c.sendText("sdk-hal", "did you see this?");
    await expect.poll(() => member.received.some((m) => m.msgId === dm.msgId)).toBe(true);
    const dmSeq = member.received.find((m) => m.msgId === dm.msgId)!.seq;
    await member.c.markRead(1, "sdk-gina", dmSeq);
    await expect.poll(() => receipts).toEqual([dm.msgId]);
    expect(await owner.c.orgTree()).toEqual({ units: [], members: [] });
  });
});
