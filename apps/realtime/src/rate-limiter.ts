/** Token bucket state kept inline on each connection (no per-connection timer). */
export interface BucketState {
  tokens: number;
  refilledAt: number;
}

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
    if (this.perSec <= 0) return 0;
    const elapsed = now - state.refilledAt;
    if (elapsed > 0) {
      state.tokens = Math.min(this.burst, state.tokens + (elapsed * this.perSec) / 1000);
      state.refilledAt = now;
    }
    if (state.tokens >= 1) {
      state.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - state.tokens) * 1000) / this.perSec);
  }
}
