import { nodeBusContract } from "./node-bus.contract.ts";
import { MemoryNodeBus } from "./node-bus-memory.ts";

nodeBusContract("memory", async () => {
  const bus = new MemoryNodeBus();
  return { bus, cleanup: () => bus.close() };
});
