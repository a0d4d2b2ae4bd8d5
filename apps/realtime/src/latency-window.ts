/**
 * Latencies of one reporting interval, for a percentile published with the
 * node's registry entry. Keeps at most `capacity` samples (the newest), so a
 * burst costs bounded memory; take() returns the percentile and starts over.
 */
export class LatencyWindow {
  private readonly samples: number[] = [];
  private next = 0;

  constructor(private readonly capacity = 4096) {}

  record(ms: number): void {
    if (this.samples.length < this.capacity) this.samples.push(ms);
    else {
      this.samples[this.next] = ms;
      this.next = (this.next + 1) % this.capacity;
    }
  }

  /** The p-quantile (0..1) of the samples since the last take (nearest rank), or null if there were none. */
  take(p: number): number | null {
    if (this.samples.length === 0) return null;
    const sorted = this.samples.sort((a, b) => a - b);
    const value = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? null;
    this.samples.length = 0;
    this.next = 0;
    return value;
  }
}
