import { outboxStoreContract } from "./outbox-store.contract.ts";
import { MemoryOutboxStore } from "./outbox-store-memory.ts";

outboxStoreContract("memory", async () => {
  const store = new MemoryOutboxStore();
  return {
    store,
    addBusinessLine: async (id) => store.setBusinessLine(id),
    setBusinessLine: async (id, settings) => store.setBusinessLine(id, settings),
    cleanup: () => store.close(),
  };
});
