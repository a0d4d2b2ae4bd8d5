export interface TimerHandle {
  cancel(): void;
}

interface Entry {
  rounds: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * A hashed timer wheel: O(1) schedule and cancel, one process timer for any
 * number of pending timeouts. Fires with tick granularity (never early).
 */
export class TimerWheel {
  private readonly slots: Set<Entry>[];
  private cursor = 0;
  private readonly interval: NodeJS.Timeout;
  private count = 0;

  constructor(
    private readonly tickMs = 100,
    slotCount = 512,
  ) {
    this.slots = Array.from({ length: slotCount }, () => new Set<Entry>());
    this.interval = setInterval(() => this.tick(), tickMs);
    this.interval.unref();
  }

  get pending(): number {
    return this.count;
  }

  schedule(delayMs: number, fn: () => void): TimerHandle {
    const ticks = Math.max(1, Math.ceil(delayMs / this.tickMs));
    const n = this.slots.length;
    const entry: Entry = { rounds: Math.floor((ticks - 1) / n), fn, cancelled: false };
    const slot = this.slots[(this.cursor + ticks) % n] as Set<Entry>;
    slot.add(entry);
    this.count++;
    return {
      cancel: () => {
        if (!entry.cancelled && slot.delete(entry)) this.count--;
        entry.cancelled = true;
      },
    };
  }

  stop(): void {
    clearInterval(this.interval);
    for (const s of this.slots) s.clear();
    this.count = 0;
  }

  private tick(): void {
    this.cursor = (this.cursor + 1) % this.slots.length;
    const slot = this.slots[this.cursor] as Set<Entry>;
    for (const entry of slot) {
      if (entry.rounds > 0) {
        entry.rounds--;
        continue;
      }
      slot.delete(entry);
      this.count--;
      try {
        entry.fn();
      } catch {
        // A failing callback must not stop the wheel for everyone else.
      }
    }
  }
}
