/** A realtime node as the cluster sees it. */
export interface NodeInfo {
  nodeId: string;
  /** Client endpoints: TCP as "host:port", WebSocket as a ws:// or wss:// URL. */
  tcp: string;
  ws: string;
  /** Authenticated sessions on the node. */
  connections: number;
  /** Recent CPU use of the node process, 0..1 per core. */
  cpu: number;
  /** A draining node takes no new clients and is left out of endpoint lists. */
  draining: boolean;
  startedAt: number;
  updatedAt: number;
  /** Messages stored from this node's clients since it started (monotonic; absent when not published). */
  msgsStored?: number;
  /** Message pushes written to this node's sessions since it started (monotonic; absent when not published). */
  pushesSent?: number;
  /** p99 ms from a send frame to its durable ack over the last announce interval; null when nothing was sent. */
  storeBatchP99Ms?: number | null;
}

/**
 * Nodes announce themselves with a TTL and re-announce well within it; a node
 * that stops announcing disappears from list() once its TTL has passed.
 */
export interface NodeRegistry {
  announce(info: NodeInfo, ttlMs: number): Promise<void>;
  remove(nodeId: string): Promise<void>;
  /** Live nodes (TTL not expired), in no particular order. */
  list(): Promise<NodeInfo[]>;
  close(): Promise<void>;
}

/**
 * Healthy endpoints ordered by load, lightest first: draining nodes are left
 * out; load is sessions weighted by CPU so a busy node with few sessions is
 * not favoured.
 */
export function orderByLoad(nodes: readonly NodeInfo[]): NodeInfo[] {
  const score = (n: NodeInfo) => n.connections * (1 + n.cpu);
  return nodes.filter((n) => !n.draining).sort((a, b) => score(a) - score(b) || a.nodeId.localeCompare(b.nodeId));
}
