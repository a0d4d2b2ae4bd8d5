import type { BusMessage, NodeBus } from "@im/core";

export interface MemoryNodeBusOptions {
  /** Called when a handler throws; the bus keeps delivering. */
  onError?: ((err: unknown) => void) | undefined;
}

/**
 * In-process node bus. Several nodes in one process (tests) can share one
 * instance; delivery is asynchronous (microtask) like a real bus, and in order.
 * A message is handed to the handler subscribed when it is delivered, so
 * nothing is delivered after close().
 */
export class MemoryNodeBus implements NodeBus {
  private readonly handlers = new Map<string, (message: BusMessage) => void>();

  constructor(private readonly opts: MemoryNodeBusOptions = {}) {}

  publish(nodeId: string, message: BusMessage): void {
    if (!this.handlers.has(nodeId)) return;
    queueMicrotask(() => {
      const handler = this.handlers.get(nodeId);
      if (!handler) return;
      try {
        handler(message);
      } catch (err) {
        this.opts.onError?.(err);
      }
    });
  }

  async subscribe(nodeId: string, handler: (message: BusMessage) => void): Promise<void> {
    this.handlers.set(nodeId, handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
