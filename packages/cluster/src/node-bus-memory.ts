import type { BusMessage, NodeBus } from "@im/core";

/**
 * In-process node bus. Several nodes in one process (tests) can share one
 * instance; delivery is asynchronous (microtask) like a real bus, and in order.
 */
export class MemoryNodeBus implements NodeBus {
  private readonly handlers = new Map<string, (message: BusMessage) => void>();

  publish(nodeId: string, message: BusMessage): void {
    const handler = this.handlers.get(nodeId);
    if (!handler) return;
    queueMicrotask(() => handler(message));
  }

  async subscribe(nodeId: string, handler: (message: BusMessage) => void): Promise<void> {
    this.handlers.set(nodeId, handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
