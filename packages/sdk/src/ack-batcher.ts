/**
 * Collects pushed seqs and sends them in one MSG_PUSH_ACK after `delayMs`, or
 * at once when `maxBatch` are waiting. `send` returns false when there is no
 * connection; the seqs are then kept for `flush()` after the next connect.
 */
export class AckBatcher {
  private pending = new Set<number>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly send: (seqs: number[]) => boolean,
    private readonly delayMs: number,
    private readonly maxBatch = 256,
  ) {}

  add(seq: number): void {
    this.pending.add(seq);
    if (this.pending.size >= this.maxBatch) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const seqs = [...this.pending].sort((a, b) => a - b);
    if (this.send(seqs)) this.pending = new Set();
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
