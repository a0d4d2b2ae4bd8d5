import { describeUserStoreContract } from "./user-store.contract.ts";
import { MemoryUserStore } from "./user-store-memory.ts";

describeUserStoreContract("memory", async () => {
  const users = new MemoryUserStore();
  return {
    async open() {
      return { users, close: async () => {} };
    },
    async cleanup() {},
  };
});
