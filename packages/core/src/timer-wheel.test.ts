import { afterEach, describe, expect, it, vi } from "vitest";
import { TimerWheel } from "./timer-wheel.ts";

describe("TimerWheel", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("fires each timer once, never early, including delays longer than one revolution", () => {
    vi.useFakeTimers();
    const wheel = new TimerWheel(10, 8); // one revolution = 80 ms
    const fired: string[] = [];
    wheel.schedule(25, () => fired.push("a"));
    wheel.schedule(200, () => fired.push("b"));
    wheel.schedule(80, () => fired.push("c"));
    vi.advanceTimersByTime(20);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(10);
    expect(fired).toEqual(["a"]);
    vi.advanceTimersByTime(50);
    expect(fired).toEqual(["a", "c"]);
    vi.advanceTimersByTime(110);
    expect(fired).toEqual(["a", "c"]);
    vi.advanceTimersByTime(10);
    expect(fired).toEqual(["a", "c", "b"]);
    vi.advanceTimersByTime(500);
    expect(fired).toHaveLength(3);
    expect(wheel.pending).toBe(0);
    wheel.stop();
  });

  it("cancelled timers never fire, and a throwing callback does not stop the others", () => {
    vi.useFakeTimers();
    const wheel = new TimerWheel(10, 4);
    const fired: number[] = [];
    const h = wheel.schedule(30, () => fired.push(1));
    wheel.schedule(30, () => {
      throw new Error("boom");
    });
    wheel.schedule(30, () => fired.push(3));
    h.cancel();
    h.cancel();
    expect(wheel.pending).toBe(2);
    vi.advanceTimersByTime(40);
    expect(fired).toEqual([3]);
    expect(wheel.pending).toBe(0);
    wheel.stop();
  });
});
