import type { DeliveryEvent, DeliveryEventKind, DeliveryLedger } from "@im/core";
import type pg from "pg";

export interface PgDeliveryLedgerOptions {
  /** How often buffered events are written (default 500 ms). */
  flushMs?: number;
  /** Buffered events that trigger a write at once (default 500). */
  flushAt?: number;
  /** Events held while the database is unreachable; beyond that new ones are dropped (default 100,000). */
  maxBuffered?: number;
  /** Events older than this are deleted (default 7 days); 0 keeps everything. */
  retentionMs?: number;
  /** How often old events are deleted (default 1 hour). */
  pruneEveryMs?: number;
  /** Rows deleted per statement while pruning, so a prune never holds long locks (default 10,000). */
  pruneChunk?: number;
  /** Failed writes and prunes, and dropped events; the chat path never sees them. */
  onError?: (err: unknown) => void;
}

const DAY_MS = 24 * 60 * 60 * 1000;

// hot path: npm run bench -- c2c / -- group: delivery events written in buffered multi-row batches.
const INSERT = `INSERT INTO delivery_ledger
  (owner_id, seq, message_id, kind, node_id, device_id, device_type, provider, result, at)
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::int[],
                       $8::text[], $9::text[], $10::timestamptz[])`;

export interface LedgerRow {
  owner_id: string;
  seq: string;
  message_id: string | null;
  kind: DeliveryEventKind;
  node_id: string;
  device_id: string | null;
  device_type: number | null;
  provider: string | null;
  result: string | null;
  at: Date;
}

/**
 * The ledger in PostgreSQL (table delivery_ledger): events are buffered and
 * written with one multi-row INSERT per batch, never one per push.
 */
export class PgDeliveryLedger implements DeliveryLedger {
  private buffer: DeliveryEvent[] = [];
  private writing: Promise<void> = Promise.resolve();
  private readonly flushTimer: NodeJS.Timeout;
  private readonly pruneTimer: NodeJS.Timeout | null;
  private readonly flushAt: number;
  private readonly maxBuffered: number;
  private readonly retentionMs: number;
  private readonly pruneChunk: number;
  private readonly onError: (err: unknown) => void;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    opts: PgDeliveryLedgerOptions = {},
  ) {
    this.flushAt = opts.flushAt ?? 500;
    this.maxBuffered = opts.maxBuffered ?? 100_000;
    this.retentionMs = opts.retentionMs ?? 7 * DAY_MS;
    this.pruneChunk = opts.pruneChunk ?? 10_000;
    this.onError = opts.onError ?? (() => {});
    this.flushTimer = setInterval(() => void this.flush(), opts.flushMs ?? 500);
    this.flushTimer.unref();
    this.pruneTimer =
      this.retentionMs > 0
        ? setInterval(
            () => void this.pruneBefore(Date.now() - this.retentionMs).catch(this.onError),
            opts.pruneEveryMs ?? 60 * 60 * 1000,
          )
        : null;
    this.pruneTimer?.unref();
  }

  record(event: DeliveryEvent): void {
    if (this.closed) return;
    if (this.buffer.length >= this.maxBuffered) {
      this.onError(new Error("delivery ledger buffer is full: event dropped"));
      return;
    }
    this.buffer.push(event);
    if (this.buffer.length >= this.flushAt) void this.flush();
  }

  /** Writes are chained, so batches land in record order and flush() waits for the ones before it. */
  flush(): Promise<void> {
    const batch = this.buffer;
    if (batch.length > 0) {
      this.buffer = [];
      this.writing = this.writing.then(() => this.write(batch));
    }
    return this.writing;
  }

  private async write(batch: DeliveryEvent[]): Promise<void> {
    try {
      await this.pool.query(INSERT, [
        batch.map((e) => e.ownerUid),
        batch.map((e) => e.seq),
        batch.map((e) => e.msgId),
        batch.map((e) => e.kind),
        batch.map((e) => e.nodeId),
        batch.map((e) => e.deviceId),
        batch.map((e) => e.deviceType),
        batch.map((e) => e.provider),
        batch.map((e) => e.result),
        batch.map((e) => new Date(e.at)),
      ]);
    } catch (err) {
      // Kept for the next flush unless that would exceed the bound.
      if (this.buffer.length + batch.length <= this.maxBuffered && !this.closed) this.buffer.unshift(...batch);
      this.onError(err);
    }
  }

  async eventsOf(entries: readonly { ownerUid: string; seq: number }[]): Promise<DeliveryEvent[]> {
    if (entries.length === 0) return [];
    const { rows } = await this.pool.query<LedgerRow>(
      `SELECT l.owner_id, l.seq, l.message_id, l.kind, l.node_id, l.device_id, l.device_type, l.provider, l.result, l.at
       FROM unnest($1::text[], $2::bigint[]) AS e(owner_id, seq)
       JOIN delivery_ledger l ON l.owner_id = e.owner_id AND l.seq = e.seq
       ORDER BY l.at, l.id`,
      [entries.map((e) => e.ownerUid), entries.map((e) => e.seq)],
    );
    return rows.map(ledgerEventFromRow);
  }

  async pruneBefore(at: number): Promise<number> {
    let removed = 0;
    for (;;) {
      const { rowCount } = await this.pool.query(
        `DELETE FROM delivery_ledger WHERE id IN (SELECT id FROM delivery_ledger WHERE at < $1 LIMIT $2)`,
        [new Date(at), this.pruneChunk],
      );
      removed += rowCount ?? 0;
      if ((rowCount ?? 0) < this.pruneChunk) return removed;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.flushTimer);
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await this.flush();
    this.closed = true;
  }
}

export function ledgerEventFromRow(r: LedgerRow): DeliveryEvent {
  return {
    ownerUid: r.owner_id,
    seq: Number(r.seq),
    msgId: r.message_id === null ? null : Number(r.message_id),
    kind: r.kind,
    nodeId: r.node_id,
    deviceId: r.device_id,
    deviceType: r.device_type,
    provider: r.provider,
    result: r.result,
    at: r.at.getTime(),
  };
}
