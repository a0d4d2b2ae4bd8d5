import { describe, expect, it } from "vitest";
import { KeyedRateLimiter, RateLimiter } from "./rate-limiter.ts";

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

  it("a clock going backwards neither refills nor throws", () => {
    const limiter = new RateLimiter(1, 1);
    const state = limiter.initial(1_000);
    expect(limiter.take(state, 1_000)).toBe(0);
    expect(limiter.take(state, 0)).toBe(1000);
  });
});

describe("KeyedRateLimiter", () => {
  it("allows a second's worth of requests per key, then tells how long to wait", () => {
    let now = 1_000;
    const limiter = new KeyedRateLimiter(() => now);
    expect([limiter.take("k", 2), limiter.take("k", 2)]).toEqual([0, 0]);
    expect(limiter.take("k", 2)).toBe(500);
    now += 500;
    expect(limiter.take("k", 2)).toBe(0);
    expect(limiter.take("other", 2)).toBe(0);
  });

  it("forgets every bucket past maxKeys instead of growing", () => {
    const limiter = new KeyedRateLimiter(() => 0, 2);
    expect(limiter.take("a", 1)).toBe(0);
    expect(limiter.take("a", 1)).toBeGreaterThan(0);
    limiter.take("b", 1);
    limiter.take("c", 1);
    expect(limiter.take("a", 1)).toBe(0);
  });
});
