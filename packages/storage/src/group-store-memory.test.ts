import { describeGroupStoreContract } from "./group-store.contract.ts";
import { MemoryGroupData, MemoryGroupStore } from "./group-store-memory.ts";
import { MemoryMessageData, MemoryMessageStore } from "./message-store-memory.ts";
import { MemoryUserStore } from "./user-store-memory.ts";

describeGroupStoreContract("memory", async () => {
  // One "database" shared by every open().
  const users = new MemoryUserStore();
  const groupData = new MemoryGroupData();
  const messageData = new MemoryMessageData();
  return {
    async open() {
      const groups = new MemoryGroupStore({ users, data: groupData });
      const messages = new MemoryMessageStore({ data: messageData, groups: groupData });
      return { groups, messages, users, close: () => messages.close() };
    },
    async createUsers(uids) {
      for (const uid of uids) await users.login({ uid, deviceId: "d", deviceType: 1 });
    },
    async countMessages(fromUid) {
      return messageData.messages.filter((m) => m.fromUid === fromUid).length;
    },
    async cleanup() {},
  };
});
