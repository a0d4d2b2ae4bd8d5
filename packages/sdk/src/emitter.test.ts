import { describe, expect, it } from "vitest";
import { Emitter } from "./emitter.ts";

describe("Emitter", () => {
  it("calls listeners with the payload until removed", () => {
    const e = new Emitter<{ n: number }>();
    const seen: number[] = [];
    const off = e.on("n", (v) => seen.push(v));
    e.emit("n", 1);
    off();
    e.emit("n", 2);
    expect(seen).toEqual([1]);
    expect(e.listenerCount("n")).toBe(0);
  });

  it("once runs a listener a single time", () => {
    const e = new Emitter<{ n: number }>();
    const seen: number[] = [];
    e.once("n", (v) => seen.push(v));
    e.emit("n", 1);
    e.emit("n", 2);
    expect(seen).toEqual([1]);
  });

  it("a throwing listener does not stop the others and is reported", () => {
    const failures: Array<[unknown, string]> = [];
    const e = new Emitter<{ n: number }>((err, event) => failures.push([err, event]));
    const seen: number[] = [];
    e.on("n", () => {
      throw new Error("boom");
    });
    e.on("n", (v) => seen.push(v));
    e.emit("n", 7);
    expect(seen).toEqual([7]);
    expect(failures).toHaveLength(1);
    expect((failures[0]![0] as Error).message).toBe("boom");
    expect(failures[0]![1]).toBe("n");
  });
});
