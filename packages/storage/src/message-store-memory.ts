import {
  type AppendResult,
  type C2CSend,
  ConvType,
  checkIdentifier,
  checkPost,
  checkSeq,
  type GroupSend,
  ImError,
  type InboxMessage,
  type InboxWrite,
  type MessageStore,
  type PullPage,
  type SystemAppendResult,
  type SystemSend,
  type UserStore,
} from "@im/core";
import { bodyHash, conflictingRetry } from "./body-hash.ts";
import { MemoryGroupData } from "./group-store-memory.ts";
import { checkC2CSend, checkGroupSend, checkPull, checkSystemSend } from "./validate.ts";

interface StoredMessage {
  id: number;
  convType: ConvType;
  fromUid: string;
  toId: string;
  clientMsgId: string;
  senderSeq: number;
  contentType: number;
  content: string;
  sentAt: number;
  /** bodyHash of the send that stored it. */
  hash: Buffer;
}

interface StoredEntry {
  seq: number;
  message: StoredMessage;
  convId: string;
  delivered: boolean;
}

/** The state of a memory store; hand the same data to a new store to model a restart. */
export class MemoryMessageData {
  readonly messages: StoredMessage[] = [];
  /** (fromUid, clientMsgId) → message; the key joins both with U+0000, which neither may contain. */
  readonly byClientId = new Map<string, StoredMessage>();
  /** Owner → inbox, where entry i has seq i + 1. */
  readonly inboxes = new Map<string, StoredEntry[]>();
}

export interface MemoryMessageStoreOptions {
  data?: MemoryMessageData;
  /** The furthest pull cursor of any device of the owner, for isDelivered. */
  deviceCursor?: (ownerUid: string) => number;
  /** Groups and members for appendGroup: the data of the MemoryGroupStore in use. */
  groups?: MemoryGroupData;
  /**
   * Where appendSystem checks that receivers exist (without it every receiver
   * is taken to exist), and where advanceCursor moves device cursors (without it, nowhere).
   */
  users?: Pick<UserStore, "exists"> & Partial<Pick<UserStore, "ackDevice">>;
}

/**
 * MessageStore in process memory with the same guarantees as the PostgreSQL
 * store (within one process): the reference for the shared contract suite.
 */
export class MemoryMessageStore implements MessageStore {
  readonly data: MemoryMessageData;
  private readonly deviceCursor: (ownerUid: string) => number;
  private readonly groups: MemoryGroupData;
  private readonly users: MemoryMessageStoreOptions["users"];
  private closed = false;

  constructor(opts: MemoryMessageStoreOptions = {}) {
    this.data = opts.data ?? new MemoryMessageData();
    this.deviceCursor = opts.deviceCursor ?? (() => 0);
    this.groups = opts.groups ?? new MemoryGroupData();
    this.users = opts.users;
  }

  async appendC2C(send: C2CSend): Promise<AppendResult> {
    if (this.closed) throw new ImError("UNAVAILABLE", "message store is closed");
    checkC2CSend(send);
    const key = `${send.fromUid}\u0000${send.clientMsgId}`;
    const hash = bodyHash({
      convType: ConvType.C2C,
      toId: send.toUid,
      contentType: send.contentType,
      content: send.content,
    });
    const existing = this.data.byClientId.get(key);
    if (existing) return duplicateOf(existing, hash);
    const message: StoredMessage = {
      hash,
      id: this.data.messages.length + 1,
      convType: ConvType.C2C,
      fromUid: send.fromUid,
      toId: send.toUid,
      clientMsgId: send.clientMsgId,
      senderSeq: 0,
      contentType: send.contentType,
      content: send.content,
      sentAt: Date.now(),
    };
    const writes: InboxWrite[] = [this.addEntry(send.fromUid, message, send.toUid)];
    if (send.toUid !== send.fromUid) writes.push(this.addEntry(send.toUid, message, send.fromUid));
    message.senderSeq = writes[0]?.message.seq ?? 0;
    this.data.messages.push(message);
    this.data.byClientId.set(key, message);
    return { msgId: message.id, sentAt: message.sentAt, senderSeq: message.senderSeq, duplicate: false, writes };
  }

  async appendGroup(send: GroupSend): Promise<AppendResult> {
    if (this.closed) throw new ImError("UNAVAILABLE", "message store is closed");
    checkGroupSend(send);
    const key = `${send.fromUid}\u0000${send.clientMsgId}`;
    const hash = bodyHash({
      convType: ConvType.GROUP,
      toId: send.groupId,
      contentType: send.contentType,
      content: send.content,
    });
    const existing = this.data.byClientId.get(key);
    if (existing) return duplicateOf(existing, hash);
    const rec = this.groups.groups.get(send.groupId);
    if (!rec || rec.group.dismissed) throw new ImError("NOT_FOUND", `group ${send.groupId} does not exist`);
    checkPost(rec.members.get(send.fromUid), rec.group.mutedAll, Date.now());
    const message: StoredMessage = {
      hash,
      id: this.data.messages.length + 1,
      convType: ConvType.GROUP,
      fromUid: send.fromUid,
      toId: send.groupId,
      clientMsgId: send.clientMsgId,
      senderSeq: 0,
      contentType: send.contentType,
      content: send.content,
      sentAt: Date.now(),
    };
    // The sender's own entry first, as in every append.
    const writes: InboxWrite[] = [this.addEntry(send.fromUid, message, send.groupId)];
    for (const uid of rec.members.keys()) {
      if (uid !== send.fromUid) writes.push(this.addEntry(uid, message, send.groupId));
    }
    message.senderSeq = writes[0]?.message.seq ?? 0;
    this.data.messages.push(message);
    this.data.byClientId.set(key, message);
    return { msgId: message.id, sentAt: message.sentAt, senderSeq: message.senderSeq, duplicate: false, writes };
  }

  async appendSystem(send: SystemSend): Promise<SystemAppendResult> {
    if (this.closed) throw new ImError("UNAVAILABLE", "message store is closed");
    const toUids = checkSystemSend(send);
    const key = `${send.businessId}\u0000${send.idempotencyKey}`;
    const hash = bodyHash({
      convType: ConvType.SYSTEM,
      toId: send.businessId,
      contentType: send.contentType,
      content: send.content,
      receivers: toUids,
    });
    const duplicate = (stored: StoredMessage): SystemAppendResult => {
      const { msgId, sentAt } = duplicateOf(stored, hash);
      return { msgId, sentAt, duplicate: true, writes: [] };
    };
    const existing = this.data.byClientId.get(key);
    if (existing) return duplicate(existing);
    if (this.users) {
      const users = this.users;
      const known = await Promise.all(toUids.map((u) => users.exists(u)));
      const missing = toUids.filter((_, i) => !known[i]);
      if (missing.length > 0) throw new ImError("USER_NOT_FOUND", `unknown users: ${missing.slice(0, 10).join(", ")}`);
      // A concurrent retry may have stored it while we looked the users up.
      const stored = this.data.byClientId.get(key);
      if (stored) return duplicate(stored);
    }
    const message: StoredMessage = {
      hash,
      id: this.data.messages.length + 1,
      convType: ConvType.SYSTEM,
      fromUid: send.businessId,
      toId: send.businessId,
      clientMsgId: send.idempotencyKey,
      senderSeq: 0,
      contentType: send.contentType,
      content: send.content,
      sentAt: Date.now(),
    };
    const writes = toUids.map((uid) => this.addEntry(uid, message, send.businessId));
    this.data.messages.push(message);
    this.data.byClientId.set(key, message);
    return { msgId: message.id, sentAt: message.sentAt, duplicate: false, writes };
  }

  async pull(ownerUid: string, afterSeq: number, limit: number): Promise<PullPage> {
    checkIdentifier("ownerUid", ownerUid);
    checkPull(afterSeq, limit);
    const inbox = this.data.inboxes.get(ownerUid) ?? [];
    const messages = inbox.slice(afterSeq, afterSeq + limit).map(toInboxMessage);
    const last = messages.at(-1)?.seq ?? afterSeq;
    return { messages, hasMore: last < inbox.length, maxSeq: inbox.length };
  }

  async maxSeq(ownerUid: string): Promise<number> {
    checkIdentifier("ownerUid", ownerUid);
    return this.data.inboxes.get(ownerUid)?.length ?? 0;
  }

  advanceCursor(ownerUid: string, deviceId: string, upTo: number): void {
    if (!Number.isSafeInteger(upTo) || upTo < 1) return;
    const head = this.data.inboxes.get(ownerUid)?.length ?? 0;
    const seq = Math.min(upTo, head);
    if (seq > 0) this.users?.ackDevice?.(ownerUid, deviceId, seq).catch(() => {});
  }

  markDelivered(ownerUid: string, seqs: number[]): void {
    const inbox = this.data.inboxes.get(ownerUid);
    if (!inbox) return;
    for (const seq of seqs) {
      const entry = inbox[seq - 1];
      if (entry) entry.delivered = true;
    }
  }

  async isDelivered(ownerUid: string, seq: number): Promise<boolean> {
    checkIdentifier("ownerUid", ownerUid);
    checkSeq("seq", seq);
    const entry = this.data.inboxes.get(ownerUid)?.[seq - 1];
    if (!entry) return false;
    return entry.delivered || this.deviceCursor(ownerUid) >= seq;
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    this.closed = true;
  }

  private addEntry(owner: string, message: StoredMessage, convId: string): InboxWrite {
    let inbox = this.data.inboxes.get(owner);
    if (!inbox) {
      inbox = [];
      this.data.inboxes.set(owner, inbox);
    }
    const entry: StoredEntry = { seq: inbox.length + 1, message, convId, delivered: false };
    inbox.push(entry);
    return { ownerUid: owner, message: toInboxMessage(entry) };
  }
}

/** The original ack for a retry with the same body; CONFLICT for one with another body. */
function duplicateOf(existing: StoredMessage, hash: Buffer): AppendResult {
  if (!existing.hash.equals(hash)) throw conflictingRetry(existing.convType, existing.clientMsgId);
  return { msgId: existing.id, sentAt: existing.sentAt, senderSeq: existing.senderSeq, duplicate: true, writes: [] };
}

function toInboxMessage(entry: StoredEntry): InboxMessage {
  const m = entry.message;
  return {
    msgId: m.id,
    seq: entry.seq,
    convType: m.convType,
    convId: entry.convId,
    fromUid: m.fromUid,
    toId: m.toId,
    clientMsgId: m.clientMsgId,
    contentType: m.contentType,
    content: m.content,
    sentAt: m.sentAt,
  };
}
