import { type NodeInfo, type NodeRegistry, orderByLoad } from "@im/core";

/** One realtime node a client may connect to. */
export interface Endpoint {
  nodeId: string;
  /** "host:port" for TCP clients ("" if the node has no TCP listener). */
  tcp: string;
  /** ws:// or wss:// URL for WebSocket clients ("" if none). */
  ws: string;
  connections: number;
  cpu: number;
}

export interface ListEndpointsOptions {
  /** Only nodes offering this transport (a non-empty endpoint); default: any node. */
  transport?: "tcp" | "ws" | undefined;
  /** At most this many endpoints (default: all). */
  limit?: number | undefined;
}

/**
 * The iplist: live, non-draining nodes from the registry, lightest first (core
 * orderByLoad). Each entry carries both endpoints and the load it was ranked
 * by; a caller serving one transport picks `e.tcp` or `e.ws`.
 */
export async function listEndpoints(registry: NodeRegistry, opts: ListEndpointsOptions = {}): Promise<Endpoint[]> {
  const { transport, limit } = opts;
  const offers = (n: NodeInfo) => transport === undefined || n[transport] !== "";
  const ordered = orderByLoad(await registry.list()).filter(offers);
  const picked = limit === undefined ? ordered : ordered.slice(0, Math.max(0, limit));
  return picked.map(({ nodeId, tcp, ws, connections, cpu }) => ({ nodeId, tcp, ws, connections, cpu }));
}
