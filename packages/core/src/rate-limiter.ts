/** A token bucket's state, kept by its owner (inline on a connection, or in a map by key): no timers. */
export interface BucketState {
  tokens: number;
  refilledAt: number;
}

/**
 * Takes one token from `state`, refilled continuously at `perSec` up to `burst`.
 * Returns 0 when allowed, else the ms until a token is available. A rate of 0 or less never limits.
 */
export function takeToken(state: BucketState, now: number, perSec: number, burst: number): number {
  if (perSec <= 0) return 0;
  const elapsed = now - state.refilledAt;
  if (elapsed > 0) {
    state.tokens = Math.min(burst, state.tokens + (elapsed * perSec) / 1000);
    state.refilledAt = now;
  }
  if (state.tokens >= 1) {
    state.tokens -= 1;
    return 0;
  }
  return Math.ceil(((1 - state.tokens) * 1000) / perSec);
}

/** One rate and burst for many buckets whose state lives with what they limit (e.g. per connection). */
export class RateLimiter {
  constructor(
    private readonly perSec: number,
    private readonly burst: number,
  ) {}

  initial(now: number): BucketState {
    return { tokens: this.burst, refilledAt: now };
  }

  /** Takes one token; returns 0 when allowed, else ms until the next token. */
  take(state: BucketState, now: number): number {
    return takeToken(state, now, this.perSec, this.burst);
  }
}

/**
 * Token buckets by key (e.g. API key id), each with its own rate and a burst of
 * one second's worth, in this process's memory. When more than `maxKeys` keys
 * are held, all are forgotten (everyone starts full again) rather than growing without bound.
 */
export class KeyedRateLimiter {
  private readonly buckets = new Map<string, BucketState>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes one token from `key`'s bucket; returns 0 when allowed, else ms until a token is available. */
  take(key: string, perSec: number): number {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.buckets.clear();
      bucket = { tokens: perSec, refilledAt: now };
      this.buckets.set(key, bucket);
    }
    return takeToken(bucket, now, perSec, perSec);
  }
}
