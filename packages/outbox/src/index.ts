export {
  OutboxDispatcher,
  type OutboxDispatcherOptions,
  type OutboxDispatcherStats,
  WEBHOOK_EVENT_ID_HEADER,
} from "./dispatcher.ts";
export { c2sEventId } from "./event-id.ts";
export * from "./outbox-store.ts";
export { type MemoryBusinessLine, MemoryOutboxStore } from "./outbox-store-memory.ts";
export { PgOutboxStore, type PgOutboxStoreOptions } from "./outbox-store-pg.ts";
