import {
  type Conversation,
  type ConversationPage,
  type ConversationStore,
  ConvType,
  checkIdentifier,
  checkSeq,
  compareConversations,
  conversationPageLimit,
  decodeConversationCursor,
  encodeConversationCursor,
  type GroupReadCount,
  ImError,
  type InboxMessage,
  type ListConversationsOptions,
  type MarkReadResult,
  type MessageStore,
} from "@im/core";
import { checkConversation, checkMsgId } from "./conversation-store-pg.ts";

interface MemoryConversation {
  convType: ConvType;
  convId: string;
  /** Seqs of the conversation's entries, ascending, with the message id of each. */
  seqs: number[];
  msgIds: number[];
  /** Seqs of the entries from others (the ones that can be unread), ascending. */
  fromOthers: number[];
  lastAt: number;
  readSeq: number;
  lastMessage: InboxMessage;
}

interface MemoryInboxEntry {
  seq: number;
  conversation: MemoryConversation;
  fromUid: string;
}

interface MemoryOwner {
  /** Every inbox entry up to this seq is folded into the conversations. */
  folded: number;
  conversations: Map<string, MemoryConversation>;
  byMsgId: Map<number, MemoryInboxEntry>;
  /** The fold in progress; folds of one owner run one after another. */
  folding: Promise<void>;
}

/** Read positions and the folded inboxes; hand the same data to a new store (with the same messages) to model a restart. */
export class MemoryConversationData {
  readonly owners = new Map<string, MemoryOwner>();
}

export interface MemoryConversationStoreOptions {
  /** The inboxes the conversations summarise, read through pull(). */
  messages: MessageStore;
  /** Every uid that may own inbox entries (groupReadCount looks through them); e.g. `messages.data.inboxes.keys()`. */
  owners: () => Iterable<string>;
  data?: MemoryConversationData;
}

const FOLD_PAGE = 500;
/** Past this, a peer without the entry (e.g. no longer in its inbox) gets no receipt, as in PostgreSQL. */
const MAX_PEER_ATTEMPTS = 5;

/**
 * ConversationStore over any MessageStore, computed in process memory from
 * the owners' inboxes (read through pull, folded incrementally): the
 * reference for the shared contract suite.
 */
export class MemoryConversationStore implements ConversationStore {
  readonly data: MemoryConversationData;
  private readonly messages: MessageStore;
  private readonly owners: () => Iterable<string>;

  constructor(opts: MemoryConversationStoreOptions) {
    this.messages = opts.messages;
    this.owners = opts.owners;
    this.data = opts.data ?? new MemoryConversationData();
  }

  async list(ownerUid: string, opts: ListConversationsOptions): Promise<ConversationPage> {
    checkIdentifier("ownerUid", ownerUid);
    const limit = conversationPageLimit(opts.limit);
    const after = opts.cursor === undefined ? undefined : decodeConversationCursor(opts.cursor);
    const owner = await this.sync(ownerUid);
    const sorted = [...owner.conversations.values()]
      .filter((c) => !after || compareConversations(after, keyOf(c)) < 0)
      .sort((a, b) => compareConversations(keyOf(a), keyOf(b)));
    const conversations = sorted.slice(0, limit).map(toConversation);
    const last = conversations.at(-1);
    return sorted.length > limit && last
      ? { conversations, nextCursor: encodeConversationCursor(last) }
      : { conversations };
  }

  async get(ownerUid: string, convType: ConvType, convId: string): Promise<Conversation | undefined> {
    checkConversation(ownerUid, convType, convId);
    const c = (await this.sync(ownerUid)).conversations.get(keyFor(convType, convId));
    return c && toConversation(c);
  }

  async markRead(ownerUid: string, convType: ConvType, convId: string, readSeq: number): Promise<MarkReadResult> {
    checkConversation(ownerUid, convType, convId);
    checkSeq("readSeq", readSeq);
    const peerUid = convType === ConvType.C2C ? convId : undefined;
    for (let attempt = 1; ; attempt++) {
      const owner = await this.sync(ownerUid);
      const peer = peerUid === undefined ? undefined : await this.sync(peerUid);
      // From here on nothing awaits: what follows is one atomic step.
      const c = owner.conversations.get(keyFor(convType, convId));
      if (!c) throw new ImError("NOT_FOUND", "no such conversation");
      const position = Math.max(c.readSeq, Math.min(readSeq, c.lastMessage.seq));
      const lastReadMsgId = c.msgIds[countAtMost(c.seqs, position) - 1] ?? 0;
      const peerEntry = lastReadMsgId === 0 ? undefined : peer?.byMsgId.get(lastReadMsgId);
      // Another call folded the owner further while the peer was read: the peer's entry
      // exists (appends write both at once) but is not folded yet. Read the peer again.
      if (peer && lastReadMsgId !== 0 && !peerEntry && attempt < MAX_PEER_ATTEMPTS) continue;
      const changed = position > c.readSeq;
      c.readSeq = position;
      const result: MarkReadResult = { readSeq: position, unread: unreadOf(c), changed, lastReadMsgId };
      if (peerUid !== undefined && peerEntry) result.peer = { uid: peerUid, seq: peerEntry.seq };
      return result;
    }
  }

  async groupReadCount(groupId: string, msgId: number): Promise<GroupReadCount> {
    checkIdentifier("groupId", groupId);
    checkMsgId(msgId);
    let found = false;
    let read = 0;
    let total = 0;
    for (const uid of [...this.owners()]) {
      const entry = (await this.sync(uid)).byMsgId.get(msgId);
      const c = entry?.conversation;
      if (!entry || !c || c.convType !== ConvType.GROUP || c.convId !== groupId) continue;
      found = true;
      if (entry.fromUid === uid) continue;
      total++;
      if (c.readSeq >= entry.seq) read++;
    }
    if (!found) throw new ImError("NOT_FOUND", "no such message in this group");
    return { read, total };
  }

  /** Folds the owner's entries committed so far into its conversations. */
  private sync(ownerUid: string): Promise<MemoryOwner> {
    let owner = this.data.owners.get(ownerUid);
    if (!owner) {
      owner = { folded: 0, conversations: new Map(), byMsgId: new Map(), folding: Promise.resolve() };
      this.data.owners.set(ownerUid, owner);
    }
    const o = owner;
    // Chained, so a call also sees appends that completed while an earlier fold was pulling.
    const run = o.folding.then(() => this.fold(ownerUid, o));
    o.folding = run.catch(() => {});
    return run.then(() => o);
  }

  private async fold(ownerUid: string, owner: MemoryOwner): Promise<void> {
    for (;;) {
      const page = await this.messages.pull(ownerUid, owner.folded, FOLD_PAGE);
      for (const m of page.messages) addEntry(ownerUid, owner, m);
      if (!page.hasMore || page.messages.length === 0) return;
    }
  }
}

function addEntry(ownerUid: string, owner: MemoryOwner, m: InboxMessage): void {
  const key = keyFor(m.convType, m.convId);
  let c = owner.conversations.get(key);
  if (!c) {
    c = {
      convType: m.convType,
      convId: m.convId,
      seqs: [],
      msgIds: [],
      fromOthers: [],
      lastAt: m.sentAt,
      readSeq: 0,
      lastMessage: m,
    };
    owner.conversations.set(key, c);
  }
  c.seqs.push(m.seq);
  c.msgIds.push(m.msgId);
  if (m.fromUid !== ownerUid) c.fromOthers.push(m.seq);
  // Kept monotonic like the keyset it feeds, should the clock step back.
  c.lastAt = Math.max(c.lastAt, m.sentAt);
  c.lastMessage = m;
  owner.byMsgId.set(m.msgId, { seq: m.seq, conversation: c, fromUid: m.fromUid });
  owner.folded = m.seq;
}

function keyFor(convType: ConvType, convId: string): string {
  return `${convType}:${convId}`;
}

function keyOf(c: MemoryConversation): { lastAt: number; lastSeq: number } {
  return { lastAt: c.lastAt, lastSeq: c.lastMessage.seq };
}

/** How many of the ascending seqs are <= seq. */
function countAtMost(seqs: number[], seq: number): number {
  let lo = 0;
  let hi = seqs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((seqs[mid] as number) <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function unreadOf(c: MemoryConversation): number {
  return c.fromOthers.length - countAtMost(c.fromOthers, c.readSeq);
}

function toConversation(c: MemoryConversation): Conversation {
  return {
    convType: c.convType,
    convId: c.convId,
    lastSeq: c.lastMessage.seq,
    lastMsgId: c.lastMessage.msgId,
    lastAt: c.lastAt,
    readSeq: c.readSeq,
    unread: unreadOf(c),
    lastMessage: { ...c.lastMessage },
  };
}
