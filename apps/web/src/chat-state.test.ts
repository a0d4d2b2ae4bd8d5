import { type ChatMessage, ConvType } from "@im/sdk";
import { describe, expect, it } from "vitest";
import { convKey, initialState, reducer } from "./chat-state.ts";

function msg(seq: number, fromUid: string, convId = "bob", content = `m${seq}`): ChatMessage {
  return {
    msgId: seq * 10,
    seq,
    convType: ConvType.C2C,
    convId,
    fromUid,
    toId: "me",
    clientMsgId: `c${seq}`,
    contentType: 1,
    content,
    sentAt: 1_000 + seq,
  };
}

const BOB = convKey(ConvType.C2C, "bob");

describe("chat state", () => {
  it("counts unread messages from others in closed conversations only, each seq once", () => {
    let s = reducer(initialState, { type: "message", message: msg(1, "bob"), own: false });
    s = reducer(s, { type: "message", message: msg(2, "me"), own: true });
    s = reducer(s, { type: "message", message: msg(3, "bob"), own: false });
    expect(s.convs[BOB]).toMatchObject({ unread: 2, lastText: "m3", lastAt: 1_003 });
    s = reducer(s, { type: "open", key: BOB });
    s = reducer(s, { type: "message", message: msg(4, "bob"), own: false });
    expect(s.convs[BOB]!.unread).toBe(2); // open: the app marks it read instead
    s = reducer(s, { type: "message", message: msg(4, "bob"), own: false });
    expect(s.timelines[BOB]!.messages.map((m) => m.seq)).toEqual([4]);
    s = reducer(s, { type: "read", key: BOB, unread: 0 });
    expect(s.convs[BOB]!.unread).toBe(0);
  });

  it("does not count again what the server's unread count already holds", () => {
    let s = reducer(initialState, {
      type: "convs",
      convs: [
        { key: BOB, convType: ConvType.C2C, convId: "bob", unread: 2, lastText: "m3", lastAt: 1_003, lastSeq: 3 },
      ],
    });
    // The sync after login delivers the same messages again.
    for (const seq of [1, 2, 3]) s = reducer(s, { type: "message", message: msg(seq, "bob"), own: false });
    expect(s.convs[BOB]).toMatchObject({ unread: 2, lastText: "m3", lastSeq: 3 });
    s = reducer(s, { type: "message", message: msg(4, "bob"), own: false });
    expect(s.convs[BOB]).toMatchObject({ unread: 3, lastText: "m4", lastSeq: 4 });
    // A list answer older than what the events already told keeps the newer summary.
    s = reducer(s, {
      type: "convs",
      convs: [
        { key: BOB, convType: ConvType.C2C, convId: "bob", unread: 2, lastText: "m3", lastAt: 1_003, lastSeq: 3 },
      ],
    });
    expect(s.convs[BOB]).toMatchObject({ unread: 3, lastSeq: 4 });
  });

  it("merges history pages and live messages in seq order without repeats, and keeps how far back it paged", () => {
    let s = reducer(initialState, { type: "open", key: BOB });
    s = reducer(s, { type: "message", message: msg(9, "bob"), own: false });
    s = reducer(s, {
      type: "history",
      key: BOB,
      page: { messages: [msg(7, "me"), msg(8, "bob"), msg(9, "bob")], hasMore: true, nextBeforeSeq: 7 },
    });
    s = reducer(s, {
      type: "history",
      key: BOB,
      page: { messages: [msg(2, "bob"), msg(5, "me")], hasMore: false, nextBeforeSeq: 1 },
    });
    // The newest page again (after a reconnect) must not bring back "Load older".
    s = reducer(s, {
      type: "history",
      key: BOB,
      page: { messages: [msg(8, "bob"), msg(9, "bob"), msg(10, "bob")], hasMore: true, nextBeforeSeq: 8 },
    });
    const timeline = s.timelines[BOB]!;
    expect(timeline.messages.map((m) => m.seq)).toEqual([2, 5, 7, 8, 9, 10]);
    expect(timeline).toMatchObject({ hasMore: false, nextBeforeSeq: 1, loaded: true, loading: false });
  });

  it("turns an acknowledged queued message into a timeline message and tracks the peer's read position", () => {
    let s = reducer(initialState, { type: "open", key: BOB });
    const queued = {
      clientMsgId: "q1",
      convType: ConvType.C2C,
      convId: "bob",
      contentType: 1,
      content: "from the queue",
      queuedAt: 1,
      order: 0,
    } as const;
    const ack = { msgId: 70, seq: 7, sentAt: 2_000, clientMsgId: "q1", duplicate: true };
    s = reducer(s, { type: "sent", message: queued, ack, uid: "me" });
    s = reducer(s, { type: "message", message: { ...msg(7, "me"), clientMsgId: "q1" }, own: true });
    expect(s.timelines[BOB]!.messages).toHaveLength(1);
    expect(s.timelines[BOB]!.messages[0]).toMatchObject({ seq: 7, fromUid: "me", content: "from the queue" });
    expect(s.convs[BOB]!.unread).toBe(0);
    s = reducer(s, { type: "peerRead", key: BOB, seq: 7 });
    s = reducer(s, { type: "peerRead", key: BOB, seq: 3 });
    expect(s.peerRead[BOB]).toBe(7);
  });
});
