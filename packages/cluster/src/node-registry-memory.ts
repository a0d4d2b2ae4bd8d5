import type { NodeInfo, NodeRegistry } from "@im/core";

export interface MemoryNodeRegistryOptions {
  /** Clock deciding TTL expiry (default Date.now); tests inject their own. */
  now?: (() => number) | undefined;
}

/**
 * Node registry for one process (embedded mode and tests). An announce is
 * live until its TTL has passed by the injected clock; list() returns copies.
 */
export class MemoryNodeRegistry implements NodeRegistry {
  private readonly nodes = new Map<string, { info: NodeInfo; expiresAt: number }>();
  private readonly now: () => number;

  constructor(opts: MemoryNodeRegistryOptions = {}) {
    this.now = opts.now ?? Date.now;
  }

  async announce(info: NodeInfo, ttlMs: number): Promise<void> {
    this.nodes.set(info.nodeId, { info: { ...info }, expiresAt: this.now() + ttlMs });
  }

  async remove(nodeId: string): Promise<void> {
    this.nodes.delete(nodeId);
  }

  async list(): Promise<NodeInfo[]> {
    const now = this.now();
    const out: NodeInfo[] = [];
    for (const [nodeId, entry] of this.nodes) {
      if (entry.expiresAt <= now) this.nodes.delete(nodeId);
      else out.push({ ...entry.info });
    }
    return out;
  }

  async close(): Promise<void> {
    this.nodes.clear();
  }
}
