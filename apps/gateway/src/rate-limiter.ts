/** Requests per second of a key whose rate_limit is 0. */
export const DEFAULT_RATE_LIMIT = 100;

interface Bucket {
  tokens: number;
  refilledAt: number;
}

/**
 * Token buckets by key id, in this process's memory: each holds up to one
 * second's worth of requests and refills continuously. With several gateway
 * processes each enforces the limit on its own share of the traffic.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes one token; returns 0 when allowed, else the ms until a token is available. */
  take(keyId: string, perSecond: number): number {
    const rate = perSecond > 0 ? perSecond : DEFAULT_RATE_LIMIT;
    const now = this.now();
    let bucket = this.buckets.get(keyId);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.buckets.clear();
      bucket = { tokens: rate, refilledAt: now };
      this.buckets.set(keyId, bucket);
    }
    bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.refilledAt) / 1000) * rate);
    bucket.refilledAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / rate) * 1000);
  }
}
