import { describe, expect, it } from "vitest";
import { InboxCursor } from "./inbox-cursor.ts";
import { msg } from "./testing/fixtures.ts";

const seqs = (ms: { seq: number }[]) => ms.map((m) => m.seq);

describe("InboxCursor", () => {
  it("delivers each seq once, in order", () => {
    const c = new InboxCursor();
    expect(seqs(c.offer(msg(1)))).toEqual([1]);
    expect(seqs(c.offer(msg(1)))).toEqual([]);
    expect(seqs(c.offer(msg(3)))).toEqual([]);
    expect(c.hasGap).toBe(true);
    expect(seqs(c.offer(msg(3)))).toEqual([]);
    expect(seqs(c.offer(msg(2)))).toEqual([2, 3]);
    expect(c.hasGap).toBe(false);
    expect(c.lastSeq).toBe(3);
  });

  it("starts from a seeded cursor and ignores older seqs", () => {
    const c = new InboxCursor(10);
    expect(seqs(c.offer(msg(9)))).toEqual([]);
    expect(seqs(c.offer(msg(11)))).toEqual([11]);
  });

  it("skips seqs a pull page shows no longer exist", () => {
    const c = new InboxCursor(2);
    // The server answered after_seq=2 with 5 and 7: 3, 4 and 6 expired.
    expect(seqs(c.offerPage(2, [msg(5), msg(7)]))).toEqual([5, 7]);
    expect(c.lastSeq).toBe(7);
  });

  it("delivers pushed messages that sit inside a page's hole", () => {
    const c = new InboxCursor(2);
    expect(seqs(c.offer(msg(4)))).toEqual([]);
    expect(seqs(c.offerPage(2, [msg(3), msg(6)]))).toEqual([3, 4, 6]);
  });

  it("does not skip a gap below the page's after_seq", () => {
    const c = new InboxCursor(1);
    expect(seqs(c.offerPage(5, [msg(6), msg(7)]))).toEqual([]);
    expect(c.lastSeq).toBe(1);
    expect(seqs(c.offerPage(1, [msg(2), msg(3), msg(4), msg(5)]))).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it("does not skip past the last message of a page", () => {
    const c = new InboxCursor(0);
    c.offer(msg(9));
    expect(seqs(c.offerPage(0, [msg(1), msg(2)]))).toEqual([1, 2]);
    expect(c.lastSeq).toBe(2);
    expect(c.hasGap).toBe(true);
  });

  it("advanceTo drops what it passes", () => {
    const c = new InboxCursor(0);
    c.offer(msg(3));
    c.advanceTo(5);
    expect(c.hasGap).toBe(false);
    expect(seqs(c.offer(msg(6)))).toEqual([6]);
  });
});
