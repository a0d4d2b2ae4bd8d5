import { presenceContract } from "./presence.contract.ts";
import { MemoryPresence } from "./presence-memory.ts";

presenceContract("memory", async () => {
  const presence = new MemoryPresence();
  return { presence, cleanup: () => presence.close() };
});
