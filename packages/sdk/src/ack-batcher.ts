/** Arms a one-shot timer; the client passes its lifecycle's, so leaving a state cancels it. */
export type Schedule = (ms: number, fire: () => void) => { readonly active: boolean; cancel(): void };

const plainTimeout: Schedule = (ms, fire) => {
  let active = true;
  const handle = setTimeout(() => {
    active = false;
    fire();
  }, ms);
  return {
    get active() {
      return active;
    },
    cancel() {
      active = false;
      clearTimeout(handle);
    },
  };
};

/**
 * Collects pushed seqs and sends them in one MSG_PUSH_ACK after `delayMs`, or
 * at once when `maxBatch` are waiting. Each ack also carries the device's
 * cursor (`cursor()`, the seq up to which it holds everything), which moves
 * the device's cursor on the server; touch() sends the cursor alone when it
 * moved without a push (e.g. after a sync). `send` returns false when there
 * is no connection; the seqs are then kept for `flush()` after the next connect.
 */
export class AckBatcher {
  private pending = new Set<number>();
  private timer: ReturnType<Schedule> | undefined;
  /** The cursor the server was last told. */
  private sentCursor = 0;

  constructor(
    private readonly send: (seqs: number[], ackedSeq: number) => boolean,
    private readonly delayMs: number,
    private readonly maxBatch = 256,
    private readonly schedule: Schedule = plainTimeout,
    private readonly cursor: () => number = () => 0,
  ) {}

  add(seq: number): void {
    this.pending.add(seq);
    if (this.pending.size >= this.maxBatch) this.flush();
    else this.arm();
  }

  /** The server already has this cursor (AuthResp.ackedSeq): no ack is sent just to repeat it. */
  known(seq: number): void {
    this.sentCursor = Math.max(this.sentCursor, seq);
  }

  /** The cursor moved without a push: tell the server with the next ack (within delayMs). */
  touch(): void {
    if (this.cursor() > this.sentCursor) this.arm();
  }

  flush(): void {
    this.timer?.cancel();
    this.timer = undefined;
    const cursor = this.cursor();
    if (this.pending.size === 0 && cursor <= this.sentCursor) return;
    const seqs = [...this.pending].sort((a, b) => a - b);
    if (this.send(seqs, cursor)) {
      this.pending = new Set();
      this.sentCursor = Math.max(this.sentCursor, cursor);
    }
  }

  get size(): number {
    return this.pending.size;
  }

  clear(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.pending.clear();
  }

  private arm(): void {
    if (!this.timer?.active) this.timer = this.schedule(this.delayMs, () => this.flush());
  }
}
