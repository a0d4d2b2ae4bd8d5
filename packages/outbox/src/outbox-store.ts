/** Status of an outbox event (the `status` column). */
export const OutboxStatus = {
  PENDING: 0,
  DELIVERED: 1,
  /** Gave up after maxAttempts; stays for inspection until retryDead(). */
  DEAD: 2,
} as const;

export type OutboxStatusValue = (typeof OutboxStatus)[keyof typeof OutboxStatus];

/** A message a client sent to a business line (c2s). */
export interface NewC2S {
  businessId: string;
  fromUid: string;
  clientMsgId: string;
  contentType: number;
  content: string;
  deviceType?: number;
}

export interface EnqueueResult {
  /** Deterministic per (businessId, fromUid, clientMsgId): a retried send gets the same id. */
  eventId: string;
  /** True when the event was already stored by an earlier send. */
  duplicate: boolean;
}

/** What a c2s event carries to the business line (the `payload` column). */
export interface C2SPayload {
  fromUid: string;
  clientMsgId: string;
  contentType: number;
  content: string;
  deviceType?: number;
  /** Unix ms when the server accepted the message. */
  sentAt: number;
}

/** Where a business line's c2s events go; each is delivered and retried on its own. */
export type C2STarget = "stream" | "webhook";

export interface OutboxEvent {
  /** Row id; claim/mark calls use it. */
  id: number;
  businessId: string;
  eventId: string;
  kind: string;
  payload: C2SPayload;
  status: OutboxStatusValue;
  /** Delivery attempts started so far (a claim counts as one). */
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
  /** When the line's Redis Stream took the event (it is not appended again on a retry). */
  streamDeliveredAt: number | null;
  /** When the line's webhook accepted the event (it is not called again on a retry). */
  webhookDeliveredAt: number | null;
}

/** A claimed event with where its business line wants it (null when the line has no webhook or no longer exists). */
export interface ClaimedEvent extends OutboxEvent {
  webhookUrl: string | null;
  webhookSecret: string | null;
  /** The line wants its events on its Redis Stream too (when the dispatcher has one). */
  stream: boolean;
}

/** One webhook call (or a refused one) by the dispatcher. */
export interface WebhookAttempt {
  businessId: string;
  eventId: string;
  /** ms since epoch, when the call started. */
  at: number;
  /** HTTP status; null when no answer came (timeout, connection refused, not sent). */
  status: number | null;
  latencyMs: number;
  ok: boolean;
  error: string | null;
  /** The first 512 bytes of the answer, as text. */
  responseExcerpt: string;
}

/** Bytes of a webhook answer kept with its attempt. */
export const RESPONSE_EXCERPT_BYTES = 512;

/** A change of where a business line's c2s events go; fields left out stay as they are. */
export interface TargetChange {
  /** null removes the webhook. */
  webhookUrl?: string | null;
  webhookSecret?: string | null;
  stream?: boolean;
  paused?: boolean;
}

/** Where a business line's c2s events go (the secret itself is never read back). */
export interface C2STargetSettings {
  webhookUrl: string | null;
  hasSecret: boolean;
  stream: boolean;
  paused: boolean;
}

/** c2s events of one business line, by status. */
export interface OutboxCounts {
  businessId: string;
  pending: number;
  dead: number;
}

/** Runs inside the change's transaction (e.g. its audit entry): if it throws, nothing changed. tx is undefined for memory stores. */
export interface OutboxWriteOptions<T> {
  beforeCommit?: (tx: unknown, result: T) => Promise<void>;
}

export interface ClaimOptions {
  /** Business lines to leave alone this time (e.g. those already at their concurrency limit). */
  excludeBusinessIds?: readonly string[];
}

export interface ListEventsQuery {
  businessId?: string;
  status?: OutboxStatusValue;
  /** Newest first; at most 500 (default 100). */
  limit?: number;
  /** Only events with a row id below this (paging). */
  beforeId?: number;
}

/**
 * The durable outbox of events bound for business lines.
 *
 * A line takes c2s events only when it has a target: a webhook, or its
 * stream when the outbox has streams (cluster mode). enqueueC2S refuses the
 * others at once (NOT_FOUND), so no client is acked for a message that can
 * only die. Each target of an event is delivered and retried on its own: a
 * target that took the event is not sent it again while another is retried.
 *
 * Guarantees: enqueueC2S resolves only after the event is committed, and is
 * idempotent per (businessId, fromUid, clientMsgId). claimDue hands an event to
 * at most one claimer until its lease runs out, across processes; an event whose
 * claimer died becomes due again when the lease ends. Delivery built on it is
 * therefore at-least-once: receivers deduplicate by eventId.
 */
export interface OutboxStore {
  /** Stores a c2s event; unknown business line, or one with no target → ImError NOT_FOUND. */
  enqueueC2S(msg: NewC2S): Promise<EnqueueResult>;
  /**
   * Claims up to `limit` pending events that are due, oldest due first, and
   * pushes their next_attempt_at `leaseMs` ahead, so nobody else claims them
   * meanwhile. Counts one attempt per claimed event. Events of a paused
   * business line stay where they are until it is resumed.
   */
  claimDue(limit: number, leaseMs: number, opts?: ClaimOptions): Promise<ClaimedEvent[]>;
  markDelivered(ids: readonly number[]): Promise<void>;
  /**
   * Records a failed attempt: due again after `retryInMs`, or dead (dead-letter).
   * `delivered` names the targets that took the event in this attempt; they
   * are skipped from then on (ClaimedEvent.streamDeliveredAt / webhookDeliveredAt).
   */
  markFailed(id: number, error: string, retryInMs: number | "dead", delivered?: readonly C2STarget[]): Promise<void>;
  /** Gives claimed events back without counting the attempt (e.g. their business line is busy). */
  release(ids: readonly number[]): Promise<void>;
  /** Keeps webhook attempts for inspection. */
  recordAttempts(attempts: readonly WebhookAttempt[]): Promise<void>;
  /** Deletes up to `limit` attempts older than `olderThanMs` and returns how many. */
  pruneAttempts(olderThanMs: number, limit: number): Promise<number>;
  listEvents(query: ListEventsQuery): Promise<OutboxEvent[]>;
  /**
   * Makes a dead event pending again with a fresh attempt budget; false when
   * no dead event has that id (of that business line, when given). Targets
   * that already took it are not sent it again.
   */
  retryDead(eventId: string, businessId?: string, opts?: OutboxWriteOptions<boolean>): Promise<boolean>;
  /** retryDead for every dead event of a business line; returns how many. */
  retryAllDead(businessId: string, opts?: OutboxWriteOptions<number>): Promise<number>;
  /** Deletes a dead event for good and returns it; null when no dead event has that id (of that line, when given). */
  discardDead(
    eventId: string,
    businessId?: string,
    opts?: OutboxWriteOptions<OutboxEvent | null>,
  ): Promise<OutboxEvent | null>;
  /** Pending (backlog) and dead events per business line that has any. */
  counts(): Promise<OutboxCounts[]>;
  /** Where a business line's events go; null when the line does not exist. */
  getTarget(businessId: string): Promise<C2STargetSettings | null>;
  /**
   * Changes where a line's events go, and returns the settings before and
   * after. A webhookUrl left without a secret is refused (INVALID_ARGUMENT);
   * unknown line → NOT_FOUND. Events already pending go to the new target.
   */
  updateTarget(
    businessId: string,
    change: TargetChange,
    opts?: OutboxWriteOptions<{ before: C2STargetSettings; after: C2STargetSettings }>,
  ): Promise<{ before: C2STargetSettings; after: C2STargetSettings }>;
  /**
   * Deletes up to `limit` delivered events older than `olderThanMs` (by
   * delivery time) and returns how many; dead and pending events are kept.
   */
  purgeDelivered(olderThanMs: number, limit: number): Promise<number>;
  /** Waits for enqueues in progress. */
  close(): Promise<void>;
}
