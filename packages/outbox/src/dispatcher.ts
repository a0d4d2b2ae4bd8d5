import { DEFAULT_KEY_PREFIX, type RedisKeys, redisKeys } from "@im/cluster";
import { Batcher, backoffDelay } from "@im/core";
import { signWebhook, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER } from "@im/push";
import type { Redis } from "ioredis";
import {
  type C2STarget,
  type ClaimedEvent,
  type OutboxStore,
  RESPONSE_EXCERPT_BYTES,
  type WebhookAttempt,
} from "./outbox-store.ts";

export const WEBHOOK_EVENT_ID_HEADER = "x-im-event-id";

export interface OutboxDispatcherOptions {
  store: OutboxStore;
  /**
   * When given, every event is also appended to its business line's stream
   * (cluster mode), named by the key table (`redisKeys(prefix).c2sStream`, e.g.
   * `im:c2s:{<businessId>}`). Entries have the fields eventId, kind, businessId,
   * fromUid, clientMsgId, contentType, content, sentAt. Business lines read them
   * with consumer groups (XGROUP CREATE … MKSTREAM, XREADGROUP, XACK). Delivery is
   * at-least-once: an entry may appear twice with the same eventId (e.g. the stream
   * write succeeded but the webhook failed and the event was retried), so consumers
   * deduplicate by eventId. Do not share it with blocking reads (XREADGROUP BLOCK):
   * the appends would wait behind them.
   */
  redis?: Redis;
  /** Redis key prefix (default `im:`). */
  streamPrefix?: string;
  /** Approximate length each stream is trimmed to (default 100,000). */
  streamMaxLen?: number;
  /** How often to look for due events when not nudged (default 500 ms). */
  pollMs?: number;
  /** How long a claimed event is reserved for this dispatcher (default 30 s); longer than timeoutMs. */
  leaseMs?: number;
  /** Events being delivered at once, in all (default 16). */
  concurrency?: number;
  /** Events being delivered at once to one business line (default 4). */
  perBusinessConcurrency?: number;
  /** Attempts per event, the first included, before it is dead (default 10). */
  maxAttempts?: number;
  /** Delay before the first retry (default 1 s); doubles with each retry, with jitter. */
  baseDelayMs?: number;
  /** Longest delay between attempts (default 5 min). */
  maxDelayMs?: number;
  /** Per-request webhook timeout (default 5 s). */
  timeoutMs?: number;
  /** How long stop() waits for deliveries in flight before aborting them (default 5 s). */
  stopTimeoutMs?: number;
  fetch?: typeof fetch;
  /** In [0, 1); injectable for tests. */
  random?: () => number;
  /** How long webhook attempts are kept (default 7 days); 0 keeps them. */
  attemptRetentionMs?: number;
  /** How often old attempts are deleted (default 1 hour). */
  pruneEveryMs?: number;
  /** Called with failures of the store itself (e.g. the database is down). */
  onError?: (err: unknown) => void;
}

export interface OutboxDispatcherStats {
  delivered: number;
  retried: number;
  dead: number;
  inFlight: number;
}

/**
 * Delivers outbox events to their business lines: polls the store for due
 * events (and sooner when nudged), sends each to the line's webhook and/or
 * Redis Stream, and records the outcome. Failures are retried with
 * exponential backoff and jitter up to maxAttempts, then the event is dead
 * (kept, listed, retryable). Concurrency is bounded in all and per business
 * line, so one slow endpoint neither starves the others nor gets a storm.
 * Several dispatchers (processes) may share one store.
 */
export class OutboxDispatcher {
  private readonly store: OutboxStore;
  private readonly keys: RedisKeys;
  private readonly fetch: typeof fetch;
  private readonly random: () => number;
  private readonly perBusiness = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly controllers = new Set<AbortController>();
  private readonly counters = { delivered: 0, retried: 0, dead: 0 };
  // Deliveries that finish together are recorded in one UPDATE.
  private readonly delivered: Batcher<number, void>;
  private readonly attempts: Batcher<WebhookAttempt, void>;
  private loop: Promise<void> | null = null;
  private pruner: NodeJS.Timeout | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private nudged = false;

  constructor(private readonly opts: OutboxDispatcherOptions) {
    this.keys = redisKeys(opts.streamPrefix ?? DEFAULT_KEY_PREFIX);
    for (const key of ["concurrency", "perBusinessConcurrency", "maxAttempts"] as const) {
      const value = opts[key];
      if (value !== undefined && !(Number.isInteger(value) && value >= 1))
        throw new Error(`OutboxDispatcher: ${key} must be a positive integer`);
    }
    // A lease shorter than one attempt would let another dispatcher send the event meanwhile.
    if ((opts.leaseMs ?? 30_000) <= (opts.timeoutMs ?? 5_000) * 2)
      throw new Error("OutboxDispatcher: leaseMs must exceed twice timeoutMs");
    this.store = opts.store;
    this.fetch = opts.fetch ?? globalThis.fetch;
    this.random = opts.random ?? Math.random;
    this.delivered = new Batcher({
      maxBatch: 256,
      lingerMs: 0,
      run: async (ids) => {
        await this.store.markDelivered(ids);
        return ids.map(() => undefined);
      },
    });
    this.attempts = new Batcher({
      maxBatch: 256,
      lingerMs: 0,
      run: async (attempts) => {
        await this.store.recordAttempts(attempts);
        return attempts.map(() => undefined);
      },
    });
  }

  /** Keeps an attempt for the console; losing one must not fail or delay the delivery. */
  private noteAttempt(attempt: WebhookAttempt): void {
    this.attempts.add(attempt).catch((err) => this.opts.onError?.(err));
  }

  start(): void {
    if (this.loop || this.stopping) return;
    this.loop = this.run();
    const retentionMs = this.opts.attemptRetentionMs ?? 7 * 24 * 60 * 60 * 1000;
    if (retentionMs > 0) {
      this.pruner = setInterval(() => void this.pruneAttempts(retentionMs), this.opts.pruneEveryMs ?? 60 * 60 * 1000);
      this.pruner.unref();
    }
  }

  /** Deletes attempts past the retention in bounded chunks, so no statement holds locks for long. */
  private async pruneAttempts(retentionMs: number): Promise<void> {
    try {
      while (!this.stopping && (await this.store.pruneAttempts(retentionMs, 10_000)) === 10_000);
    } catch (err) {
      this.opts.onError?.(err);
    }
  }

  /** Looks for due events now instead of at the next poll (e.g. right after an enqueue). */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  stats(): OutboxDispatcherStats {
    return { ...this.counters, inFlight: this.inFlight.size };
  }

  /**
   * Stops claiming, lets deliveries in flight finish for up to stopTimeoutMs,
   * then aborts the rest; aborted events are due again at once for whoever
   * runs next. Nothing claimed is lost: at worst it waits for its lease.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.pruner) clearInterval(this.pruner);
    this.wake?.();
    await this.loop;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.opts.stopTimeoutMs ?? 5_000);
    });
    await Promise.race([Promise.allSettled([...this.inFlight]), deadline]);
    clearTimeout(timer);
    for (const c of this.controllers) c.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  private get concurrency(): number {
    return this.opts.concurrency ?? 16;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      this.nudged = false;
      let claimedFull = false;
      const free = this.concurrency - this.inFlight.size;
      if (free > 0) {
        try {
          claimedFull = (await this.claim(free)) >= free;
        } catch (err) {
          this.opts.onError?.(err);
        }
      }
      if (this.stopping) break;
      // A full claim means more may be due: go again as soon as a slot frees.
      if (this.nudged || (claimedFull && this.inFlight.size < this.concurrency)) continue;
      await this.sleep(this.opts.pollMs ?? 500);
    }
  }

  /** Waits for `ms`, or less when nudged or when a delivery finishes. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /** Claims and starts up to `free` deliveries; returns how many events were claimed. */
  private async claim(free: number): Promise<number> {
    const limit = this.opts.perBusinessConcurrency ?? 4;
    const busy = [...this.perBusiness].filter(([, n]) => n >= limit).map(([id]) => id);
    const events = await this.store.claimDue(free, this.opts.leaseMs ?? 30_000, { excludeBusinessIds: busy });
    const giveBack: number[] = [];
    for (const event of events) {
      const running = this.perBusiness.get(event.businessId) ?? 0;
      // One claim may return more of a line's events than it has slots for; the rest go back at once.
      if (running >= limit || this.stopping) {
        giveBack.push(event.id);
        continue;
      }
      this.perBusiness.set(event.businessId, running + 1);
      const p: Promise<void> = this.deliver(event).finally(() => {
        this.inFlight.delete(p);
        const n = (this.perBusiness.get(event.businessId) ?? 1) - 1;
        if (n > 0) this.perBusiness.set(event.businessId, n);
        else this.perBusiness.delete(event.businessId);
        this.wake?.();
      });
      this.inFlight.add(p);
    }
    if (giveBack.length > 0) await this.store.release(giveBack);
    return events.length;
  }

  /**
   * One delivery attempt of an event and its bookkeeping; never rejects. The
   * targets the event still needs are tried side by side; one that takes it
   * is recorded and skipped on the next attempt, so only the failing one is retried.
   */
  private async deliver(event: ClaimedEvent): Promise<void> {
    const redis = event.stream ? this.opts.redis : undefined;
    const tries: { target: C2STarget; run: () => Promise<void> }[] = [];
    if (redis && event.streamDeliveredAt === null)
      tries.push({ target: "stream", run: () => this.appendToStream(redis, event) });
    if (event.webhookUrl && event.webhookDeliveredAt === null) {
      const { webhookUrl, webhookSecret } = event;
      tries.push({
        target: "webhook",
        run: async () => {
          // Unsigned calls are never sent: the receiver could not tell them from forgeries.
          if (!webhookSecret) {
            const error = "business line has no webhook secret";
            this.noteAttempt({ ...attemptOf(event, Date.now()), latencyMs: 0, ok: false, error });
            throw new Error(error);
          }
          await this.postWebhook(event, webhookUrl, webhookSecret);
        },
      });
    }
    const delivered: C2STarget[] = [];
    const errors: string[] = [];
    let aborted = false;
    if (!redis && !event.webhookUrl) errors.push("business line has no webhook and no stream");
    const outcomes = await Promise.allSettled(tries.map((t) => t.run()));
    outcomes.forEach((outcome, i) => {
      const target = (tries[i] as (typeof tries)[number]).target;
      if (outcome.status === "fulfilled") {
        delivered.push(target);
        return;
      }
      const err: unknown = outcome.reason;
      if (this.stopping && err instanceof Error && err.name === "AbortError") aborted = true;
      const message = err instanceof Error ? err.message : String(err);
      errors.push(message.startsWith(target) ? message : `${target}: ${message}`);
    });
    const error = errors.length > 0 ? errors.join("; ") : null;
    try {
      if (error === null) {
        await this.delivered.add(event.id);
        this.counters.delivered++;
      } else if (aborted) {
        await this.store.markFailed(event.id, "dispatcher stopped", 0, delivered);
      } else if (event.attempts >= (this.opts.maxAttempts ?? 10)) {
        await this.store.markFailed(event.id, error, "dead", delivered);
        this.counters.dead++;
      } else {
        const delay = backoffDelay(
          event.attempts - 1,
          this.opts.baseDelayMs ?? 1_000,
          this.opts.maxDelayMs ?? 300_000,
          this.random,
        );
        await this.store.markFailed(event.id, error, delay, delivered);
        this.counters.retried++;
      }
    } catch (err) {
      // The lease runs out and the event is claimed again: delivered twice at worst.
      this.opts.onError?.(err);
    }
  }

  /** Appends the event; gives up after timeoutMs, so a stalled Redis cannot outlast the lease. */
  private async appendToStream(redis: Redis, event: ClaimedEvent): Promise<void> {
    const p = event.payload;
    const timeoutMs = this.opts.timeoutMs ?? 5_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`stream append timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    const append = redis.xadd(
      this.keys.c2sStream(event.businessId),
      "MAXLEN",
      "~",
      this.opts.streamMaxLen ?? 100_000,
      "*",
      "eventId",
      event.eventId,
      "kind",
      event.kind,
      "businessId",
      event.businessId,
      "fromUid",
      p.fromUid,
      "clientMsgId",
      p.clientMsgId,
      "contentType",
      String(p.contentType),
      "content",
      p.content,
      "sentAt",
      String(p.sentAt),
    );
    try {
      await Promise.race([append, timeout]);
    } finally {
      clearTimeout(timer);
      append.catch(() => {}); // a late failure after the timeout is already counted
    }
  }

  private async postWebhook(event: ClaimedEvent, url: string, secret: string): Promise<void> {
    const p = event.payload;
    const body = JSON.stringify({
      eventId: event.eventId,
      kind: event.kind,
      businessId: event.businessId,
      fromUid: p.fromUid,
      clientMsgId: p.clientMsgId,
      contentType: p.contentType,
      content: p.content,
      sentAt: p.sentAt,
    });
    // A fresh timestamp per attempt: receivers reject stale ones, and a retry may come much later.
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      [WEBHOOK_EVENT_ID_HEADER]: event.eventId,
      [WEBHOOK_TIMESTAMP_HEADER]: String(timestamp),
      [WEBHOOK_SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
    };
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(), this.opts.timeoutMs ?? 5_000);
    const attempt = attemptOf(event, Date.now());
    const started = performance.now();
    try {
      const res = await this.fetch(url, {
        method: "POST",
        headers,
        body,
        redirect: "manual",
        signal: controller.signal,
      });
      attempt.status = res.status;
      attempt.responseExcerpt = await readExcerpt(res);
      attempt.latencyMs = performance.now() - started;
      if (res.status < 200 || res.status >= 300) throw new Error(`webhook answered ${res.status}`);
      attempt.ok = true;
    } catch (err) {
      attempt.latencyMs = performance.now() - started;
      const failure =
        err instanceof Error && err.name === "AbortError" && !this.stopping
          ? new Error(`webhook timed out after ${this.opts.timeoutMs ?? 5_000} ms`)
          : err;
      attempt.error = failure instanceof Error ? failure.message : String(failure);
      throw failure;
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
      this.noteAttempt(attempt);
    }
  }
}

function attemptOf(event: ClaimedEvent, at: number): WebhookAttempt {
  return {
    businessId: event.businessId,
    eventId: event.eventId,
    at,
    status: null,
    latencyMs: 0,
    ok: false,
    error: null,
    responseExcerpt: "",
  };
}

/** The first bytes of an answer as text; the rest is not read. */
async function readExcerpt(res: Response): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < RESPONSE_EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const bytes = Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES);
  // A cut through a multi-byte character becomes U+FFFD; a NUL cannot go into a text column.
  return bytes.toString("utf8").replaceAll("\0", "");
}
