import { randomUUID } from "node:crypto";
import { ImError } from "@im/core";
import { describe, expect, it } from "vitest";
import { describeConversationStoreContract } from "./conversation-store.contract.ts";
import { MemoryConversationStore } from "./conversation-store-memory.ts";
import { MemoryGroupData, MemoryGroupStore } from "./group-store-memory.ts";
import { createMemoryStorage } from "./index.ts";
import { MemoryMessageStore } from "./message-store-memory.ts";

describeConversationStoreContract("memory", async () => {
  const storage = createMemoryStorage();
  const conversations = new MemoryConversationStore({
    messages: storage.messages,
    owners: () => storage.messages.data.inboxes.keys(),
  });
  // Group sends go through a message store on the same data that knows the groups.
  const groupData = new MemoryGroupData();
  const groups = new MemoryGroupStore({ users: storage.users, data: groupData });
  const groupSender = new MemoryMessageStore({ data: storage.messages.data, groups: groupData });
  // One process: every open() is the same server.
  const opened = { messages: storage.messages, conversations, close: async () => {} };
  return {
    async open() {
      return opened;
    },
    async sendGroup({ groupId, fromUid, memberUids, content }) {
      if (!groupData.groups.has(groupId)) {
        for (const uid of [fromUid, ...memberUids]) await storage.users.login({ uid, deviceId: "d", deviceType: 1 });
        await groups.create({ id: groupId, name: groupId, ownerUid: fromUid, memberUids });
      }
      const ack = await groupSender.appendGroup({
        fromUid,
        groupId,
        clientMsgId: randomUUID(),
        contentType: 1,
        content,
      });
      return { msgId: ack.msgId, seqs: new Map(ack.writes.map((w) => [w.ownerUid, w.message.seq])) };
    },
    async cleanup() {
      await storage.close();
    },
  };
});

describe("MemoryConversationStore", () => {
  it("fails a call whose inbox read fails, and recovers on the next call", async () => {
    const storage = createMemoryStorage();
    let failing = true;
    const messages = Object.create(storage.messages) as MemoryMessageStore;
    messages.pull = (owner, after, limit) =>
      failing ? Promise.reject(new ImError("UNAVAILABLE", "down")) : storage.messages.pull(owner, after, limit);
    const conversations = new MemoryConversationStore({ messages, owners: () => storage.messages.data.inboxes.keys() });
    await storage.messages.appendC2C({ fromUid: "a", toUid: "b", clientMsgId: "1", contentType: 1, content: "x" });
    await expect(conversations.list("b", { limit: 10 })).rejects.toMatchObject({ kind: "UNAVAILABLE" });
    failing = false;
    expect((await conversations.list("b", { limit: 10 })).conversations).toMatchObject([{ convId: "a", unread: 1 }]);
  });
});
