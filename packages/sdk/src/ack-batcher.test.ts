import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AckBatcher } from "./ack-batcher.ts";

describe("AckBatcher", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("sends seqs received within the delay as one sorted batch", () => {
    const sent: number[][] = [];
    const b = new AckBatcher((s) => sent.push(s) > 0, 50);
    b.add(3);
    b.add(1);
    b.add(3);
    vi.advanceTimersByTime(49);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([[1, 3]]);
    b.add(4);
    vi.advanceTimersByTime(50);
    expect(sent).toEqual([[1, 3], [4]]);
  });

  it("flushes at once when the batch is full", () => {
    const sent: number[][] = [];
    const b = new AckBatcher((s) => sent.push(s) > 0, 50, 3);
    b.add(1);
    b.add(2);
    b.add(3);
    expect(sent).toEqual([[1, 2, 3]]);
  });

  it("keeps seqs while there is no connection", () => {
    let online = false;
    const sent: number[][] = [];
    const b = new AckBatcher((s) => online && sent.push(s) > 0, 50);
    b.add(1);
    vi.advanceTimersByTime(50);
    expect(sent).toEqual([]);
    expect(b.size).toBe(1);
    online = true;
    b.flush();
    expect(sent).toEqual([[1]]);
    expect(b.size).toBe(0);
  });

  it("carries the device's cursor, and sends it alone when it moved without a push", () => {
    const sent: [number[], number][] = [];
    let cursor = 0;
    const b = new AckBatcher(
      (s, acked) => sent.push([s, acked]) > 0,
      50,
      256,
      undefined,
      () => cursor,
    );
    b.known(2); // what the server said at login
    b.touch();
    vi.advanceTimersByTime(50);
    expect(sent).toEqual([]); // nothing new to say
    cursor = 3;
    b.add(3);
    vi.advanceTimersByTime(50);
    expect(sent).toEqual([[[3], 3]]);
    cursor = 7; // a sync delivered 4..7
    b.touch();
    vi.advanceTimersByTime(50);
    expect(sent).toEqual([
      [[3], 3],
      [[], 7],
    ]);
    b.touch();
    b.flush();
    expect(sent).toHaveLength(2);
  });
});
