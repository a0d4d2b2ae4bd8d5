import { Cmd, ErrorCode, type Frame, type im } from "@im/protocol";
import { describe, expect, it, vi } from "vitest";
import { MemoryQueueStorage, type QueuedMessage, SendQueue } from "./send-queue.ts";
import { type FakeConnection, FakeServer } from "./testing/fake-server.ts";
import { fakeClient, msg } from "./testing/fixtures.ts";
import { ConvType } from "./types.ts";

type SendFrame = Frame & { cmd: im.Cmd.C2C_SEND_REQ | im.Cmd.C2G_SEND_REQ };

/** A server that stores each clientMsgId once, like the real one, and records what it stored. */
function storingServer() {
  const server = new FakeServer();
  const stored: { clientMsgId: string; content: string; to: string }[] = [];
  const answer = (frame: Frame, conn: FakeConnection) => {
    const req = conn.body(frame as SendFrame) as im.IC2CSendReq & im.IC2GSendReq;
    let index = stored.findIndex((s) => s.clientMsgId === req.clientMsgId);
    const duplicate = index >= 0;
    if (!duplicate)
      index = stored.push({ clientMsgId: req.clientMsgId!, content: req.content!, to: req.toUid || req.groupId! }) - 1;
    const ackCmd = frame.cmd === Cmd.C2G_SEND_REQ ? Cmd.C2G_SEND_ACK : Cmd.C2C_SEND_ACK;
    conn.reply(frame, ackCmd, {
      msgId: 100 + index,
      seq: 0,
      sentAt: Date.now(),
      clientMsgId: req.clientMsgId,
      duplicate,
    });
  };
  server.handle(Cmd.C2C_SEND_REQ, answer).handle(Cmd.C2G_SEND_REQ, answer);
  return { server, stored };
}

describe("SendQueue", () => {
  it("sends queued messages in order, each once, and empties the storage", async () => {
    const { server, stored } = storingServer();
    const client = fakeClient(server);
    await client.connect();
    const storage = new MemoryQueueStorage();
    const queue = new SendQueue(client, storage);
    await queue.start();
    const sent: string[] = [];
    queue.on("sent", ({ message }) => sent.push(message.content));
    await queue.send(ConvType.C2C, "bob", "one");
    await queue.send(ConvType.GROUP, "g1", "two");
    await queue.send(ConvType.C2C, "bob", "three");
    await vi.waitFor(() => expect(sent).toEqual(["one", "two", "three"]));
    expect(stored.map((s) => `${s.to}:${s.content}`)).toEqual(["bob:one", "g1:two", "bob:three"]);
    expect(queue.pending).toEqual([]);
    expect(await storage.load()).toEqual([]);
    client.close();
  });

  it("keeps messages while the connection is down and sends them once after reconnecting", async () => {
    const { server, stored } = storingServer();
    const client = fakeClient(server, { maxSendAttempts: 1, requestTimeoutMs: 50 });
    await client.connect();
    const queue = new SendQueue(client, new MemoryQueueStorage());
    await queue.start();
    server.down.add("tcp://node-a:7100");
    server.last.close("network gone");
    await vi.waitFor(() => expect(client.state).not.toBe("connected")); // backoff or reconnecting until the node is back
    await queue.send(ConvType.C2C, "bob", "while offline 1");
    await queue.send(ConvType.C2C, "bob", "while offline 2");
    await queue.flush();
    expect(queue.pending.map((m) => m.content)).toEqual(["while offline 1", "while offline 2"]);
    expect(stored).toEqual([]);
    server.down.clear();
    await vi.waitFor(() => expect(stored.map((s) => s.content)).toEqual(["while offline 1", "while offline 2"]));
    await vi.waitFor(() => expect(queue.pending).toEqual([]));
    client.close();
  });

  it("after a restart sends what was left stored, with the same client message ids", async () => {
    const { server, stored } = storingServer();
    const storage = new MemoryQueueStorage();
    const left: QueuedMessage = {
      clientMsgId: "cm-left-1",
      convType: ConvType.C2C,
      convId: "bob",
      contentType: 1,
      content: "typed before the reload",
      queuedAt: 1,
      order: 0,
    };
    // The first attempt reached the server before the page went away; its ack was lost.
    stored.push({ clientMsgId: left.clientMsgId, content: left.content, to: "bob" });
    await storage.put(left);
    await storage.put({ ...left, clientMsgId: "cm-left-2", content: "second", queuedAt: 2 });
    const client = fakeClient(server);
    await client.connect();
    const queue = new SendQueue(client, storage);
    const acks: boolean[] = [];
    queue.on("sent", ({ ack }) => acks.push(ack.duplicate));
    expect((await queue.start()).map((m) => m.clientMsgId)).toEqual(["cm-left-1", "cm-left-2"]);
    await vi.waitFor(() => expect(acks).toEqual([true, false]));
    expect(stored.map((s) => s.clientMsgId)).toEqual(["cm-left-1", "cm-left-2"]);
    expect(await storage.load()).toEqual([]);
    client.close();
  });

  it("drops a message the server refuses for good and goes on with the next", async () => {
    const { server, stored } = storingServer();
    server.handle(Cmd.C2G_SEND_REQ, (frame, conn) => conn.error(frame, ErrorCode.NOT_GROUP_MEMBER, "not a member"));
    const client = fakeClient(server);
    await client.connect();
    const queue = new SendQueue(client, new MemoryQueueStorage());
    await queue.start();
    const failed: number[] = [];
    queue.on("failed", ({ error }) => failed.push(error.code));
    await queue.send(ConvType.GROUP, "g-other", "refused");
    await queue.send(ConvType.C2C, "bob", "fine");
    await vi.waitFor(() => expect(stored.map((s) => s.content)).toEqual(["fine"]));
    expect(failed).toEqual([ErrorCode.NOT_GROUP_MEMBER]);
    expect(queue.pending).toEqual([]);
    client.close();
  });
});

describe("ImClient.history", () => {
  it("pages one conversation backwards through the inbox to its first message", async () => {
    const inbox = Array.from({ length: 30 }, (_, i) => {
      const seq = i + 1;
      return {
        ...msg(seq),
        convId: seq % 3 === 0 ? "g1" : "bob",
        convType: seq % 3 === 0 ? ConvType.GROUP : ConvType.C2C,
      };
    });
    const server = new FakeServer().serveInbox(inbox);
    server.auth = { uid: "alice", maxSeq: 30, ackedSeq: 30, heartbeatMs: 0 };
    const client = fakeClient(server, { autoSync: false });
    await client.connect();
    const seen: number[] = [];
    client.on("message", (m) => seen.push(m.seq));
    const pages: number[][] = [];
    let page = await client.history(ConvType.GROUP, "g1", { limit: 4, scanPageSize: 5 });
    pages.push(page.messages.map((m) => m.seq));
    while (page.hasMore) {
      page = await client.history(ConvType.GROUP, "g1", { limit: 4, scanPageSize: 5, beforeSeq: page.nextBeforeSeq });
      pages.push(page.messages.map((m) => m.seq));
    }
    expect(pages.flat().sort((a, b) => a - b)).toEqual([3, 6, 9, 12, 15, 18, 21, 24, 27, 30]);
    expect(pages[0]).toEqual([21, 24, 27, 30]);
    expect(pages[1]).toEqual([9, 12, 15, 18]);
    expect(page.hasMore).toBe(false);
    expect(seen).toEqual([]); // history is not the live timeline
    client.close();
  });
});
