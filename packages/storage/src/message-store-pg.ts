import {
  type AppendResult,
  Batcher,
  type C2CSend,
  ConvType,
  checkIdentifier,
  checkPost,
  checkSeq,
  type GroupRole,
  type GroupSend,
  ImError,
  type InboxMessage,
  type InboxWrite,
  type MessageStore,
  type PullPage,
  type SystemAppendResult,
  type SystemSend,
} from "@im/core";
import type pg from "pg";
import { bodyHash, conflictingRetry } from "./body-hash.ts";
import { upsertConversations } from "./conversation-writes.ts";
import { GROUP_GATE_CLASS, groupGateKeys } from "./group-store-pg.ts";
import { type InboxMessageRow, inboxMessageFromRow } from "./inbox-row.ts";
import { type NamedQuery, StorePool } from "./pg-query.ts";
import { checkC2CSend, checkGroupSend, checkPull, checkSystemSend } from "./validate.ts";

export interface PgMessageStoreOptions {
  /** Most appends committed in one transaction (default 512). */
  maxBatch?: number;
  /**
   * Most inbox entries written by one transaction (default 5,000): a batch
   * holding big-group messages is split into several transactions, run in
   * order. A single message with more entries than this still goes alone.
   * Smaller transactions also shorten the wait of a membership change on a busy group.
   */
  maxEntriesPerTransaction?: number;
  /** Group members kept in the member-list cache, summed over groups (default 200,000). */
  memberCacheSize?: number;
  /** How long an append on an idle lane waits for company (default 1 ms). */
  lingerMs?: number;
  /** Independent group-commit lanes; a sender always uses the same one (default 4). */
  lanes?: number;
  /** Period of the delivery-mark flush (default 200 ms). */
  deliveryFlushMs?: number;
  /** Most delivery marks held in memory while the database is unreachable; beyond that new marks are dropped. */
  maxPendingMarks?: number;
  /** Called after each committed batch (metrics). */
  onBatch?: (info: { lane: number; size: number; durationMs: number }) => void;
  /** Failures nobody awaits (delivery flushes) and the causes behind UNAVAILABLE. */
  onError?: (err: unknown) => void;
}

/** One append as the batch sees it: a message and the inbox entries it gets. */
interface AppendItem {
  convType: ConvType;
  fromUid: string;
  toId: string;
  clientMsgId: string;
  contentType: number;
  content: string;
  /**
   * Owners of the inbox entries with the conversation id each sees; the
   * sender's own entry first. Empty for a group send until the storing
   * transaction has read the members.
   */
  entries: { owner: string; convId: string }[];
  /** bodyHash of the send: a retry with the same (sender, client id) must carry the same. */
  hash: Buffer;
}

/** A group's members as of one member_version. */
interface MemberList {
  version: number;
  uids: string[];
  standing: Map<string, { role: GroupRole; mutedUntil: number | null }>;
}

/**
 * Member lists by group, valid for the member_version they were read at (a
 * version names one member set, since every change bumps it under the group
 * lock). Least recently used groups go first once the member total exceeds the bound.
 */
class MemberCache {
  private readonly lists = new Map<string, MemberList>();
  private total = 0;

  constructor(private readonly maxMembers: number) {}

  /** The cached list whatever its version (for sizing batches), refreshed as recently used. */
  peek(groupId: string): MemberList | undefined {
    const list = this.lists.get(groupId);
    if (list) {
      this.lists.delete(groupId);
      this.lists.set(groupId, list);
    }
    return list;
  }

  get(groupId: string, version: number): MemberList | undefined {
    const list = this.peek(groupId);
    return list?.version === version ? list : undefined;
  }

  set(groupId: string, list: MemberList): void {
    const old = this.lists.get(groupId);
    if (old) {
      // Another lane may have read a newer version meanwhile; keep the newer one.
      if (old.version > list.version) return;
      this.lists.delete(groupId);
      this.total -= old.uids.length;
    }
    if (list.uids.length > this.maxMembers) return;
    this.lists.set(groupId, list);
    this.total += list.uids.length;
    for (const [id, victim] of this.lists) {
      if (this.total <= this.maxMembers) break;
      this.lists.delete(id);
      this.total -= victim.uids.length;
    }
  }
}

interface MemberRow {
  group_id: string;
  member_version?: number | string;
  uid: string | null;
  role: number | null;
  muted_until: Date | null;
}

interface LockedGroupRow {
  id: string;
  member_version: number | string;
  muted_all: boolean;
  dismissed_at: Date | null;
}

interface ExistingRow {
  sender_id: string;
  client_msg_id: string;
  id: number | string;
  sender_seq: number | string | null;
  created_at: Date;
  /** Null for messages stored before bodies were hashed. */
  body_hash: Buffer | null;
}

/** One page row: the owner's max seq, and an entry unless the page is empty (seq null). */
type PullRow = { max_seq: number | string } & (InboxMessageRow | { [K in keyof InboxMessageRow]: null });

/** A send that was not stored before, with its position in the batch. */
interface FreshItem {
  index: number;
  item: AppendItem;
}

/** A concurrent transaction stored one of our (sender, client_msg_id) keys between our check and insert. */
class DuplicateRace extends Error {}

// Statements are named so each connection parses and plans them once.
const SELECT_EXISTING = {
  name: "im_msg_existing",
  text: `SELECT m.sender_id, m.client_msg_id, m.id, m.sender_seq, m.created_at, m.body_hash
           FROM unnest($1::text[], $2::text[]) AS k(sender_id, client_msg_id)
           JOIN messages m ON m.sender_id = k.sender_id AND m.client_msg_id = k.client_msg_id`,
};
// ORDER BY owner_id: every writer locks user_seqs rows in one global order, so
// concurrent batches (other lanes, other processes) cannot deadlock. The row
// locks are held to COMMIT, which makes seq order equal commit order per owner.
const ALLOCATE_SEQS = {
  name: "im_seq_alloc",
  text: `INSERT INTO user_seqs (owner_id, last_seq)
         SELECT owner_id, n FROM unnest($1::text[], $2::bigint[]) AS t(owner_id, n) ORDER BY owner_id
         ON CONFLICT (owner_id) DO UPDATE SET last_seq = user_seqs.last_seq + EXCLUDED.last_seq
         RETURNING owner_id, last_seq`,
};
const INSERT_MESSAGES = {
  name: "im_msg_insert",
  text: `INSERT INTO messages (conv_type, sender_id, target_id, client_msg_id, sender_seq, content_type, content,
                               body_hash)
         SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::int[], $7::text[],
                              $8::bytea[])
         ON CONFLICT (sender_id, client_msg_id) DO NOTHING
         RETURNING id, sender_id, client_msg_id, created_at`,
};
const INSERT_INBOX = {
  name: "im_inbox_insert",
  text: `INSERT INTO inbox (owner_id, seq, message_id, conv_type, conv_id, sender_id)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::int[], $5::text[], $6::text[])`,
};
// A batch's lock order: group gates (advisory, shared, by key), group rows
// (FOR SHARE, by id), user_seqs rows (by owner), conversations rows (by owner,
// type, id). Concurrent sends to a group proceed together, while a membership
// change (gate exclusive, row FOR UPDATE; see group-store-pg.ts) waits for the
// sends in flight and later sends wait for it. So an append sees the
// membership as of its own commit, and no cycle of waits can form.
const LOCK_GATES = {
  name: "im_group_gate_share",
  // unnest yields the keys in array order, which the caller sorted.
  text: "SELECT pg_advisory_xact_lock_shared($1::int, k) FROM unnest($2::int[]) AS k",
};
const LOCK_GROUPS = {
  name: "im_group_lock_share",
  text: `SELECT id, member_version, muted_all, dismissed_at FROM groups
          WHERE id = ANY($1::text[]) ORDER BY id FOR SHARE`,
};
// Members with their roles and mutes; inside a transaction after LOCK_GROUPS.
const LOAD_MEMBERS = {
  name: "im_group_members_load",
  text: "SELECT group_id, uid, role, muted_until FROM group_members WHERE group_id = ANY($1::text[])",
};
// The same outside a transaction, with the version in the same snapshot (for sizing batches).
const PEEK_MEMBERS = {
  name: "im_group_members_peek",
  text: `SELECT g.id AS group_id, g.member_version, m.uid, m.role, m.muted_until
           FROM groups g LEFT JOIN group_members m ON m.group_id = g.id
          WHERE g.id = ANY($1::text[]) AND g.dismissed_at IS NULL`,
};
const USERS_EXISTING = {
  name: "im_msg_users_existing",
  text: "SELECT id FROM users WHERE id = ANY($1::text[])",
};
// hot path: offline pull and multi-device sync (the pull target of DESIGN §7; npm run bench -- c2c exercises the ack cursor).
const PULL = {
  name: "im_inbox_pull",
  // One statement, one snapshot: max_seq and the page agree. A row comes back even for an empty page.
  text: `SELECT s.max_seq, p.* FROM
           (SELECT COALESCE((SELECT last_seq FROM user_seqs WHERE owner_id = $1), 0) AS max_seq) s
         LEFT JOIN LATERAL (
           SELECT i.seq, i.conv_type, i.conv_id, i.message_id, m.sender_id, m.target_id, m.client_msg_id,
                  m.content_type, m.content, m.created_at
             FROM inbox i JOIN messages m ON m.id = i.message_id
            WHERE i.owner_id = $1 AND i.seq > $2
            ORDER BY i.seq
            LIMIT $3
         ) p ON true`,
};
const MARK_DELIVERED = {
  name: "im_inbox_delivered",
  text: `UPDATE inbox AS i SET delivered_at = now()
           FROM unnest($1::text[], $2::bigint[]) AS d(owner_id, seq)
          WHERE i.owner_id = d.owner_id AND i.seq = d.seq AND i.delivered_at IS NULL`,
};
// Push acks move device cursors: forward only, never past the owner's inbox head.
const ADVANCE_CURSORS = {
  name: "im_device_cursor_advance",
  text: `UPDATE devices AS d SET acked_seq = c.seq
           FROM (SELECT t.uid, t.device_id,
                        LEAST(t.seq, COALESCE((SELECT s.last_seq FROM user_seqs s WHERE s.owner_id = t.uid), 0)) AS seq
                   FROM unnest($1::text[], $2::text[], $3::bigint[]) AS t(uid, device_id, seq)) c
          WHERE d.uid = c.uid AND d.device_id = c.device_id AND d.acked_seq < c.seq`,
};
const IS_DELIVERED = {
  name: "im_inbox_is_delivered",
  text: `SELECT EXISTS (
           SELECT 1 FROM inbox i
            WHERE i.owner_id = $1 AND i.seq = $2
              AND (i.delivered_at IS NOT NULL OR $3::boolean
                   OR EXISTS (SELECT 1 FROM devices d WHERE d.uid = $1 AND d.acked_seq >= $2))
         ) AS delivered`,
};

/**
 * MessageStore on PostgreSQL. Appends are group-committed: each lane runs one
 * transaction at a time holding every append that arrived meanwhile, written
 * with a handful of multi-row statements (no per-message queries).
 *
 * The messages table doubles as the sender's sent log: it records the
 * message's seq in the sender's own inbox, so a retried send is answered from
 * the unique (sender_id, client_msg_id) index alone.
 */
export class PgMessageStore implements MessageStore {
  private readonly lanes: Batcher<AppendItem, AppendResult>[];
  private readonly members: MemberCache;
  private readonly maxEntries: number;
  private readonly onError: (err: unknown) => void;
  private readonly db: StorePool;
  private readonly maxPendingMarks: number;
  /** Delivery marks not yet written, owner → seqs; swapped out by each flush. */
  private pendingMarks = new Map<string, Set<number>>();
  private pendingMarkCount = 0;
  /** Marks being written right now (still answered by isDelivered). */
  private flushingMarks = new Map<string, Set<number>>();
  private markFlush: Promise<void> | null = null;
  /** Device cursor moves not yet written: "uid\0deviceId" → highest seq; swapped out by each flush. */
  private pendingCursors = new Map<string, number>();
  private cursorFlush: Promise<void> | null = null;
  private readonly markTimer: NodeJS.Timeout;
  private closed = false;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly opts: PgMessageStoreOptions = {},
  ) {
    const laneCount = Math.max(1, opts.lanes ?? 4);
    this.onError = opts.onError ?? (() => {});
    this.db = new StorePool(pool, { what: "message storage", retryAfterMs: 100, onError: this.onError });
    this.maxPendingMarks = opts.maxPendingMarks ?? 1_000_000;
    this.members = new MemberCache(Math.max(0, opts.memberCacheSize ?? 200_000));
    this.maxEntries = Math.max(1, opts.maxEntriesPerTransaction ?? 5_000);
    this.lanes = Array.from(
      { length: laneCount },
      (_, lane) =>
        new Batcher<AppendItem, AppendResult>({
          maxBatch: opts.maxBatch ?? 512,
          lingerMs: opts.lingerMs ?? 1,
          run: (items) => this.runBatch(lane, items),
        }),
    );
    this.markTimer = setInterval(() => {
      void this.flushMarks();
      void this.flushCursors();
    }, opts.deliveryFlushMs ?? 200);
    this.markTimer.unref();
  }

  appendC2C(send: C2CSend): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new ImError("UNAVAILABLE", "message store is closed"));
    try {
      checkC2CSend(send);
    } catch (err) {
      return Promise.reject(err);
    }
    const entries = [{ owner: send.fromUid, convId: send.toUid }];
    if (send.toUid !== send.fromUid) entries.push({ owner: send.toUid, convId: send.fromUid });
    return this.laneOf(send.fromUid).add({
      convType: ConvType.C2C,
      fromUid: send.fromUid,
      toId: send.toUid,
      clientMsgId: send.clientMsgId,
      contentType: send.contentType,
      content: send.content,
      entries,
      hash: bodyHash({
        convType: ConvType.C2C,
        toId: send.toUid,
        contentType: send.contentType,
        content: send.content,
      }),
    });
  }

  appendGroup(send: GroupSend): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new ImError("UNAVAILABLE", "message store is closed"));
    try {
      checkGroupSend(send);
    } catch (err) {
      return Promise.reject(err);
    }
    // Same lane as the sender's c2c messages: one sender's messages keep their call order.
    return this.laneOf(send.fromUid).add({
      convType: ConvType.GROUP,
      fromUid: send.fromUid,
      toId: send.groupId,
      clientMsgId: send.clientMsgId,
      contentType: send.contentType,
      content: send.content,
      entries: [],
      hash: bodyHash({
        convType: ConvType.GROUP,
        toId: send.groupId,
        contentType: send.contentType,
        content: send.content,
      }),
    });
  }

  async appendSystem(send: SystemSend): Promise<SystemAppendResult> {
    if (this.closed) throw new ImError("UNAVAILABLE", "message store is closed");
    const toUids = checkSystemSend(send);
    // The business line's lane: its messages keep their call order.
    const { msgId, sentAt, duplicate, writes } = await this.laneOf(send.businessId).add({
      convType: ConvType.SYSTEM,
      fromUid: send.businessId,
      toId: send.businessId,
      clientMsgId: send.idempotencyKey,
      contentType: send.contentType,
      content: send.content,
      entries: toUids.map((owner) => ({ owner, convId: send.businessId })),
      hash: bodyHash({
        convType: ConvType.SYSTEM,
        toId: send.businessId,
        contentType: send.contentType,
        content: send.content,
        receivers: toUids,
      }),
    });
    return { msgId, sentAt, duplicate, writes };
  }

  async pull(ownerUid: string, afterSeq: number, limit: number): Promise<PullPage> {
    checkIdentifier("ownerUid", ownerUid);
    checkPull(afterSeq, limit);
    const { rows } = await this.read<PullRow>(PULL, [ownerUid, afterSeq, limit]);
    const maxSeq = Number(rows[0]?.max_seq ?? 0);
    const messages: InboxMessage[] = [];
    for (const r of rows) if (r.seq !== null) messages.push(inboxMessageFromRow(r as InboxMessageRow));
    const last = messages.at(-1)?.seq ?? afterSeq;
    return { messages, hasMore: last < maxSeq, maxSeq };
  }

  async maxSeq(ownerUid: string): Promise<number> {
    checkIdentifier("ownerUid", ownerUid);
    const { rows } = await this.read<{ last_seq: number | string }>(
      { name: "im_seq_max", text: "SELECT last_seq FROM user_seqs WHERE owner_id = $1" },
      [ownerUid],
    );
    return Number(rows[0]?.last_seq ?? 0);
  }

  advanceCursor(ownerUid: string, deviceId: string, upTo: number): void {
    for (const id of [ownerUid, deviceId])
      if (typeof id !== "string" || id.length === 0 || id.includes("\u0000")) return;
    if (!Number.isSafeInteger(upTo) || upTo < 1) return;
    const key = `${ownerUid}\u0000${deviceId}`;
    const held = this.pendingCursors.get(key);
    if (held === undefined && this.pendingCursors.size >= this.maxPendingMarks) return;
    if (held === undefined || upTo > held) this.pendingCursors.set(key, upTo);
  }

  /** Writes the buffered cursor moves with one UPDATE; on failure they are kept for the next round. */
  private flushCursors(): Promise<void> {
    if (this.cursorFlush) return this.cursorFlush.then(() => this.flushCursors());
    if (this.pendingCursors.size === 0) return Promise.resolve();
    const batch = this.pendingCursors;
    this.pendingCursors = new Map();
    // Sorted, so concurrent flushes from several servers lock device rows in the same order.
    const keys = [...batch.keys()].sort();
    const parts = keys.map((k) => k.split("\u0000") as [string, string]);
    this.cursorFlush = this.pool
      .query({
        ...ADVANCE_CURSORS,
        values: [parts.map((p) => p[0]), parts.map((p) => p[1]), keys.map((k) => batch.get(k) as number)],
      })
      .then(
        () => {},
        (err: unknown) => {
          this.onError(err);
          for (const [k, seq] of batch) {
            const [uid, deviceId] = k.split("\u0000") as [string, string];
            this.advanceCursor(uid, deviceId, seq);
          }
        },
      )
      .finally(() => {
        this.cursorFlush = null;
      });
    return this.cursorFlush;
  }

  markDelivered(ownerUid: string, seqs: number[]): void {
    if (typeof ownerUid !== "string" || ownerUid.length === 0 || ownerUid.includes("\u0000")) return;
    let set = this.pendingMarks.get(ownerUid);
    for (const seq of seqs) {
      if (!Number.isSafeInteger(seq) || seq < 1) continue;
      if (this.pendingMarkCount >= this.maxPendingMarks) return;
      if (!set) {
        set = new Set();
        this.pendingMarks.set(ownerUid, set);
      }
      if (!set.has(seq)) {
        set.add(seq);
        this.pendingMarkCount++;
      }
    }
  }

  async isDelivered(ownerUid: string, seq: number): Promise<boolean> {
    checkIdentifier("ownerUid", ownerUid);
    checkSeq("seq", seq);
    const marked = this.pendingMarks.get(ownerUid)?.has(seq) || this.flushingMarks.get(ownerUid)?.has(seq) || false;
    const { rows } = await this.read<{ delivered: boolean }>(IS_DELIVERED, [ownerUid, seq, marked]);
    return rows[0]?.delivered === true;
  }

  async flush(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.flush()));
    await Promise.all([this.flushMarks(), this.flushCursors()]);
  }

  close(): Promise<void> {
    this.closed = true;
    this.closing ??= (async () => {
      await Promise.all(this.lanes.map((lane) => lane.close()));
      clearInterval(this.markTimer);
      await Promise.all([this.flushMarks(), this.flushCursors()]);
    })();
    return this.closing;
  }

  private laneOf(senderUid: string): Batcher<AppendItem, AppendResult> {
    // FNV-1a: a sender always lands on the same lane, which keeps its messages in call order.
    let h = 0x811c9dc5;
    for (let i = 0; i < senderUid.length; i++) {
      h ^= senderUid.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return this.lanes[(h >>> 0) % this.lanes.length] as Batcher<AppendItem, AppendResult>;
  }

  private read<R extends pg.QueryResultRow>(query: NamedQuery, values: unknown[]): Promise<pg.QueryResult<R>> {
    return this.db.query<R>(query, values);
  }

  /**
   * Stores one lane's batch: split into transactions of at most maxEntries
   * inbox entries (by the cached member counts), committed one after another
   * so the lane's call order holds. Once one fails, the rest fail with it.
   */
  private async runBatch(lane: number, items: AppendItem[]): Promise<(AppendResult | Error)[]> {
    await this.peekMembers(items);
    const results: (AppendResult | Error)[] = [];
    let failure: ImError | undefined;
    for (const chunk of this.chunks(items)) {
      if (failure) {
        for (const _ of chunk) results.push(failure);
        continue;
      }
      const started = performance.now();
      try {
        results.push(...(await this.writeBatch(chunk)));
        this.opts.onBatch?.({ lane, size: chunk.length, durationMs: performance.now() - started });
      } catch (err) {
        failure = ImError.is(err) ? err : new ImError("UNAVAILABLE", "message storage unavailable, retry", 100);
        for (const _ of chunk) results.push(failure);
      }
    }
    return results;
  }

  /** Reads the member lists of groups this process has not cached yet, so batches can be sized. */
  private async peekMembers(items: AppendItem[]): Promise<void> {
    const unknown = new Set<string>();
    for (const item of items) {
      if (item.convType === ConvType.GROUP && !this.members.peek(item.toId)) unknown.add(item.toId);
    }
    if (unknown.size === 0) return;
    try {
      const { rows } = await this.pool.query<MemberRow>({ ...PEEK_MEMBERS, values: [[...unknown]] });
      this.cacheMembers(rows);
    } catch (err) {
      // Only an estimate: the storing transaction reads what it needs (and reports the failure).
      this.onError(err);
    }
  }

  private *chunks(items: AppendItem[]): Generator<AppendItem[]> {
    let chunk: AppendItem[] = [];
    let entries = 0;
    for (const item of items) {
      const size =
        item.convType === ConvType.GROUP
          ? Math.max(1, this.members.peek(item.toId)?.uids.length ?? 1)
          : Math.max(1, item.entries.length);
      if (chunk.length > 0 && entries + size > this.maxEntries) {
        yield chunk;
        chunk = [];
        entries = 0;
      }
      chunk.push(item);
      entries += size;
    }
    if (chunk.length > 0) yield chunk;
  }

  /**
   * Builds member lists from member rows, caches and returns them. `versions`
   * names the groups read and the member_version each was read at (a group
   * without rows has no members); without it, each row carries its group's version.
   */
  private cacheMembers(rows: MemberRow[], versions?: Map<string, number>): Map<string, MemberList> {
    const lists = new Map<string, MemberList>();
    for (const [id, version] of versions ?? []) lists.set(id, { version, uids: [], standing: new Map() });
    for (const r of rows) {
      let list = lists.get(r.group_id);
      if (!list) {
        list = { version: Number(r.member_version), uids: [], standing: new Map() };
        lists.set(r.group_id, list);
      }
      if (r.uid === null) continue;
      list.uids.push(r.uid);
      list.standing.set(r.uid, {
        role: r.role as GroupRole,
        mutedUntil: r.muted_until ? r.muted_until.getTime() : null,
      });
    }
    for (const [id, list] of lists) this.members.set(id, list);
    return lists;
  }

  /** One transaction: de-duplicate, check group sends, allocate seqs, insert messages and inbox entries, commit. */
  private async writeBatch(items: AppendItem[]): Promise<(AppendResult | Error)[]> {
    // (a) Within the batch, later copies of a (sender, client id) answer with the first one's result.
    const firstIndex = new Map<string, number>();
    const copyOf: number[] = items.map((item, i) => {
      const key = `${item.fromUid}\u0000${item.clientMsgId}`;
      const first = firstIndex.get(key);
      if (first !== undefined) return first;
      firstIndex.set(key, i);
      return i;
    });
    const unique = [...firstIndex.values()];
    const results: (AppendResult | Error | undefined)[] = new Array(items.length);

    // hot path: npm run bench -- c2c (and -- group): one hand-written transaction per batch.
    // A rerun (deadlock, or another writer's copy of a key) starts over with fresh results.
    await this.db.transaction(
      async (client) => {
        results.fill(undefined);
        // (b) Appends stored before (a retry, maybe through another server) get their original ack.
        const { rows: existing } = await client.query<ExistingRow>({
          ...SELECT_EXISTING,
          values: [unique.map((i) => items[i]?.fromUid), unique.map((i) => items[i]?.clientMsgId)],
        });
        const stored = new Map<string, ExistingRow>();
        for (const r of existing) stored.set(`${r.sender_id}\u0000${r.client_msg_id}`, r);
        const fresh: FreshItem[] = [];
        for (const i of unique) {
          const item = items[i] as AppendItem;
          const row = stored.get(`${item.fromUid}\u0000${item.clientMsgId}`);
          if (row?.body_hash && !row.body_hash.equals(item.hash)) {
            results[i] = conflictingRetry(item.convType, item.clientMsgId);
          } else if (row) {
            results[i] = {
              msgId: Number(row.id),
              sentAt: row.created_at.getTime(),
              senderSeq: Number(row.sender_seq ?? 0),
              duplicate: true,
              writes: [],
            };
          } else fresh.push({ index: i, item });
        }

        // (b') Group sends: lock the groups, check each sender, and give every member an entry.
        const ready = await this.checkReceivers(client, await this.resolveGroups(client, fresh, results), results);
        if (ready.length > 0) await this.insertFresh(client, ready, results);
        // (e) Only a committed batch is acknowledged.
      },
      { rerunnable: { also: (err) => err instanceof DuplicateRace } },
    );

    return items.map((item, i) => {
      const first = copyOf[i] as number;
      const r = results[first] as AppendResult | Error;
      if (first === i) return r;
      // A copy in the same batch is a retry of the first: the same body, or a conflict.
      if (!item.hash.equals((items[first] as AppendItem).hash))
        return conflictingRetry(item.convType, item.clientMsgId);
      if (r instanceof Error) return r;
      return { msgId: r.msgId, sentAt: r.sentAt, senderSeq: r.senderSeq, duplicate: true, writes: [] };
    });
  }

  /**
   * Locks the groups of the fresh group sends (shared, in id order), brings
   * their member lists up to the locked member_version, and turns each group
   * send into its entries: the sender's first, then every other member's.
   * A send that may not go through gets its error in `results` and is left out.
   */
  private async resolveGroups(
    client: pg.PoolClient,
    fresh: FreshItem[],
    results: (AppendResult | Error | undefined)[],
  ): Promise<FreshItem[]> {
    const groupIds = new Set<string>();
    for (const f of fresh) if (f.item.convType === ConvType.GROUP) groupIds.add(f.item.toId);
    if (groupIds.size === 0) return fresh;

    await client.query({ ...LOCK_GATES, values: [GROUP_GATE_CLASS, groupGateKeys(groupIds)] });
    const { rows: locked } = await client.query<LockedGroupRow>({ ...LOCK_GROUPS, values: [[...groupIds]] });
    const groups = new Map<string, { version: number; mutedAll: boolean }>();
    // Taken now: while this transaction waits for a read below, other lanes may replace cache entries.
    const lists = new Map<string, MemberList>();
    const stale = new Map<string, number>();
    for (const g of locked) {
      if (g.dismissed_at !== null) continue;
      const version = Number(g.member_version);
      groups.set(g.id, { version, mutedAll: g.muted_all });
      const cached = this.members.get(g.id, version);
      if (cached) lists.set(g.id, cached);
      else stale.set(g.id, version);
    }
    if (stale.size > 0) {
      // Under the shared lock no membership change can commit: these rows are exactly the locked version's.
      const { rows } = await client.query<MemberRow>({ ...LOAD_MEMBERS, values: [[...stale.keys()]] });
      for (const [id, list] of this.cacheMembers(rows, stale)) lists.set(id, list);
    }

    const now = Date.now();
    const ready: FreshItem[] = [];
    for (const f of fresh) {
      const { item } = f;
      if (item.convType !== ConvType.GROUP) {
        ready.push(f);
        continue;
      }
      const group = groups.get(item.toId);
      if (!group) {
        results[f.index] = new ImError("NOT_FOUND", `group ${item.toId} does not exist`);
        continue;
      }
      const list = lists.get(item.toId) as MemberList;
      try {
        checkPost(list.standing.get(item.fromUid), group.mutedAll, now);
      } catch (err) {
        results[f.index] = err as ImError;
        continue;
      }
      const entries = [{ owner: item.fromUid, convId: item.toId }];
      for (const uid of list.uids) if (uid !== item.fromUid) entries.push({ owner: uid, convId: item.toId });
      ready.push({ index: f.index, item: { ...item, entries } });
    }
    return ready;
  }

  /**
   * Leaves out system sends naming a receiver that does not exist (their
   * result becomes USER_NOT_FOUND). Users are never deleted, so the answer
   * holds until commit.
   */
  private async checkReceivers(
    client: pg.PoolClient,
    fresh: FreshItem[],
    results: (AppendResult | Error | undefined)[],
  ): Promise<FreshItem[]> {
    const receivers = new Set<string>();
    for (const f of fresh) {
      if (f.item.convType === ConvType.SYSTEM) for (const e of f.item.entries) receivers.add(e.owner);
    }
    if (receivers.size === 0) return fresh;
    const { rows } = await client.query<{ id: string }>({ ...USERS_EXISTING, values: [[...receivers]] });
    const known = new Set(rows.map((r) => r.id));
    return fresh.filter((f) => {
      if (f.item.convType !== ConvType.SYSTEM) return true;
      const missing = f.item.entries.filter((e) => !known.has(e.owner)).map((e) => e.owner);
      if (missing.length === 0) return true;
      results[f.index] = new ImError("USER_NOT_FOUND", `unknown users: ${missing.slice(0, 10).join(", ")}`);
      return false;
    });
  }

  private async insertFresh(
    client: pg.PoolClient,
    fresh: FreshItem[],
    results: (AppendResult | Error | undefined)[],
  ): Promise<void> {
    // (c) Allocate seqs: count the entries per owner, take them in one locked upsert.
    const counts = new Map<string, number>();
    for (const { item } of fresh) {
      for (const e of item.entries) counts.set(e.owner, (counts.get(e.owner) ?? 0) + 1);
    }
    const { rows: allocated } = await client.query<{ owner_id: string; last_seq: number | string }>({
      ...ALLOCATE_SEQS,
      values: [[...counts.keys()], [...counts.values()]],
    });
    const nextSeq = new Map<string, number>();
    for (const r of allocated) nextSeq.set(r.owner_id, Number(r.last_seq) - (counts.get(r.owner_id) ?? 0) + 1);
    // Seqs go out in batch order, which is call order for each sender (one lane per sender).
    const seqs: number[][] = fresh.map(({ item }) =>
      item.entries.map((e) => {
        const seq = nextSeq.get(e.owner) as number;
        nextSeq.set(e.owner, seq + 1);
        return seq;
      }),
    );

    // (d) Messages, each stored once, carrying the sender's seq.
    const freshItems = fresh.map((f) => f.item);
    const { rows: inserted } = await client.query<{
      id: number | string;
      sender_id: string;
      client_msg_id: string;
      created_at: Date;
    }>({
      ...INSERT_MESSAGES,
      values: [
        freshItems.map((m) => m.convType),
        freshItems.map((m) => m.fromUid),
        freshItems.map((m) => m.toId),
        freshItems.map((m) => m.clientMsgId),
        freshItems.map((m, k) => (m.entries[0]?.owner === m.fromUid ? seqs[k]?.[0] : null)),
        freshItems.map((m) => m.contentType),
        freshItems.map((m) => m.content),
        freshItems.map((m) => m.hash),
      ],
    });
    // Someone stored one of these keys since our check: the allocated seqs would leave a gap, start over.
    if (inserted.length !== freshItems.length) throw new DuplicateRace();
    const byKey = new Map<string, { id: number; sentAt: number }>();
    for (const r of inserted) {
      byKey.set(`${r.sender_id}\u0000${r.client_msg_id}`, { id: Number(r.id), sentAt: r.created_at.getTime() });
    }

    const owners: string[] = [];
    const entrySeqs: number[] = [];
    const messageIds: number[] = [];
    const convTypes: number[] = [];
    const convIds: string[] = [];
    const senders: string[] = [];
    freshItems.forEach((m, k) => {
      const stored = byKey.get(`${m.fromUid}\u0000${m.clientMsgId}`) as { id: number; sentAt: number };
      const itemSeqs = seqs[k] as number[];
      const writes: InboxWrite[] = m.entries.map((e, j) => {
        const seq = itemSeqs[j] as number;
        owners.push(e.owner);
        entrySeqs.push(seq);
        messageIds.push(stored.id);
        convTypes.push(m.convType);
        convIds.push(e.convId);
        senders.push(m.fromUid);
        return {
          ownerUid: e.owner,
          message: {
            msgId: stored.id,
            seq,
            convType: m.convType,
            convId: e.convId,
            fromUid: m.fromUid,
            toId: m.toId,
            clientMsgId: m.clientMsgId,
            contentType: m.contentType,
            content: m.content,
            sentAt: stored.sentAt,
          },
        };
      });
      const senderSeq = m.entries[0]?.owner === m.fromUid ? (itemSeqs[0] ?? 0) : 0;
      results[(fresh[k] as FreshItem).index] = {
        msgId: stored.id,
        sentAt: stored.sentAt,
        senderSeq,
        duplicate: false,
        writes,
      };
    });

    // (d) ...and one inbox entry per owner, referencing it.
    await client.query({ ...INSERT_INBOX, values: [owners, entrySeqs, messageIds, convTypes, convIds, senders] });
    // (d') ...and the owners' conversation rows (last message, unread), in the same transaction.
    await upsertConversations(
      client,
      owners.map((owner, k) => ({
        owner,
        convType: convTypes[k] as number,
        convId: convIds[k] as string,
        seq: entrySeqs[k] as number,
        msgId: messageIds[k] as number,
        senderId: senders[k] as string,
      })),
    );
  }

  /**
   * Writes the buffered delivery marks with one UPDATE; on failure they are
   * kept for the next round. Waits for a flush already running, then writes
   * what arrived meanwhile.
   */
  private flushMarks(): Promise<void> {
    if (this.markFlush) return this.markFlush.then(() => this.flushMarks());
    if (this.pendingMarkCount === 0) return Promise.resolve();
    const batch = this.pendingMarks;
    this.pendingMarks = new Map();
    this.pendingMarkCount = 0;
    this.flushingMarks = batch;
    const owners: string[] = [];
    const seqs: number[] = [];
    // Sorted, so concurrent flushes from several servers tend to lock rows in the same order.
    for (const owner of [...batch.keys()].sort()) {
      for (const seq of [...(batch.get(owner) as Set<number>)].sort((a, b) => a - b)) {
        owners.push(owner);
        seqs.push(seq);
      }
    }
    this.markFlush = this.pool
      .query({ ...MARK_DELIVERED, values: [owners, seqs] })
      .then(
        () => {},
        (err: unknown) => {
          this.onError(err);
          for (const [owner, set] of batch) this.markDelivered(owner, [...set]);
        },
      )
      .finally(() => {
        this.flushingMarks = new Map();
        this.markFlush = null;
      });
    return this.markFlush;
  }
}
