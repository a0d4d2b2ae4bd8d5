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
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The cursor the server was last told. */
  private sentCursor = 0;

  constructor(
    private readonly send: (seqs: number[], ackedSeq: number) => boolean,
    private readonly delayMs: number,
    private readonly maxBatch = 256,
    private readonly cursor: () => number = () => 0,
  ) {}

  add(seq: number): void {
    this.pending.add(seq);
    if (this.pending.size >= this.maxBatch) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  /** The server already has this cursor (AuthResp.ackedSeq): no ack is sent just to repeat it. */
  known(seq: number): void {
    this.sentCursor = Math.max(this.sentCursor, seq);
  }

  /** The cursor moved without a push: tell the server with the next ack (within delayMs). */
  touch(): void {
    if (this.cursor() > this.sentCursor) this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
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
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
