import type { ConversationStore, GroupStore, MessageStore, OrgStore, UserStore } from "@im/core";
import type { PrismaClient } from "@im/db";
import type pg from "pg";
import { MemoryConversationStore } from "./conversation-store-memory.ts";
import { PgConversationStore, type PgConversationStoreOptions } from "./conversation-store-pg.ts";
import { MemoryGroupStore } from "./group-store-memory.ts";
import { PgGroupStore, type PgGroupStoreOptions } from "./group-store-pg.ts";
import { MemoryMessageStore } from "./message-store-memory.ts";
import { PgMessageStore, type PgMessageStoreOptions } from "./message-store-pg.ts";
import { MemoryOrgStore } from "./org-store-memory.ts";
import { PgOrgStore, type PgOrgStoreOptions } from "./org-store-pg.ts";
import { MemoryUserStore } from "./user-store-memory.ts";
import { PgUserStore, type PgUserStoreOptions } from "./user-store-pg.ts";

export { MAX_ID_LENGTH } from "@im/core";
export { PgAccessStore, type PgAccessStoreOptions } from "./access-store-pg.ts";
export {
  MemoryConversationData,
  MemoryConversationStore,
  type MemoryConversationStoreOptions,
} from "./conversation-store-memory.ts";
export { PgConversationStore, type PgConversationStoreOptions } from "./conversation-store-pg.ts";
export {
  type DatabaseErrorMapping,
  databaseError,
  isForeignKeyViolation,
  isTransientFailure,
  isUniqueViolation,
  sqlState,
} from "./database-errors.ts";
export { MemoryDeliveryLedger } from "./delivery-ledger-memory.ts";
export {
  type LedgerRow,
  ledgerEventFromRow,
  PgDeliveryLedger,
  type PgDeliveryLedgerOptions,
} from "./delivery-ledger-pg.ts";
export { MemoryGroupData, MemoryGroupStore, type MemoryGroupStoreOptions } from "./group-store-memory.ts";
export { PgGroupStore, type PgGroupStoreOptions } from "./group-store-pg.ts";
export { type InboxMessageRow, inboxMessageFromRow } from "./inbox-row.ts";
export { MemoryMessageData, MemoryMessageStore, type MemoryMessageStoreOptions } from "./message-store-memory.ts";
export { PgMessageStore, type PgMessageStoreOptions } from "./message-store-pg.ts";
export { MemoryOrgStore } from "./org-store-memory.ts";
export { PgOrgStore, type PgOrgStoreOptions } from "./org-store-pg.ts";
export { PrismaStore } from "./prisma-store.ts";
export { type TransactionOptions, withPrismaTransaction, withTransaction } from "./transaction.ts";
export { MemoryUserStore } from "./user-store-memory.ts";
export { PgUserStore, type PgUserStoreOptions } from "./user-store-pg.ts";

export interface Storage {
  messages: MessageStore;
  users: UserStore;
  groups: GroupStore;
  conversations: ConversationStore;
  org: OrgStore;
  /** Flushes buffered writes and stops background work; the database connection stays with its owner. */
  close(): Promise<void>;
}

export type PgStorageOptions = PgMessageStoreOptions &
  PgUserStoreOptions &
  PgGroupStoreOptions &
  PgConversationStoreOptions &
  PgOrgStoreOptions;

/**
 * Stores on PostgreSQL, sharing the pool and Prisma Client of a `createDb()`
 * from @im/db (which the caller closes).
 */
export function createPgStorage(db: { pool: pg.Pool; prisma: PrismaClient }, opts: PgStorageOptions = {}): Storage {
  const messages = new PgMessageStore(db.pool, opts);
  return {
    messages,
    users: new PgUserStore(db.pool, opts),
    groups: new PgGroupStore(db.prisma, opts),
    conversations: new PgConversationStore(db.pool, opts),
    org: new PgOrgStore(db.prisma, opts),
    close: () => messages.close(),
  };
}

/** Stores in process memory (tests, and a reference for the contract); nothing survives the process. */
export function createMemoryStorage(): Storage & {
  messages: MemoryMessageStore;
  users: MemoryUserStore;
  groups: MemoryGroupStore;
} {
  const users = new MemoryUserStore();
  const groups = new MemoryGroupStore({ users });
  const messages = new MemoryMessageStore({
    users,
    deviceCursor: (uid) => users.highestCursor(uid),
    groups: groups.data,
  });
  const conversations = new MemoryConversationStore({ messages, owners: () => messages.data.inboxes.keys() });
  return { messages, users, groups, conversations, org: new MemoryOrgStore(), close: () => messages.close() };
}

export * from "./admin/api-key-store.ts";
// Administrative stores: operators, sessions, audit log, business lines and keys, users, moderation.
export * from "./admin/audit-log.ts";
export * from "./admin/audit-search.ts";
export * from "./admin/business-line-store.ts";
export * from "./admin/console-lists.ts";
export * from "./admin/moderation-store.ts";
export * from "./admin/operator-store.ts";
export * from "./admin/ownership-store.ts";
export type { PrismaDb } from "./admin/queryable.ts";
export * from "./admin/user-investigation.ts";
export * from "./admin/user-repository.ts";
export * from "./archive/message-archive.ts";
export * from "./archive/message-trace.ts";
export { likePattern } from "./like-pattern.ts";
export { MessageRepository } from "./message-repository.ts";
export { pingDatabase } from "./ping.ts";
