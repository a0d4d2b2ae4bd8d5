/**
 * Every Redis key and channel the cluster backplane uses, in one place.
 *
 * All names start with a configurable prefix (default `im:`). Keys that one
 * command or Lua script touches together share a hash tag (`{...}`), so the
 * layout works unchanged on Redis Cluster; operations across users or nodes
 * are issued as per-key commands in a pipeline, never as one multi-key command.
 *
 * | key / channel                  | type   | contents                                                        | TTL                                   | written by |
 * |--------------------------------|--------|-----------------------------------------------------------------|---------------------------------------|------------|
 * | `im:{u:<uid>}:routes`          | hash   | connId → JSON Route                                             | routeTtlMs (1 h), refreshed by add/touch; Redis drops the key when its last field is removed | RedisPresence add/touch/remove/removeNode |
 * | `im:{u:<uid>}:loginseq`        | string | last loginSeq handed out; never below any written route's loginSeq | routeTtlMs, refreshed by nextLoginSeq/add/touch (outlives the routes hash) | RedisPresence nextLoginSeq/add/touch |
 * | `im:{n:<nodeId>}:routes`       | set    | one member per route on the node: JSON `[uid, connId]`; walked with SSCAN by listRoutes (the console's online list) | routeTtlMs, refreshed by add/touch    | RedisPresence add/touch/remove/removeNode |
 * | `im:nodes:routes`              | zset   | nodeId → ms when its routes set expires at the latest (index for nodesWithRoutes/onlineCount) | extended to the furthest member score | RedisPresence add/touch; pruned by nodesWithRoutes/removeNode |
 * | `im:{n:<nodeId>}:info`         | string | JSON NodeInfo                                                   | the announce's ttlMs (PX)             | RedisNodeRegistry announce/remove |
 * | `im:nodes:registry`            | zset   | nodeId → ms when its info key expires (index for list)          | extended to the furthest member score | RedisNodeRegistry announce/remove; pruned by list |
 * | `im:bus:<nodeId>` (channel)    | pub/sub channel | JSON BusMessage for that node                          | —                                     | RedisNodeBus publish; subscribed by the node itself |
 * | `im:c2s:{<businessId>}`        | stream | one entry per c2s event for the business line (read by the line with consumer groups) | none; trimmed to about streamMaxLen (MAXLEN ~) | OutboxDispatcher (@im/outbox) |
 *
 * Index zsets are scored by expiry time rather than pruned by checking each
 * member's key: `ZREMRANGEBYSCORE -inf now` cannot race with a concurrent
 * re-announce, which always moves the score into the future first.
 */
export interface RedisKeys {
  readonly prefix: string;
  /** Hash connId → JSON Route. */
  userRoutes(uid: string): string;
  /** Counter behind nextLoginSeq; same hash tag as userRoutes. */
  userLoginSeq(uid: string): string;
  /** Set of JSON `[uid, connId]`, one per route living on the node. */
  nodeRoutes(nodeId: string): string;
  /** Zset nodeId → expiry of that node's routes set. */
  nodesWithRoutes(): string;
  /** JSON NodeInfo with the announce TTL; same hash tag as nodeRoutes. */
  nodeInfo(nodeId: string): string;
  /** Zset nodeId → expiry of that node's info key. */
  nodeIndex(): string;
  /** Pub/sub channel of one node (a channel, not a key). */
  busChannel(nodeId: string): string;
  /**
   * Stream of a business line's c2s events; its own hash tag, so each stream sits on one slot.
   * At-least-once: the stream and the webhook are retried on their own, so a failing webhook
   * does not append again, but an entry may still repeat with the same eventId (a process died
   * between the append and recording it); consumers deduplicate by eventId.
   */
  c2sStream(businessId: string): string;
}

export const DEFAULT_KEY_PREFIX = "im:";

/**
 * Key names under `prefix`. The prefix may not contain braces: a hash tag in
 * the prefix would put every key in one Redis Cluster slot.
 */
export function redisKeys(prefix: string = DEFAULT_KEY_PREFIX): RedisKeys {
  if (/[{}]/.test(prefix)) throw new Error(`redis key prefix must not contain braces: ${JSON.stringify(prefix)}`);
  return {
    prefix,
    userRoutes: (uid) => `${prefix}{u:${uid}}:routes`,
    userLoginSeq: (uid) => `${prefix}{u:${uid}}:loginseq`,
    nodeRoutes: (nodeId) => `${prefix}{n:${nodeId}}:routes`,
    nodesWithRoutes: () => `${prefix}nodes:routes`,
    nodeInfo: (nodeId) => `${prefix}{n:${nodeId}}:info`,
    nodeIndex: () => `${prefix}nodes:registry`,
    busChannel: (nodeId) => `${prefix}bus:${nodeId}`,
    c2sStream: (businessId) => `${prefix}c2s:{${businessId}}`,
  };
}

/** Member of a node's routes set: unambiguous whatever characters uid and connId hold. */
export function nodeRouteMember(uid: string, connId: string): string {
  return JSON.stringify([uid, connId]);
}

export function parseNodeRouteMember(member: string): { uid: string; connId: string } | null {
  try {
    const v: unknown = JSON.parse(member);
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && typeof v[1] === "string")
      return { uid: v[0], connId: v[1] };
  } catch {
    // fall through: not one of ours
  }
  return null;
}
