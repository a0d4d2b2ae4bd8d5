import { backoffDelay, type InboxMessage, type PushNotification, type PushProvider } from "@im/core";
import {
  signWebhook,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
  type WebhookSecret,
} from "./webhook-signature.ts";

export type GiveUpReason = "queue_full" | "max_attempts" | "rejected" | "closed";

export interface WebhookPushOptions {
  /** Receives POST `{"uid": ..., "message": {...}}` (JSON), signed with `secret`. */
  url: string;
  secret: WebhookSecret;
  /** Notifications waiting to be sent or retried, at most (default 10,000); beyond it the oldest waiting one is dropped. */
  maxQueue?: number;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Attempts per notification, the first included (default 5). */
  maxAttempts?: number;
  /** Delay before the first retry (default 500 ms); doubles with each retry, with jitter. */
  baseDelayMs?: number;
  /** Longest delay between attempts (default 30 s). */
  maxDelayMs?: number;
  /** Per-request timeout (default 5 s). */
  timeoutMs?: number;
  /** How long close() lets queued and in-flight work finish (default 2 s). */
  closeTimeoutMs?: number;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Called when a notification is given up, e.g. to log it. */
  onGiveUp?: (notification: PushNotification, reason: GiveUpReason) => void;
  fetch?: typeof fetch;
  /** In [0, 1); injectable for tests. */
  random?: () => number;
}

export interface WebhookPushStats {
  /** Notifications the endpoint accepted (2xx). */
  sent: number;
  /** Notifications given up after maxAttempts, or refused by the endpoint (4xx other than 408/429). */
  failed: number;
  /** Notifications discarded unsent: queue full, or still waiting at close(). */
  dropped: number;
  /** Retries scheduled. */
  retried: number;
  /** Notifications waiting to be sent or retried. */
  queued: number;
  inFlight: number;
}

interface Job {
  notification: PushNotification;
  attempts: number;
  timer?: NodeJS.Timeout;
}

type Outcome = { kind: "sent" } | { kind: "rejected" } | { kind: "retry"; retryAfterMs: number };

/** Only the fields of an inbox message, whatever else the object carries. */
function snapshot({ uid, message: m }: PushNotification): PushNotification {
  const message: InboxMessage = {
    msgId: m.msgId,
    seq: m.seq,
    convType: m.convType,
    convId: m.convId,
    fromUid: m.fromUid,
    toId: m.toId,
    clientMsgId: m.clientMsgId,
    contentType: m.contentType,
    content: m.content,
    sentAt: m.sentAt,
  };
  return { uid, message };
}

/** Seconds from a Retry-After header holding a number (the date form is ignored). */
function retryAfterMs(res: Response): number {
  const value = Number(res.headers.get("retry-after"));
  return Number.isFinite(value) && value > 0 ? value * 1000 : 0;
}

/**
 * Offline notifications as signed webhook calls. notify() only enqueues; a
 * bounded set of workers sends, retrying failures with backoff. Delivery is
 * at-least-once within maxAttempts: a receiver may see a notification twice
 * and can deduplicate by (uid, message.msgId). Under sustained failure the
 * queue stays bounded by dropping its oldest entries, and every loss is counted.
 */
export class WebhookPushProvider implements PushProvider {
  readonly name = "webhook";
  private readonly ready: Job[] = [];
  private readyHead = 0;
  private readonly waiting = new Set<Job>();
  private readonly controllers = new Set<AbortController>();
  private inFlight = 0;
  private pumpScheduled = false;
  private closing = false;
  private closed: Promise<void> | null = null;
  private idleWaiters: (() => void)[] = [];
  private readonly counters = { sent: 0, failed: 0, dropped: 0, retried: 0 };
  private readonly fetch: typeof fetch;
  private readonly random: () => number;

  constructor(private readonly opts: WebhookPushOptions) {
    new URL(opts.url); // throws on a malformed URL at startup
    for (const key of ["maxQueue", "concurrency", "maxAttempts"] as const) {
      const value = opts[key];
      if (value !== undefined && !(Number.isInteger(value) && value >= 1))
        throw new Error(`WebhookPushProvider: ${key} must be a positive integer`);
    }
    this.fetch = opts.fetch ?? globalThis.fetch;
    this.random = opts.random ?? Math.random;
  }

  notify(notification: PushNotification): void {
    const job: Job = { notification: snapshot(notification), attempts: 0 };
    if (this.closing) {
      this.giveUp(job, "closed");
      return;
    }
    if (this.queued >= (this.opts.maxQueue ?? 10_000)) this.dropOldest();
    this.ready.push(job);
    this.schedulePump();
  }

  stats(): WebhookPushStats {
    return { ...this.counters, queued: this.queued, inFlight: this.inFlight };
  }

  /** Resolves once nothing is queued, waiting for a retry, or in flight. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops accepting notifications, drops those waiting for a retry, lets the
   * rest finish for up to closeTimeoutMs, then aborts what is left.
   */
  close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  private async shutdown(): Promise<void> {
    this.closing = true;
    for (const job of this.waiting) {
      clearTimeout(job.timer);
      this.giveUp(job, "closed");
    }
    this.waiting.clear();
    this.notifyIfIdle();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.opts.closeTimeoutMs ?? 2_000);
    });
    await Promise.race([this.whenIdle(), deadline]);
    clearTimeout(timer);
    while (this.readyHead < this.ready.length) this.giveUp(this.takeReady()!, "closed");
    this.notifyIfIdle();
    for (const controller of this.controllers) controller.abort();
    await this.whenIdle();
  }

  private get queued(): number {
    return this.ready.length - this.readyHead + this.waiting.size;
  }

  private isIdle(): boolean {
    return this.queued === 0 && this.inFlight === 0;
  }

  private notifyIfIdle(): void {
    if (!this.isIdle() || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private takeReady(): Job | undefined {
    if (this.readyHead >= this.ready.length) return undefined;
    const job = this.ready[this.readyHead]!;
    this.ready[this.readyHead++] = undefined as never;
    // Compact now and then instead of shift()ing, which is O(n) per call.
    if (this.readyHead === this.ready.length) {
      this.ready.length = 0;
      this.readyHead = 0;
    } else if (this.readyHead > 1024 && this.readyHead * 2 > this.ready.length) {
      this.ready.splice(0, this.readyHead);
      this.readyHead = 0;
    }
    return job;
  }

  private dropOldest(): void {
    let victim = this.takeReady();
    if (!victim) {
      victim = this.waiting.values().next().value;
      if (!victim) return;
      clearTimeout(victim.timer);
      this.waiting.delete(victim);
    }
    this.giveUp(victim, "queue_full");
  }

  private giveUp(job: Job, reason: GiveUpReason): void {
    if (reason === "max_attempts" || reason === "rejected") this.counters.failed++;
    else this.counters.dropped++;
    try {
      this.opts.onGiveUp?.(job.notification, reason);
    } catch {
      // A failing log hook must not break delivery of the others.
    }
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    // Sending (serialising, signing, fetch) happens after the caller's turn, never inside notify().
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    const concurrency = this.opts.concurrency ?? 8;
    while (this.inFlight < concurrency) {
      const job = this.takeReady();
      if (!job) break;
      this.inFlight++;
      void this.attempt(job).then((outcome) => {
        this.inFlight--;
        this.settle(job, outcome);
        this.pump();
        this.notifyIfIdle();
      });
    }
  }

  private settle(job: Job, outcome: Outcome): void {
    if (outcome.kind === "sent") {
      this.counters.sent++;
      return;
    }
    if (outcome.kind === "rejected") {
      this.giveUp(job, "rejected");
      return;
    }
    if (this.closing || job.attempts >= (this.opts.maxAttempts ?? 5)) {
      this.giveUp(job, this.closing ? "closed" : "max_attempts");
      return;
    }
    this.counters.retried++;
    const maxDelay = this.opts.maxDelayMs ?? 30_000;
    const backoff = backoffDelay(job.attempts - 1, this.opts.baseDelayMs ?? 500, maxDelay, this.random);
    const delay = Math.min(maxDelay, Math.max(backoff, outcome.retryAfterMs));
    this.waiting.add(job);
    job.timer = setTimeout(() => {
      this.waiting.delete(job);
      job.timer = undefined;
      this.ready.push(job);
      this.pump();
    }, delay);
    job.timer.unref();
  }

  /** One delivery attempt; never rejects. */
  private async attempt(job: Job): Promise<Outcome> {
    job.attempts++;
    const body = JSON.stringify(job.notification);
    // A fresh timestamp per attempt: receivers reject stale ones, and a retry may come much later.
    const timestamp = Math.floor(Date.now() / 1000);
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(), this.opts.timeoutMs ?? 5_000);
    try {
      const res = await this.fetch(this.opts.url, {
        method: "POST",
        headers: {
          ...this.opts.headers,
          "content-type": "application/json",
          [WEBHOOK_TIMESTAMP_HEADER]: String(timestamp),
          [WEBHOOK_SIGNATURE_HEADER]: signWebhook(this.opts.secret, timestamp, body),
        },
        body,
        redirect: "manual",
        signal: controller.signal,
      });
      await res.body?.cancel().catch(() => {});
      if (res.status >= 200 && res.status < 300) return { kind: "sent" };
      if (res.status >= 500 || res.status === 408 || res.status === 429)
        return { kind: "retry", retryAfterMs: retryAfterMs(res) };
      return { kind: "rejected" };
    } catch {
      return { kind: "retry", retryAfterMs: 0 };
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
  }
}
