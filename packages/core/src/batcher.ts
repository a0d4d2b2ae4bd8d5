export interface BatcherOptions<T, R> {
  /** Largest number of items handed to one run(). */
  maxBatch: number;
  /** How long the first item of an idle batcher waits for company before a run starts. */
  lingerMs: number;
  /**
   * Processes a batch; returns one result per item in order, where an Error
   * instance rejects only that item's promise. A throw rejects the whole batch.
   */
  run(items: T[]): Promise<(R | Error)[]>;
}

interface Pending<T, R> {
  item: T;
  resolve(result: R): void;
  reject(err: unknown): void;
}

/**
 * Group commit: items added while a run is in flight wait and go together in
 * the next run, so load raises the batch size instead of the number of round
 * trips. At most one run is in flight, so runs (and items) complete in the
 * order they were added.
 */
export class Batcher<T, R> {
  private queue: Pending<T, R>[] = [];
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly opts: BatcherOptions<T, R>) {}

  add(item: T): Promise<R> {
    if (this.closed) return Promise.reject(new Error("batcher is closed"));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  get size(): number {
    return this.queue.length;
  }

  /** Resolves once everything added before the call has been run. */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.running) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
      }
      if (!this.running) this.start();
      await this.running;
    }
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private schedule(): void {
    if (this.running || this.timer) return;
    if (this.queue.length >= this.opts.maxBatch || this.opts.lingerMs <= 0) {
      this.start();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.running) this.start();
    }, this.opts.lingerMs);
  }

  private start(): void {
    const batch = this.queue.splice(0, this.opts.maxBatch);
    if (batch.length === 0) return;
    this.running = this.execute(batch).finally(() => {
      this.running = null;
      if (this.queue.length > 0) this.start();
    });
  }

  private async execute(batch: Pending<T, R>[]): Promise<void> {
    let results: (R | Error)[];
    try {
      results = await this.opts.run(batch.map((p) => p.item));
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => {
      const r = results[i];
      if (r instanceof Error) p.reject(r);
      else p.resolve(r as R);
    });
  }
}
