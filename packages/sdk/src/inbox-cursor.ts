import type { ChatMessage } from "./types.ts";

/**
 * Turns messages arriving in any order and any number of times (pushes, pull
 * pages, send acks) into one stream with each inbox seq exactly once, in seq
 * order. `lastSeq` is the highest seq up to which everything was delivered;
 * messages beyond a gap wait in a buffer until the gap is filled.
 */
export class InboxCursor {
  private readonly waiting = new Map<number, ChatMessage>();

  constructor(private seq = 0) {}

  get lastSeq(): number {
    return this.seq;
  }

  /** True when messages are waiting behind a gap. */
  get hasGap(): boolean {
    return this.waiting.size > 0;
  }

  /** Moves the cursor forward without delivering (e.g. to a persisted or server cursor). */
  advanceTo(seq: number): void {
    if (seq <= this.seq) return;
    this.seq = seq;
    for (const s of this.waiting.keys()) if (s <= seq) this.waiting.delete(s);
  }

  /** Offers one message; returns those now deliverable, in order. */
  offer(message: ChatMessage): ChatMessage[] {
    if (message.seq > this.seq && !this.waiting.has(message.seq)) this.waiting.set(message.seq, message);
    return this.drain(0, 0);
  }

  /**
   * Offers a pull page answering `after_seq = afterSeq`. The server returns
   * every seq above afterSeq it still holds, in order, so a seq missing inside
   * (afterSeq, last seq of the page] no longer exists (expired from the inbox)
   * and is skipped rather than waited for.
   */
  offerPage(afterSeq: number, messages: readonly ChatMessage[]): ChatMessage[] {
    let upTo = afterSeq;
    for (const m of messages) {
      if (m.seq > upTo) upTo = m.seq;
      if (m.seq > this.seq && !this.waiting.has(m.seq)) this.waiting.set(m.seq, m);
    }
    return this.drain(afterSeq, upTo);
  }

  private drain(knownFrom: number, knownUpTo: number): ChatMessage[] {
    const out: ChatMessage[] = [];
    for (;;) {
      const next = this.seq + 1;
      const m = this.waiting.get(next);
      if (m) {
        this.waiting.delete(next);
        this.seq = next;
        out.push(m);
        continue;
      }
      if (next > knownFrom && next <= knownUpTo) {
        // A hole the server vouched for: jump to just before the next message we hold.
        let nextHeld = Number.POSITIVE_INFINITY;
        for (const s of this.waiting.keys()) if (s > next && s < nextHeld) nextHeld = s;
        this.seq = Math.min(nextHeld - 1, knownUpTo);
        continue;
      }
      return out;
    }
  }
}
