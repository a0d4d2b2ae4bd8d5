import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limiter.ts";

describe("RateLimiter", () => {
  it("allows the burst, then refills at the configured rate", () => {
    const limiter = new RateLimiter(10, 3);
    const state = limiter.initial(0);
    expect([0, 0, 0].map(() => limiter.take(state, 0))).toEqual([0, 0, 0]);
    expect(limiter.take(state, 0)).toBe(100);
    expect(limiter.take(state, 50)).toBe(50);
    expect(limiter.take(state, 100)).toBe(0);
    expect(limiter.take(state, 10_000)).toBe(0);
    expect(state.tokens).toBeLessThanOrEqual(3);
  });

  it("a rate of 0 disables limiting", () => {
    const limiter = new RateLimiter(0, 0);
    const state = limiter.initial(0);
    expect(limiter.take(state, 0)).toBe(0);
  });
});
