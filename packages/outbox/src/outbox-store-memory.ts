import { ImError } from "@im/core";
import { c2sEventId } from "./event-id.ts";
import {
  type C2SPayload,
  type C2STarget,
  type ClaimedEvent,
  type ClaimOptions,
  type EnqueueResult,
  type ListEventsQuery,
  type NewC2S,
  type OutboxCounts,
  type OutboxEvent,
  OutboxStatus,
  type OutboxStore,
  type WebhookAttempt,
} from "./outbox-store.ts";
import { checkNewC2S, noTarget, reusedClientMsgId, sameBody } from "./validate.ts";

export interface MemoryBusinessLine {
  webhookUrl?: string | null;
  webhookSecret?: string | null;
  /** Default true. */
  stream?: boolean;
  paused?: boolean;
}

/**
 * The outbox in this process's memory, for tests and tools: same semantics
 * as the PostgreSQL store within one process, nothing survives a restart.
 */
export class MemoryOutboxStore implements OutboxStore {
  private readonly lines = new Map<string, MemoryBusinessLine>();
  private readonly byEventId = new Map<string, OutboxEvent>();
  private readonly byId = new Map<number, OutboxEvent>();
  private nextId = 1;
  /** Recorded webhook attempts, oldest first. */
  readonly attempts: WebhookAttempt[] = [];

  /** `streams`: whether a dispatcher appends to the lines' streams (default true), as in PgOutboxStore. */
  constructor(private readonly opts: { onEnqueued?: () => void; streams?: boolean } = {}) {}

  /** Adds or changes a business line (the `business_lines` table of the PostgreSQL store). */
  setBusinessLine(id: string, line: MemoryBusinessLine = {}): void {
    this.lines.set(id, line);
  }

  async enqueueC2S(msg: NewC2S): Promise<EnqueueResult> {
    checkNewC2S(msg);
    const line = this.lines.get(msg.businessId);
    if (!line) throw new ImError("NOT_FOUND", `business line ${msg.businessId} does not exist`);
    const eventId = c2sEventId(msg.businessId, msg.fromUid, msg.clientMsgId);
    const stored = this.byEventId.get(eventId);
    if (stored) {
      if (!sameBody(stored.payload, msg)) throw reusedClientMsgId(msg.clientMsgId);
      return { eventId, duplicate: true };
    }
    const webhook = Boolean(line.webhookUrl && line.webhookSecret);
    if (!webhook && !((line.stream ?? true) && (this.opts.streams ?? true))) throw noTarget(msg.businessId);
    const now = Date.now();
    const payload: C2SPayload = {
      fromUid: msg.fromUid,
      clientMsgId: msg.clientMsgId,
      contentType: msg.contentType,
      content: msg.content,
      sentAt: now,
    };
    if (msg.deviceType !== undefined) payload.deviceType = msg.deviceType;
    const event: OutboxEvent = {
      id: this.nextId++,
      businessId: msg.businessId,
      eventId,
      kind: "c2s",
      payload,
      status: OutboxStatus.PENDING,
      attempts: 0,
      nextAttemptAt: now,
      lastError: null,
      createdAt: now,
      deliveredAt: null,
      streamDeliveredAt: null,
      webhookDeliveredAt: null,
    };
    this.byEventId.set(eventId, event);
    this.byId.set(event.id, event);
    this.opts.onEnqueued?.();
    return { eventId, duplicate: false };
  }

  async claimDue(limit: number, leaseMs: number, opts: ClaimOptions = {}): Promise<ClaimedEvent[]> {
    const now = Date.now();
    const excluded = new Set(opts.excludeBusinessIds ?? []);
    const due = [...this.byId.values()]
      .filter(
        (e) =>
          e.status === OutboxStatus.PENDING &&
          e.nextAttemptAt <= now &&
          !excluded.has(e.businessId) &&
          this.lines.get(e.businessId)?.paused !== true,
      )
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id)
      .slice(0, Math.max(0, limit));
    return due.map((e) => {
      e.attempts++;
      e.nextAttemptAt = now + leaseMs;
      const line = this.lines.get(e.businessId);
      return {
        ...copy(e),
        webhookUrl: line?.webhookUrl ?? null,
        webhookSecret: line?.webhookSecret ?? null,
        stream: line?.stream ?? true,
      };
    });
  }

  async markDelivered(ids: readonly number[]): Promise<void> {
    for (const id of ids) {
      const e = this.byId.get(id);
      if (e?.status !== OutboxStatus.PENDING) continue;
      e.status = OutboxStatus.DELIVERED;
      e.deliveredAt = Date.now();
      e.lastError = null;
    }
  }

  async markFailed(
    id: number,
    error: string,
    retryInMs: number | "dead",
    delivered: readonly C2STarget[] = [],
  ): Promise<void> {
    const e = this.byId.get(id);
    if (e?.status !== OutboxStatus.PENDING) return;
    e.lastError = error.slice(0, 500);
    const now = Date.now();
    if (delivered.includes("stream")) e.streamDeliveredAt ??= now;
    if (delivered.includes("webhook")) e.webhookDeliveredAt ??= now;
    if (retryInMs === "dead") e.status = OutboxStatus.DEAD;
    else e.nextAttemptAt = Date.now() + Math.max(0, retryInMs);
  }

  async release(ids: readonly number[]): Promise<void> {
    for (const id of ids) {
      const e = this.byId.get(id);
      if (e?.status !== OutboxStatus.PENDING) continue;
      e.attempts = Math.max(0, e.attempts - 1);
      e.nextAttemptAt = Date.now();
    }
  }

  async recordAttempts(attempts: readonly WebhookAttempt[]): Promise<void> {
    for (const a of attempts) this.attempts.push({ ...a });
  }

  async pruneAttempts(olderThanMs: number, limit: number): Promise<number> {
    const cutoff = Date.now() - Math.max(0, olderThanMs);
    let pruned = 0;
    for (let i = 0; i < this.attempts.length && pruned < limit; ) {
      if ((this.attempts[i] as WebhookAttempt).at < cutoff) {
        this.attempts.splice(i, 1);
        pruned++;
      } else i++;
    }
    return pruned;
  }

  async listEvents(query: ListEventsQuery): Promise<OutboxEvent[]> {
    const limit = Math.min(500, Math.max(1, query.limit ?? 100));
    return [...this.byId.values()]
      .filter(
        (e) =>
          (query.businessId === undefined || e.businessId === query.businessId) &&
          (query.status === undefined || e.status === query.status) &&
          (query.beforeId === undefined || e.id < query.beforeId),
      )
      .sort((a, b) => b.id - a.id)
      .slice(0, limit)
      .map(copy);
  }

  async counts(): Promise<OutboxCounts[]> {
    const by = new Map<string, OutboxCounts>();
    for (const e of this.byId.values()) {
      if (e.status === OutboxStatus.DELIVERED) continue;
      let c = by.get(e.businessId);
      if (!c) {
        c = { businessId: e.businessId, pending: 0, dead: 0 };
        by.set(e.businessId, c);
      }
      if (e.status === OutboxStatus.PENDING) c.pending++;
      else c.dead++;
    }
    return [...by.values()].sort((a, b) => (a.businessId < b.businessId ? -1 : a.businessId > b.businessId ? 1 : 0));
  }

  async purgeDelivered(olderThanMs: number, limit: number): Promise<number> {
    const cutoff = Date.now() - Math.max(0, olderThanMs);
    let purged = 0;
    for (const e of this.byId.values()) {
      if (purged >= limit) break;
      if (e.status !== OutboxStatus.DELIVERED || e.deliveredAt === null || e.deliveredAt >= cutoff) continue;
      this.byId.delete(e.id);
      this.byEventId.delete(e.eventId);
      purged++;
    }
    return purged;
  }

  async close(): Promise<void> {}
}

function copy(e: OutboxEvent): OutboxEvent {
  return { ...e, payload: { ...e.payload } };
}
