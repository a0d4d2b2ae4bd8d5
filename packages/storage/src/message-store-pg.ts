import {
  type AppendResult,
  Batcher,
  type C2CSend,
  ConvType,
  ImError,
  type InboxMessage,
  type InboxWrite,
  type MessageStore,
  type PullPage,
} from "@im/core";
import type pg from "pg";
import { upsertConversations } from "./conversation-writes.ts";
import { checkC2CSend, checkId, checkPull, checkSeq } from "./validate.ts";

export interface PgMessageStoreOptions {
  /** Most appends committed in one transaction (default 512). */
  maxBatch?: number;
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
  /** Owners of the inbox entries with the conversation id each sees; the sender's own entry first. */
  entries: { owner: string; convId: string }[];
}

interface ExistingRow {
  sender_id: string;
  client_msg_id: string;
  id: number | string;
  sender_seq: number | string | null;
  created_at: Date;
}

interface PullRow {
  max_seq: number | string;
  seq: number | string | null;
  conv_type: number;
  conv_id: string;
  message_id: number | string;
  sender_id: string;
  target_id: string;
  client_msg_id: string;
  content_type: number;
  content: string;
  created_at: Date;
}

/** A concurrent transaction stored one of our (sender, client_msg_id) keys between our check and insert. */
class DuplicateRace extends Error {}

const RETRYABLE_SQLSTATES = new Set(["40001", "40P01"]); // serialization failure, deadlock detected
const MAX_ATTEMPTS = 3;

// Statements are named so each connection parses and plans them once.
const SELECT_EXISTING = {
  name: "im_msg_existing",
  text: `SELECT m.sender_id, m.client_msg_id, m.id, m.sender_seq, m.created_at
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
  text: `INSERT INTO messages (conv_type, sender_id, target_id, client_msg_id, sender_seq, content_type, content)
         SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::int[], $7::text[])
         ON CONFLICT (sender_id, client_msg_id) DO NOTHING
         RETURNING id, sender_id, client_msg_id, created_at`,
};
const INSERT_INBOX = {
  name: "im_inbox_insert",
  text: `INSERT INTO inbox (owner_id, seq, message_id, conv_type, conv_id, sender_id)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::int[], $5::text[], $6::text[])`,
};
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
  private readonly onError: (err: unknown) => void;
  private readonly maxPendingMarks: number;
  /** Delivery marks not yet written, owner → seqs; swapped out by each flush. */
  private pendingMarks = new Map<string, Set<number>>();
  private pendingMarkCount = 0;
  /** Marks being written right now (still answered by isDelivered). */
  private flushingMarks = new Map<string, Set<number>>();
  private markFlush: Promise<void> | null = null;
  private readonly markTimer: NodeJS.Timeout;
  private closed = false;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly opts: PgMessageStoreOptions = {},
  ) {
    const laneCount = Math.max(1, opts.lanes ?? 4);
    this.onError = opts.onError ?? (() => {});
    this.maxPendingMarks = opts.maxPendingMarks ?? 1_000_000;
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
    });
  }

  async pull(ownerUid: string, afterSeq: number, limit: number): Promise<PullPage> {
    checkId("ownerUid", ownerUid);
    checkPull(afterSeq, limit);
    const { rows } = await this.read<PullRow>(PULL, [ownerUid, afterSeq, limit]);
    const maxSeq = Number(rows[0]?.max_seq ?? 0);
    const messages: InboxMessage[] = [];
    for (const r of rows) {
      if (r.seq === null) continue;
      messages.push({
        msgId: Number(r.message_id),
        seq: Number(r.seq),
        convType: r.conv_type as ConvType,
        convId: r.conv_id,
        fromUid: r.sender_id,
        toId: r.target_id,
        clientMsgId: r.client_msg_id,
        contentType: r.content_type,
        content: r.content,
        sentAt: r.created_at.getTime(),
      });
    }
    const last = messages.at(-1)?.seq ?? afterSeq;
    return { messages, hasMore: last < maxSeq, maxSeq };
  }

  async maxSeq(ownerUid: string): Promise<number> {
    checkId("ownerUid", ownerUid);
    const { rows } = await this.read<{ last_seq: number | string }>(
      { name: "im_seq_max", text: "SELECT last_seq FROM user_seqs WHERE owner_id = $1" },
      [ownerUid],
    );
    return Number(rows[0]?.last_seq ?? 0);
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
    checkId("ownerUid", ownerUid);
    checkSeq("seq", seq);
    const marked = this.pendingMarks.get(ownerUid)?.has(seq) || this.flushingMarks.get(ownerUid)?.has(seq) || false;
    const { rows } = await this.read<{ delivered: boolean }>(IS_DELIVERED, [ownerUid, seq, marked]);
    return rows[0]?.delivered === true;
  }

  async flush(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.flush()));
    await this.flushMarks();
  }

  close(): Promise<void> {
    this.closed = true;
    this.closing ??= (async () => {
      await Promise.all(this.lanes.map((lane) => lane.close()));
      clearInterval(this.markTimer);
      await this.flushMarks();
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

  private async read<R extends pg.QueryResultRow>(
    query: { name: string; text: string },
    values: unknown[],
  ): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>({ ...query, values });
    } catch (err) {
      this.onError(err);
      throw new ImError("UNAVAILABLE", "message storage unavailable");
    }
  }

  private async runBatch(lane: number, items: AppendItem[]): Promise<AppendResult[]> {
    const started = performance.now();
    for (let attempt = 1; ; attempt++) {
      try {
        const results = await this.writeBatch(items);
        this.opts.onBatch?.({ lane, size: items.length, durationMs: performance.now() - started });
        return results;
      } catch (err) {
        if (attempt < MAX_ATTEMPTS && isRetryable(err)) continue;
        this.onError(err);
        throw new ImError("UNAVAILABLE", "message storage unavailable, retry", 100);
      }
    }
  }

  /** One transaction: de-duplicate, allocate seqs, insert messages and inbox entries, commit. */
  private async writeBatch(items: AppendItem[]): Promise<AppendResult[]> {
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
    const results: (AppendResult | undefined)[] = new Array(items.length);

    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");

      // (b) Appends stored before (a retry, maybe through another server) get their original ack.
      const { rows: existing } = await client.query<ExistingRow>({
        ...SELECT_EXISTING,
        values: [unique.map((i) => items[i]?.fromUid), unique.map((i) => items[i]?.clientMsgId)],
      });
      const stored = new Map<string, ExistingRow>();
      for (const r of existing) stored.set(`${r.sender_id}\u0000${r.client_msg_id}`, r);
      const fresh: number[] = [];
      for (const i of unique) {
        const item = items[i] as AppendItem;
        const row = stored.get(`${item.fromUid}\u0000${item.clientMsgId}`);
        if (row) {
          results[i] = {
            msgId: Number(row.id),
            sentAt: row.created_at.getTime(),
            senderSeq: Number(row.sender_seq ?? 0),
            duplicate: true,
            writes: [],
          };
        } else fresh.push(i);
      }

      if (fresh.length > 0) await this.insertFresh(client, items, fresh, results);
      // (e) Only a committed batch is acknowledged.
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch((rollbackErr: Error) => {
        broken = rollbackErr;
      });
      throw err;
    } finally {
      client.release(broken);
    }

    return items.map((_, i) => {
      const first = copyOf[i] as number;
      const r = results[first] as AppendResult;
      return first === i
        ? r
        : { msgId: r.msgId, sentAt: r.sentAt, senderSeq: r.senderSeq, duplicate: true, writes: [] };
    });
  }

  private async insertFresh(
    client: pg.PoolClient,
    items: AppendItem[],
    fresh: number[],
    results: (AppendResult | undefined)[],
  ): Promise<void> {
    // (c) Allocate seqs: count the entries per owner, take them in one locked upsert.
    const counts = new Map<string, number>();
    for (const i of fresh) {
      for (const e of (items[i] as AppendItem).entries) counts.set(e.owner, (counts.get(e.owner) ?? 0) + 1);
    }
    const { rows: allocated } = await client.query<{ owner_id: string; last_seq: number | string }>({
      ...ALLOCATE_SEQS,
      values: [[...counts.keys()], [...counts.values()]],
    });
    const nextSeq = new Map<string, number>();
    for (const r of allocated) nextSeq.set(r.owner_id, Number(r.last_seq) - (counts.get(r.owner_id) ?? 0) + 1);
    // Seqs go out in batch order, which is call order for each sender (one lane per sender).
    const seqs: number[][] = fresh.map((i) =>
      (items[i] as AppendItem).entries.map((e) => {
        const seq = nextSeq.get(e.owner) as number;
        nextSeq.set(e.owner, seq + 1);
        return seq;
      }),
    );

    // (d) Messages, each stored once, carrying the sender's seq.
    const freshItems = fresh.map((i) => items[i] as AppendItem);
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
      results[fresh[k] as number] = { msgId: stored.id, sentAt: stored.sentAt, senderSeq, duplicate: false, writes };
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

function isRetryable(err: unknown): boolean {
  if (err instanceof DuplicateRace) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && RETRYABLE_SQLSTATES.has(code);
}
