import { describeOrgStoreContract } from "./org-store.contract.ts";
import { MemoryOrgStore } from "./org-store-memory.ts";

describeOrgStoreContract("memory", async () => {
  // One store stands for the shared database: every open() sees the same tree.
  const org = new MemoryOrgStore();
  return {
    async open() {
      return { org, close: async () => {} };
    },
    async cleanup() {},
  };
});
