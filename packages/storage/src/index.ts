import type { MessageStore, UserStore } from "@im/core";
import type pg from "pg";
import { MemoryMessageStore } from "./message-store-memory.ts";
import { PgMessageStore, type PgMessageStoreOptions } from "./message-store-pg.ts";
import { MemoryUserStore } from "./user-store-memory.ts";
import { PgUserStore, type PgUserStoreOptions } from "./user-store-pg.ts";

export { MemoryMessageData, MemoryMessageStore, type MemoryMessageStoreOptions } from "./message-store-memory.ts";
export { PgMessageStore, type PgMessageStoreOptions } from "./message-store-pg.ts";
export { MemoryUserStore } from "./user-store-memory.ts";
export { PgUserStore, type PgUserStoreOptions } from "./user-store-pg.ts";
export { MAX_ID_LENGTH } from "./validate.ts";

export interface Storage {
  messages: MessageStore;
  users: UserStore;
  /** Flushes buffered writes and stops background work; the database connection stays with its owner. */
  close(): Promise<void>;
}

export type PgStorageOptions = PgMessageStoreOptions & PgUserStoreOptions;

/** Stores on PostgreSQL, sharing the pool of a `createDb()` from @im/db (which the caller closes). */
export function createPgStorage(db: { pool: pg.Pool }, opts: PgStorageOptions = {}): Storage {
  const messages = new PgMessageStore(db.pool, opts);
  const users = new PgUserStore(db.pool, opts);
  return { messages, users, close: () => messages.close() };
}

/** Stores in process memory (tests, and a reference for the contract); nothing survives the process. */
export function createMemoryStorage(): Storage & { messages: MemoryMessageStore; users: MemoryUserStore } {
  const users = new MemoryUserStore();
  const messages = new MemoryMessageStore({ deviceCursor: (uid) => users.highestCursor(uid) });
  return { messages, users, close: () => messages.close() };
}
