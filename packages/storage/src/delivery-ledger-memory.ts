import type { DeliveryEvent, DeliveryLedger } from "@im/core";

/** The ledger in process memory (tests, single-process development); nothing survives the process. */
export class MemoryDeliveryLedger implements DeliveryLedger {
  readonly events: DeliveryEvent[] = [];
  private closed = false;

  record(event: DeliveryEvent): void {
    if (!this.closed) this.events.push({ ...event });
  }

  async flush(): Promise<void> {}

  async eventsOf(entries: readonly { ownerUid: string; seq: number }[]): Promise<DeliveryEvent[]> {
    const wanted = new Set(entries.map((e) => `${e.seq}:${e.ownerUid}`));
    return this.events
      .filter((e) => wanted.has(`${e.seq}:${e.ownerUid}`))
      .sort((a, b) => a.at - b.at)
      .map((e) => ({ ...e }));
  }

  async pruneBefore(at: number): Promise<number> {
    const kept = this.events.filter((e) => e.at >= at);
    const removed = this.events.length - kept.length;
    this.events.splice(0, this.events.length, ...kept);
    return removed;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
