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
 * at once when `maxBatch` are waiting. `send` returns false when there is no
 * connection; the seqs are then kept for `flush()` after the next connect.
 */
export class AckBatcher {
  private pending = new Set<number>();
  private timer: ReturnType<Schedule> | undefined;

  constructor(
    private readonly send: (seqs: number[]) => boolean,
    private readonly delayMs: number,
    private readonly maxBatch = 256,
    private readonly schedule: Schedule = plainTimeout,
  ) {}

  add(seq: number): void {
    this.pending.add(seq);
    if (this.pending.size >= this.maxBatch) this.flush();
    else if (!this.timer?.active) this.timer = this.schedule(this.delayMs, () => this.flush());
  }

  flush(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const seqs = [...this.pending].sort((a, b) => a - b);
    if (this.send(seqs)) this.pending = new Set();
  }

  get size(): number {
    return this.pending.size;
  }

  clear(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.pending.clear();
  }
}
