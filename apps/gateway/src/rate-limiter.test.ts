import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limiter.ts";

describe("RateLimiter", () => {
  it("allows a second's worth of requests, then tells how long to wait", () => {
    let now = 1_000;
    const limiter = new RateLimiter(() => now);
    expect([limiter.take("k", 2), limiter.take("k", 2)]).toEqual([0, 0]);
    expect(limiter.take("k", 2)).toBe(500);
    now += 500;
    expect(limiter.take("k", 2)).toBe(0);
    expect(limiter.take("other", 2)).toBe(0);
  });

  it("uses the default limit for 0", () => {
    const limiter = new RateLimiter(() => 0);
    for (let i = 0; i < 100; i++) expect(limiter.take("k", 0)).toBe(0);
    expect(limiter.take("k", 0)).toBeGreaterThan(0);
  });
});
