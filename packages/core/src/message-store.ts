import type { InboxMessage, PullPage } from "./types.ts";

export interface C2CSend {
  fromUid: string;
  toUid: string;
  clientMsgId: string;
  contentType: number;
  content: string;
}

export interface GroupSend {
  fromUid: string;
  groupId: string;
  clientMsgId: string;
  contentType: number;
  content: string;
}

/** A message from a business line to users (s2c, the REST sendMsg). */
export interface SystemSend {
  /** The business line: the message's sender and, for every receiver, the conversation id. */
  businessId: string;
  /** Receivers; repeats are ignored. Every uid must exist. */
  toUids: string[];
  /** Chosen by the business line; a retry with the same key stores nothing twice. */
  idempotencyKey: string;
  contentType: number;
  content: string;
}

export interface SystemAppendResult {
  msgId: number;
  sentAt: number;
  /** True when (businessId, idempotencyKey) was stored before: nothing new was written. */
  duplicate: boolean;
  /** One entry per receiver (empty for a duplicate). */
  writes: InboxWrite[];
}

/** One inbox entry written by an append, for pushing to the owner's devices. */
export interface InboxWrite {
  ownerUid: string;
  message: InboxMessage;
}

export interface AppendResult {
  msgId: number;
  sentAt: number;
  /** Seq of the message in the sender's own inbox. */
  senderSeq: number;
  /** True when (fromUid, clientMsgId) was stored before: nothing new was written. */
  duplicate: boolean;
  /** The inbox entries this append wrote (empty for a duplicate). */
  writes: InboxWrite[];
}

/**
 * Durable message storage: one message row, one inbox entry per recipient.
 *
 * Guarantees:
 * - A returned promise resolves only after the data is durably committed.
 * - Per owner, seqs are 1, 2, 3, ... with no gap and no repeat, and an entry
 *   with a lower seq is never visible to a reader after one with a higher seq
 *   (seqs are allocated in the committing transaction, in commit order).
 * - (fromUid, clientMsgId) is unique: a retry returns the original msgId,
 *   senderSeq and sentAt with duplicate = true, even across restarts.
 * - Messages from one sender are stored in the order their appends were called.
 * Implementations batch many appends per database round trip.
 */
export interface MessageStore {
  appendC2C(send: C2CSend): Promise<AppendResult>;
  /**
   * Stores a group message once, with one inbox entry per member (the
   * sender's included, convId = groupId for everyone), all in one commit.
   * Membership, role and mutes are checked in the storing transaction against
   * the membership current at that moment: a member removed before the call
   * gets nothing, one added before the call gets the message (see GroupStore).
   * Rejects with NOT_FOUND (no such group, or dismissed), NOT_GROUP_MEMBER or
   * MUTED; a retry of a stored (fromUid, clientMsgId) returns the original ack
   * even if the sender has left since.
   */
  appendGroup(send: GroupSend): Promise<AppendResult>;
  /**
   * Stores a system message once (conv type SYSTEM, sender = businessId,
   * toId = businessId) with one inbox entry per receiver (convId =
   * businessId) and none for the business line, in one commit, batched with
   * the other appends. (businessId, idempotencyKey) is unique like a client
   * message id: a retry returns the original msgId and sentAt with duplicate
   * = true. Rejects with USER_NOT_FOUND when a receiver does not exist
   * (nothing is stored), INVALID_ARGUMENT for a malformed send.
   */
  appendSystem(send: SystemSend): Promise<SystemAppendResult>;
  /** Entries with seq > afterSeq, oldest first, at most `limit`. */
  pull(ownerUid: string, afterSeq: number, limit: number): Promise<PullPage>;
  /** The owner's newest seq (0 when the inbox is empty). */
  maxSeq(ownerUid: string): Promise<number>;
  /** Records that a device of the owner received these entries (push ack). Buffered; best effort until flush. */
  markDelivered(ownerUid: string, seqs: number[]): void;
  /**
   * Moves a device's sync cursor (what login answers as ackedSeq) forward to
   * `upTo`, the seq up to which the device holds every entry (push ack): never
   * backward, never past the owner's inbox head, ignored for an unknown device.
   * Buffered like markDelivered (one write per device per flush); best effort until flush.
   */
  advanceCursor(ownerUid: string, deviceId: string, upTo: number): void;
  /** Whether the entry was acknowledged by any device of its owner (push ack or pull cursor). */
  isDelivered(ownerUid: string, seq: number): Promise<boolean>;
  /** Writes buffered state (delivery marks) and waits for in-flight appends. */
  flush(): Promise<void>;
  close(): Promise<void>;
}
