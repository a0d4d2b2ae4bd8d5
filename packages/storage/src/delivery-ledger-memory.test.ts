import { describeDeliveryLedgerContract } from "./delivery-ledger.contract.ts";
import { MemoryDeliveryLedger } from "./delivery-ledger-memory.ts";

describeDeliveryLedgerContract("memory", async () => ({ ledger: new MemoryDeliveryLedger(), cleanup: async () => {} }));
