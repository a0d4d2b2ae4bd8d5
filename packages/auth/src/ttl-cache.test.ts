import { describe, expect, it } from "vitest";
import { TtlCache } from "./ttl-cache.ts";

describe("TtlCache", () => {
  it("expires entries after their TTL", () => {
    let now = 0;
    const cache = new TtlCache<string>(10, () => now);
    cache.set("a", "A", 100);
    now = 99;
    expect(cache.get("a")).toBe("A");
    now = 100;
    expect(cache.get("a")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("evicts the least recently used entry beyond its bound", () => {
    const cache = new TtlCache<number>(3);
    for (const k of ["a", "b", "c"]) cache.set(k, 1, 1000);
    cache.get("a");
    cache.set("d", 1, 1000);
    expect(["a", "b", "c", "d"].map((k) => cache.get(k) !== undefined)).toEqual([true, false, true, true]);
    expect(cache.size).toBe(3);
  });

  it("does not store entries with a TTL of zero or less, and forgets what they replace", () => {
    const cache = new TtlCache<number>(3);
    cache.set("a", 1, 1000);
    cache.set("a", 2, 0);
    expect(cache.get("a")).toBeUndefined();
    cache.set("b", 1, -5);
    expect(cache.size).toBe(0);
  });
});
