import { describe, expect, it } from "vitest";
import { Batcher } from "./batcher.ts";

describe("Batcher", () => {
  it("groups items added while a run is in flight into the next run, in order", async () => {
    const runs: number[][] = [];
    let release: () => void = () => {};
    const batcher = new Batcher<number, number>({
      maxBatch: 100,
      lingerMs: 0,
      run: async (items) => {
        runs.push(items);
        if (runs.length === 1) await new Promise<void>((r) => (release = r));
        return items.map((i) => i * 10);
      },
    });
    const first = batcher.add(1);
    await Promise.resolve();
    const rest = [2, 3, 4].map((i) => batcher.add(i));
    release();
    expect(await first).toBe(10);
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
    expect(runs).toEqual([[1], [2, 3, 4]]);
  });

  it("splits at maxBatch and lingers to gather a batch", async () => {
    const runs: number[][] = [];
    const batcher = new Batcher<number, number>({
      maxBatch: 3,
      lingerMs: 5,
      run: async (items) => {
        runs.push(items);
        return items;
      },
    });
    const all = await Promise.all([1, 2, 3, 4, 5].map((i) => batcher.add(i)));
    expect(all).toEqual([1, 2, 3, 4, 5]);
    expect(runs).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it("rejects only the items whose result is an Error, and every item when run throws", async () => {
    let fail = false;
    const batcher = new Batcher<number, number>({
      maxBatch: 10,
      lingerMs: 1,
      run: async (items) => {
        if (fail) throw new Error("database down");
        return items.map((i) => (i % 2 ? new Error(`odd ${i}`) : i));
      },
    });
    const results = await Promise.allSettled([1, 2].map((i) => batcher.add(i)));
    expect(results[0]).toMatchObject({ status: "rejected", reason: { message: "odd 1" } });
    expect(results[1]).toEqual({ status: "fulfilled", value: 2 });
    fail = true;
    await expect(batcher.add(4)).rejects.toThrow("database down");
  });

  it("flush waits for everything added before it; close refuses new items", async () => {
    const done: number[] = [];
    const batcher = new Batcher<number, void>({
      maxBatch: 2,
      lingerMs: 50,
      run: async (items) => {
        await new Promise((r) => setTimeout(r, 5));
        done.push(...items);
        return items.map(() => undefined);
      },
    });
    for (const i of [1, 2, 3]) void batcher.add(i);
    await batcher.close();
    expect(done).toEqual([1, 2, 3]);
    await expect(batcher.add(9)).rejects.toThrow("closed");
  });
});
