import type { NodeInfo, NodeRegistry } from "@im/core";
import type { Redis } from "ioredis";
import { type RedisKeys, redisKeys } from "./redis-keys.ts";
import { execPipeline } from "./redis-pipeline.ts";

export interface RedisNodeRegistryOptions {
  /** Key prefix (default `im:`); see redis-keys.ts. */
  prefix?: string | undefined;
  /** Clock for index scores (default Date.now); nodes' clocks must agree to well within a TTL. */
  now?: (() => number) | undefined;
}

/**
 * Node registry in Redis: one key per node holding its JSON NodeInfo with the
 * announce TTL (PX), plus a zset index nodeId → expiry time. Redis expires the
 * node key itself, so list() only returns nodes whose key still exists; index
 * members whose expiry has passed are pruned on the way.
 *
 * The connection is borrowed: close() does not quit it.
 */
export class RedisNodeRegistry implements NodeRegistry {
  private readonly keys: RedisKeys;
  private readonly now: () => number;

  constructor(
    private readonly redis: Redis,
    opts: RedisNodeRegistryOptions = {},
  ) {
    this.keys = redisKeys(opts.prefix);
    this.now = opts.now ?? Date.now;
  }

  async announce(info: NodeInfo, ttlMs: number): Promise<void> {
    const ttl = Math.max(1, Math.ceil(ttlMs));
    const index = this.keys.nodeIndex();
    await execPipeline(
      this.redis
        .pipeline()
        .set(this.keys.nodeInfo(info.nodeId), encodeNodeInfo(info), "PX", ttl)
        .zadd(index, this.now() + ttl, info.nodeId)
        // The index lives as long as its longest-lived member.
        .pexpire(index, ttl, "NX")
        .pexpire(index, ttl, "GT"),
    );
  }

  async remove(nodeId: string): Promise<void> {
    await execPipeline(this.redis.pipeline().del(this.keys.nodeInfo(nodeId)).zrem(this.keys.nodeIndex(), nodeId));
  }

  async list(): Promise<NodeInfo[]> {
    const index = this.keys.nodeIndex();
    const [, nodeIds] = (await execPipeline(
      this.redis.pipeline().zremrangebyscore(index, "-inf", this.now()).zrange(index, 0, "-1"),
    )) as [number, string[]];
    if (nodeIds.length === 0) return [];
    const p = this.redis.pipeline();
    for (const nodeId of nodeIds) p.get(this.keys.nodeInfo(nodeId));
    const out: NodeInfo[] = [];
    for (const json of await execPipeline(p)) {
      const info = typeof json === "string" ? decodeNodeInfo(json) : null;
      if (info) out.push(info);
    }
    return out;
  }

  /** The connection is borrowed from the caller, who closes it. */
  async close(): Promise<void> {}
}

function encodeNodeInfo(n: NodeInfo): string {
  const { nodeId, tcp, ws, connections, cpu, draining, startedAt, updatedAt } = n;
  const { msgsStored, pushesSent, storeBatchP99Ms } = n;
  return JSON.stringify({
    nodeId,
    tcp,
    ws,
    connections,
    cpu,
    draining,
    startedAt,
    updatedAt,
    msgsStored,
    pushesSent,
    storeBatchP99Ms,
  });
}

function decodeNodeInfo(json: string): NodeInfo | null {
  try {
    const n = JSON.parse(json) as Partial<NodeInfo> | null;
    if (n && typeof n.nodeId === "string" && typeof n.connections === "number") return n as NodeInfo;
  } catch {
    // not a node record
  }
  return null;
}
