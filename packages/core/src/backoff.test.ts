import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff.ts";

describe("backoffDelay", () => {
  it("doubles from the base and stops at the maximum", () => {
    const top = () => 1;
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, 100, 1000, top))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it("jitters within the upper half of the step", () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, 100, 10_000, () => 0))).toEqual([50, 100, 200, 400]);
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, 100, 10_000, () => 0.98))).toEqual([99, 198, 396, 792]);
    expect(backoffDelay(2, 100, 1000, () => 0.5)).toBe(300);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(3, 100, 10_000);
      expect(d).toBeGreaterThanOrEqual(400);
      expect(d).toBeLessThanOrEqual(800);
    }
  });

  it("treats a negative attempt as the first and does not overflow on very many", () => {
    expect(backoffDelay(-1, 100, 1000, () => 1)).toBe(100);
    expect(backoffDelay(5000, 100, 30_000, () => 1)).toBe(30_000);
    expect(backoffDelay(5000, 100, 30_000, () => 0)).toBe(15_000);
  });
});
