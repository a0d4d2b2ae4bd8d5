import { describe, expect, it } from "vitest";
import { LatencyWindow } from "./latency-window.ts";

describe("LatencyWindow", () => {
  it("gives the nearest-rank p99 of the interval, then starts over", () => {
    const w = new LatencyWindow();
    expect(w.take(0.99)).toBeNull();
    for (let i = 100; i >= 1; i--) w.record(i);
    expect(w.take(0.99)).toBe(99);
    expect(w.take(0.99)).toBeNull();
    w.record(7);
    expect(w.take(0.99)).toBe(7);
  });

  it("keeps only the newest samples when full", () => {
    const w = new LatencyWindow(10);
    for (let i = 0; i < 10; i++) w.record(1_000);
    for (let i = 0; i < 10; i++) w.record(1);
    expect(w.take(1)).toBe(1);
  });
});
