import type { Presence, Route, RoutePage, RouteQuery } from "@im/core";
import type { ChainableCommander, Redis } from "ioredis";
import { nodeRouteMember, parseNodeRouteMember, type RedisKeys, redisKeys } from "./redis-keys.ts";
import { chunk, execPipeline } from "./redis-pipeline.ts";
import { decodeCursor, encodeCursor } from "./route-cursor.ts";

/** Where a listRoutes walk stands: a node, the SSCAN cursor of a batch, and how many matches of it were given. */
type WalkPosition = { n: string; c: string; s: number } | { u: string };

const isWalkPosition = (v: unknown): v is WalkPosition => {
  if (typeof v !== "object" || v === null) return false;
  const o = v as Record<string, unknown>;
  if ("u" in o) return typeof o.u === "string";
  return typeof o.n === "string" && typeof o.c === "string" && /^[0-9]+$/.test(o.c) && Number.isInteger(o.s);
};

/** SSCAN round trips one listRoutes page may take before it returns what it has. */
const MAX_SCANS_PER_PAGE = 32;

export interface RedisPresenceOptions {
  /** Key prefix (default `im:`); see redis-keys.ts. */
  prefix?: string | undefined;
  /**
   * How long a user's routes hash and a node's routes set live without an
   * add/touch (default 1 h). Live nodes touch far more often; the expiry only
   * keeps a cluster that died as a whole from leaking keys forever.
   */
  routeTtlMs?: number | undefined;
  /** Routes per pipeline in touch() and removeNode() (default 500). */
  batchSize?: number | undefined;
  /** Clock for index scores (default Date.now). */
  now?: (() => number) | undefined;
}

const DEFAULT_ROUTE_TTL_MS = 60 * 60 * 1000;
const DEFAULT_BATCH_SIZE = 500;

// Writes one route and keeps the user's loginseq counter at or above its
// loginSeq, so logins after a Redis data loss (routes re-written by touch)
// still get larger seqs than the sessions that survived. Returns 1 if the
// route is new, 0 if it replaced one on the same node, or the previous
// nodeId if the connId moved (the caller fixes that node's set).
const ADD_ROUTE = `
local old = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
local seq = tonumber(redis.call('GET', KEYS[2]))
if seq == nil or seq < tonumber(ARGV[4]) then
  redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[5])
else
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
end
if not old then return 1 end
local ok, prev = pcall(cjson.decode, old)
if ok and type(prev) == 'table' and type(prev.nodeId) == 'string' and prev.nodeId ~= ARGV[3] then
  return prev.nodeId
end
return 0
`;

// Deletes one route (Redis drops the hash with its last field) and returns the
// nodeId it lived on, '' if unreadable, or nil if there was no such route.
const REMOVE_ROUTE = `
local old = redis.call('HGET', KEYS[1], ARGV[1])
if not old then return false end
redis.call('HDEL', KEYS[1], ARGV[1])
local ok, r = pcall(cjson.decode, old)
if ok and type(r) == 'table' and type(r.nodeId) == 'string' then return r.nodeId end
return ''
`;

const NEXT_LOGIN_SEQ = `
local v = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return v
`;

/** The Lua commands this backend defines on its connection, typed for a client (R = Promise) or a pipeline. */
interface PresenceScripts<R> {
  imPresenceAdd(
    routesKey: string,
    loginSeqKey: string,
    connId: string,
    routeJson: string,
    nodeId: string,
    loginSeq: number,
    ttlMs: number,
  ): R;
  imPresenceRemove(routesKey: string, connId: string): R;
  imPresenceNextLoginSeq(loginSeqKey: string, ttlMs: number): R;
}

/**
 * Route registry in Redis (cluster mode).
 *
 * Layout (see redis-keys.ts): per user a hash connId → JSON route plus the
 * loginseq counter, both under the user's hash tag; per node a set of
 * `[uid, connId]` members so the node's routes can be found and purged; and a
 * zset index of the nodes that have routes sets.
 *
 * Guarantees beyond Presence:
 * - add() and touch() update the user's hash and loginseq atomically (one Lua
 *   script) and then the node's set and the index in the same pipeline; a
 *   connection lost between them leaves at most a stale node-set member, which
 *   the next touch or removeNode repairs.
 * - nextLoginSeq() is always larger than the loginSeq of every route written
 *   by add()/touch() for that uid, even after Redis lost the counter.
 * - onlineCount() is the sum of the node sets' sizes (SCARD), so adding the
 *   same connId twice counts once.
 *
 * The connection is borrowed: close() does not quit it.
 */
export class RedisPresence implements Presence {
  private readonly keys: RedisKeys;
  private readonly ttlMs: number;
  private readonly batchSize: number;
  private readonly now: () => number;

  constructor(
    private readonly redis: Redis,
    opts: RedisPresenceOptions = {},
  ) {
    this.keys = redisKeys(opts.prefix);
    this.ttlMs = opts.routeTtlMs ?? DEFAULT_ROUTE_TTL_MS;
    this.batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
    this.now = opts.now ?? Date.now;
    redis.defineCommand("imPresenceAdd", { numberOfKeys: 2, lua: ADD_ROUTE });
    redis.defineCommand("imPresenceRemove", { numberOfKeys: 1, lua: REMOVE_ROUTE });
    redis.defineCommand("imPresenceNextLoginSeq", { numberOfKeys: 1, lua: NEXT_LOGIN_SEQ });
  }

  async nextLoginSeq(uid: string): Promise<number> {
    const v = await this.scripts().imPresenceNextLoginSeq(this.keys.userLoginSeq(uid), this.ttlMs);
    return Number(v);
  }

  async add(route: Route): Promise<void> {
    await this.write([route]);
  }

  async remove(uid: string, connId: string): Promise<void> {
    const nodeId = await this.scripts().imPresenceRemove(this.keys.userRoutes(uid), connId);
    if (typeof nodeId === "string" && nodeId !== "")
      await this.redis.srem(this.keys.nodeRoutes(nodeId), nodeRouteMember(uid, connId));
  }

  async routes(uid: string): Promise<Route[]> {
    return decodeRoutes(await this.redis.hgetall(this.keys.userRoutes(uid)));
  }

  async routesMany(uids: readonly string[]): Promise<Map<string, Route[]>> {
    const unique = [...new Set(uids)];
    const out = new Map<string, Route[]>();
    if (unique.length === 0) return out;
    const p = this.redis.pipeline();
    for (const uid of unique) p.hgetall(this.keys.userRoutes(uid));
    const replies = await execPipeline(p);
    unique.forEach((uid, i) => {
      out.set(uid, decodeRoutes(replies[i] as Record<string, string>));
    });
    return out;
  }

  async touch(routes: readonly Route[], now: number): Promise<void> {
    await this.write(routes.map((r) => ({ ...r, lastActiveAt: now })));
  }

  async nodesWithRoutes(): Promise<string[]> {
    const sizes = await this.nodeSetSizes();
    return [...sizes].filter(([, n]) => n > 0).map(([nodeId]) => nodeId);
  }

  async removeNode(nodeId: string): Promise<number> {
    const setKey = this.keys.nodeRoutes(nodeId);
    let removed = 0;
    let cursor = "0";
    do {
      const [next, members] = await this.redis.sscan(setKey, cursor, "COUNT", this.batchSize);
      cursor = next;
      if (members.length === 0) continue;
      const p = this.redis.pipeline();
      let hdels = 0;
      for (const member of members) {
        const ref = parseNodeRouteMember(member);
        if (!ref) continue;
        p.hdel(this.keys.userRoutes(ref.uid), ref.connId);
        hdels++;
      }
      // Only the members seen: a route added meanwhile stays listed with its node.
      p.srem(setKey, ...members);
      const replies = await execPipeline(p);
      for (let i = 0; i < hdels; i++) removed += Number(replies[i]);
    } while (cursor !== "0");
    if ((await this.redis.scard(setKey)) === 0) await this.redis.zrem(this.keys.nodesWithRoutes(), nodeId);
    return removed;
  }

  async onlineCount(): Promise<number> {
    let total = 0;
    for (const n of (await this.nodeSetSizes()).values()) total += n;
    return total;
  }

  /**
   * With uid: that user's routes hash, ordered by connId. Otherwise the nodes'
   * routes sets in nodeId order, each walked with SSCAN and its members' routes
   * read with HGET in one pipeline per batch. A page stopped inside a batch
   * resumes by scanning that batch again and skipping what was given, so a set
   * changing between pages may repeat or miss a route (the Presence contract
   * allows that). total is the sets' sizes (SCARD), before the deviceType filter.
   */
  async listRoutes(query: RouteQuery): Promise<RoutePage> {
    const at = query.cursor === undefined ? undefined : decodeCursor(query.cursor, isWalkPosition);
    if (query.uid !== undefined) {
      const all = (await this.routes(query.uid))
        .filter((r) => query.nodeId === undefined || r.nodeId === query.nodeId)
        .filter((r) => query.deviceType === undefined || r.deviceType === query.deviceType)
        .sort((a, b) => (a.connId < b.connId ? -1 : a.connId > b.connId ? 1 : 0));
      const after = at && "u" in at ? at.u : undefined;
      const rest = after === undefined ? all : all.filter((r) => r.connId > after);
      const page = rest.slice(0, query.limit);
      const last = page.at(-1);
      return {
        routes: page,
        nextCursor: rest.length > query.limit && last ? encodeCursor({ u: last.connId }) : null,
        total: all.length,
      };
    }
    const sizes = await this.nodeSetSizes();
    const nodes = query.nodeId === undefined ? [...sizes.keys()].sort() : sizes.has(query.nodeId) ? [query.nodeId] : [];
    let total = 0;
    for (const nodeId of nodes) total += sizes.get(nodeId) ?? 0;
    const resume = at && "n" in at ? at : undefined;
    // Resume at the cursor's node, or at the next one if it has gone meanwhile.
    let i = resume ? nodes.findIndex((n) => n >= resume.n) : 0;
    if (i < 0) i = nodes.length;
    let pos = resume && nodes[i] === resume.n ? resume : undefined;
    const routes: Route[] = [];
    const count = Math.max(query.limit, 100);
    for (let scans = 0; i < nodes.length && scans < MAX_SCANS_PER_PAGE; scans++) {
      const nodeId = nodes[i] as string;
      const cursor = pos?.c ?? "0";
      const skip = pos?.s ?? 0;
      const [next, members] = await this.redis.sscan(this.keys.nodeRoutes(nodeId), cursor, "COUNT", count);
      const matched = (await this.readMembers(members)).filter(
        (r) => r.nodeId === nodeId && (query.deviceType === undefined || r.deviceType === query.deviceType),
      );
      const fresh = matched.slice(skip);
      const room = query.limit - routes.length;
      if (fresh.length > room) {
        routes.push(...fresh.slice(0, room));
        return { routes, nextCursor: encodeCursor({ n: nodeId, c: cursor, s: skip + room }), total };
      }
      routes.push(...fresh);
      if (next === "0") {
        i++;
        pos = undefined;
      } else pos = { n: nodeId, c: next, s: 0 };
      if (routes.length === query.limit) break;
    }
    const nextCursor = i >= nodes.length ? null : encodeCursor(pos ?? { n: nodes[i] as string, c: "0", s: 0 });
    return { routes, nextCursor, total };
  }

  /** The connection is borrowed from the caller, who closes it. */
  async close(): Promise<void> {}

  /** Routes behind node-set members, in member order; stale members (route gone) are skipped. */
  private async readMembers(members: readonly string[]): Promise<Route[]> {
    const refs = members.map(parseNodeRouteMember).filter((r) => r !== null);
    if (refs.length === 0) return [];
    const p = this.redis.pipeline();
    for (const ref of refs) p.hget(this.keys.userRoutes(ref.uid), ref.connId);
    const out: Route[] = [];
    for (const json of await execPipeline(p)) {
      const route = typeof json === "string" ? decodeRoute(json) : null;
      if (route) out.push(route);
    }
    return out;
  }

  private scripts(): PresenceScripts<Promise<unknown>> {
    return this.redis as unknown as PresenceScripts<Promise<unknown>>;
  }

  /** Writes routes as add() does, batchSize routes per pipeline. */
  private async write(routes: readonly Route[]): Promise<void> {
    for (const batch of chunk(routes, this.batchSize)) {
      const p = this.redis.pipeline();
      const queue = p as unknown as PresenceScripts<ChainableCommander>;
      const membersByNode = new Map<string, string[]>();
      for (const r of batch) {
        queue.imPresenceAdd(
          this.keys.userRoutes(r.uid),
          this.keys.userLoginSeq(r.uid),
          r.connId,
          encodeRoute(r),
          r.nodeId,
          r.loginSeq,
          this.ttlMs,
        );
        const members = membersByNode.get(r.nodeId) ?? [];
        members.push(nodeRouteMember(r.uid, r.connId));
        membersByNode.set(r.nodeId, members);
      }
      const index = this.keys.nodesWithRoutes();
      const expiresAt = this.now() + this.ttlMs;
      for (const [nodeId, members] of membersByNode) {
        const setKey = this.keys.nodeRoutes(nodeId);
        p.sadd(setKey, ...members);
        p.pexpire(setKey, this.ttlMs);
        p.zadd(index, expiresAt, nodeId);
      }
      // The index lives as long as its longest-lived member.
      p.pexpire(index, this.ttlMs, "NX");
      p.pexpire(index, this.ttlMs, "GT");
      const replies = await execPipeline(p);
      // A connId that moved to another node leaves its old node's set.
      const moved = this.redis.pipeline();
      let anyMoved = false;
      batch.forEach((r, i) => {
        const prev = replies[i];
        if (typeof prev !== "string") return;
        moved.srem(this.keys.nodeRoutes(prev), nodeRouteMember(r.uid, r.connId));
        anyMoved = true;
      });
      if (anyMoved) await execPipeline(moved);
    }
  }

  /** Size of each indexed node's routes set; prunes index entries whose set has expired. */
  private async nodeSetSizes(): Promise<Map<string, number>> {
    const index = this.keys.nodesWithRoutes();
    const [, nodeIds] = (await execPipeline(
      this.redis.pipeline().zremrangebyscore(index, "-inf", this.now()).zrange(index, 0, "-1"),
    )) as [number, string[]];
    const sizes = new Map<string, number>();
    if (nodeIds.length === 0) return sizes;
    const p = this.redis.pipeline();
    for (const nodeId of nodeIds) p.scard(this.keys.nodeRoutes(nodeId));
    const replies = await execPipeline(p);
    nodeIds.forEach((nodeId, i) => {
      sizes.set(nodeId, Number(replies[i]));
    });
    return sizes;
  }
}

function encodeRoute(r: Route): string {
  const { uid, deviceType, deviceId, nodeId, connId, loginSeq, loginAt, lastActiveAt } = r;
  return JSON.stringify({ uid, deviceType, deviceId, nodeId, connId, loginSeq, loginAt, lastActiveAt });
}

function decodeRoutes(hash: Record<string, string>): Route[] {
  const out: Route[] = [];
  for (const json of Object.values(hash)) {
    const route = decodeRoute(json);
    if (route) out.push(route);
  }
  return out;
}

/** A route written by encodeRoute, or null for anything else (skipped, never thrown on a read path). */
function decodeRoute(json: string): Route | null {
  try {
    const r = JSON.parse(json) as Partial<Route> | null;
    if (
      r &&
      typeof r.uid === "string" &&
      typeof r.connId === "string" &&
      typeof r.nodeId === "string" &&
      typeof r.deviceType === "number" &&
      typeof r.loginSeq === "number"
    )
      return r as Route;
  } catch {
    // not a route
  }
  return null;
}
