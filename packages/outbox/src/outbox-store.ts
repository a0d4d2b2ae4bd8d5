/** Status of an outbox event (the `status` column). */
export const OutboxStatus = {
  PENDING: 0,
  DELIVERED: 1,
  /** Gave up after maxAttempts; stays until an operator or its business line retries or discards it. */
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

/** c2s events of one business line, by status. */
export interface OutboxCounts {
  businessId: string;
  pending: number;
  dead: number;
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
 *
 * A line's target settings and its dead letters (list, retry, discard) are
 * administrative: they live in the business-line store (@im/storage), which
 * the console, the business API and the admin CLI share.
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
  /** Events, newest first, for inspection (tests, tools). */
  listEvents(query: ListEventsQuery): Promise<OutboxEvent[]>;
  /** Pending (backlog) and dead events per business line that has any. */
  counts(): Promise<OutboxCounts[]>;
  /**
   * Deletes up to `limit` delivered events older than `olderThanMs` (by
   * delivery time) and returns how many; dead and pending events are kept.
   */
  purgeDelivered(olderThanMs: number, limit: number): Promise<number>;
  /** Waits for enqueues in progress. */
  close(): Promise<void>;
}
