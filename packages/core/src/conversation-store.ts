import { ImError } from "./errors.ts";
import { ConvType, type InboxMessage } from "./types.ts";

/** One entry of a user's conversation list: last activity and read position. */
export interface Conversation {
  convType: ConvType;
  /** From the owner's point of view: the peer uid (c2c), the group id, or the business line id. */
  convId: string;
  /** The owner's inbox seq of the newest message in the conversation. */
  lastSeq: number;
  lastMsgId: number;
  /** ms since epoch of the newest message's commit. */
  lastAt: number;
  /** The owner has read every entry of the conversation with seq <= readSeq. */
  readSeq: number;
  /** Entries from others with seq > readSeq. */
  unread: number;
  /** The entry at lastSeq; absent once the inbox no longer holds it. */
  lastMessage?: InboxMessage;
}

export interface ListConversationsOptions {
  /** nextCursor of the previous page; absent for the newest page. */
  cursor?: string;
  /** Most conversations in the page (1 or more; larger values are capped at MAX_CONVERSATION_PAGE). */
  limit: number;
}

export interface ConversationPage {
  /** Newest activity first. */
  conversations: Conversation[];
  /** Opaque; present when older conversations may follow. */
  nextCursor?: string;
}

export interface MarkReadResult {
  /** The read position after the call (never lower than before it). */
  readSeq: number;
  /** Exact unread count at that read position. */
  unread: number;
  /** Whether this call moved the read position. */
  changed: boolean;
  /** Id of the newest message of the conversation at or below readSeq (0 when there is none). */
  lastReadMsgId: number;
  /**
   * C2C only: the peer and the peer's own inbox seq of that message, so the
   * peer can be sent a read receipt on its own timeline (both inboxes hold a
   * 1:1 conversation in the same order).
   */
  peer?: { uid: string; seq: number };
}

export interface GroupReadCount {
  /** Members (other than the sender) whose read position covers their entry of the message. */
  read: number;
  /** Members (other than the sender) whose inbox holds the message. */
  total: number;
}

/** Largest page list() returns. */
export const MAX_CONVERSATION_PAGE = 500;

/** The page size list() uses for a requested limit; INVALID_ARGUMENT unless it is a positive integer. */
export function conversationPageLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new ImError("INVALID_ARGUMENT", "limit must be a positive integer");
  return Math.min(limit, MAX_CONVERSATION_PAGE);
}

/**
 * Each user's conversations: one row per (owner, type, id), written by the
 * message store in the same transaction as the inbox entries it summarises,
 * so the list never disagrees with the inbox.
 *
 * Guarantees:
 * - Read positions only move forward: markRead never lowers readSeq, and it
 *   clamps a position beyond the conversation's newest entry to that entry.
 * - unread is exact, also while appends and other markRead calls run
 *   concurrently: it equals the number of entries from others with
 *   seq > readSeq among the committed entries. Own messages are never unread.
 * - Paging is keyset-based: with concurrent activity no conversation appears
 *   twice in one walk through the pages, and every conversation without new
 *   activity during the walk appears exactly once. One that gets new activity
 *   moves to the top (its message is pushed anyway).
 */
export interface ConversationStore {
  /** The owner's conversations, newest activity first. INVALID_ARGUMENT for a cursor this store did not issue. */
  list(ownerUid: string, opts: ListConversationsOptions): Promise<ConversationPage>;
  /** One conversation, or undefined when the owner has none with this id. */
  get(ownerUid: string, convType: ConvType, convId: string): Promise<Conversation | undefined>;
  /**
   * Moves the owner's read position in the conversation forward to readSeq
   * (an inbox seq of the owner), clamped to the conversation's lastSeq, and
   * recomputes unread. Repeating a call, or calling with a lower seq, changes
   * nothing (changed = false) and returns the current position.
   * NOT_FOUND when the conversation does not exist; INVALID_ARGUMENT for a seq
   * that is not a non-negative integer.
   */
  markRead(ownerUid: string, convType: ConvType, convId: string, readSeq: number): Promise<MarkReadResult>;
  /**
   * Of the group message's inbox entries belonging to members other than its
   * sender, how many their owners have read. NOT_FOUND when msgId is not a
   * message of that group.
   */
  groupReadCount(groupId: string, msgId: number): Promise<GroupReadCount>;
}

/** Where a list page ends: the keyset of the order every backend shares (lastAt, then lastSeq, both descending). */
export interface ConversationCursor {
  lastAt: number;
  lastSeq: number;
}

// lastSeq breaks ties: it is unique among one owner's conversations (each inbox
// entry belongs to one of them) and grows with every new entry, so the order is
// total and a conversation with new activity only ever moves up.
export function compareConversations(a: ConversationCursor, b: ConversationCursor): number {
  return b.lastAt - a.lastAt || b.lastSeq - a.lastSeq;
}

export function encodeConversationCursor(c: ConversationCursor): string {
  return Buffer.from(`${c.lastAt}:${c.lastSeq}`).toString("base64url");
}

/** INVALID_ARGUMENT for anything encodeConversationCursor did not produce. */
export function decodeConversationCursor(cursor: string): ConversationCursor {
  const match =
    typeof cursor === "string" ? /^(\d{1,15}):(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString()) : null;
  if (!match) throw new ImError("INVALID_ARGUMENT", "cursor is not one this server issued");
  return { lastAt: Number(match[1]), lastSeq: Number(match[2]) };
}

export function isConvType(value: unknown): value is ConvType {
  return value === ConvType.C2C || value === ConvType.GROUP || value === ConvType.SYSTEM;
}
