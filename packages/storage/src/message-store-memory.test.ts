import { describeMessageStoreContract } from "./message-store.contract.ts";
import { MemoryMessageData, MemoryMessageStore } from "./message-store-memory.ts";
import { MemoryUserStore } from "./user-store-memory.ts";

describeMessageStoreContract("memory", async () => {
  // One "database" shared by every open(): a reopened store sees what earlier ones wrote.
  const data = new MemoryMessageData();
  const users = new MemoryUserStore();
  return {
    async open() {
      const messages = new MemoryMessageStore({ data, users, deviceCursor: (uid) => users.highestCursor(uid) });
      return { messages, users, close: () => messages.close() };
    },
    async readInbox(owner) {
      return (data.inboxes.get(owner) ?? []).map((e) => ({
        seq: e.seq,
        msgId: e.message.id,
        content: e.message.content,
      }));
    },
    async countMessages(fromUid) {
      return data.messages.filter((m) => m.fromUid === fromUid).length;
    },
    async cleanup() {},
  };
});
