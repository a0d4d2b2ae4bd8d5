import type { Presence, Route, RoutePage, RouteQuery } from "@im/core";
import { decodeCursor, encodeCursor } from "./route-cursor.ts";

const isPosition = (v: unknown): v is [string, string] =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && typeof v[1] === "string";

/**
 * Route registry for one process (embedded mode and unit tests).
 *
 * Same guarantees as RedisPresence: nextLoginSeq() stays above the loginSeq
 * of every route written for the uid, and adding a connId twice counts once.
 */
export class MemoryPresence implements Presence {
  private readonly byUid = new Map<string, Map<string, Route>>();
  /** nodeId → connId → uid, so a node's routes are found without a full scan. */
  private readonly byNode = new Map<string, Map<string, string>>();
  private readonly loginSeqs = new Map<string, number>();
  private count = 0;

  async nextLoginSeq(uid: string): Promise<number> {
    const next = (this.loginSeqs.get(uid) ?? 0) + 1;
    this.loginSeqs.set(uid, next);
    return next;
  }

  async add(route: Route): Promise<void> {
    this.put({ ...route });
  }

  async remove(uid: string, connId: string): Promise<void> {
    this.delete(uid, connId);
  }

  async routes(uid: string): Promise<Route[]> {
    return this.routesSync(uid);
  }

  /** Synchronous lookup: the memory backend can answer without a round trip. */
  routesSync(uid: string): Route[] {
    const sessions = this.byUid.get(uid);
    return sessions ? [...sessions.values()].map((r) => ({ ...r })) : [];
  }

  async routesMany(uids: readonly string[]): Promise<Map<string, Route[]>> {
    const out = new Map<string, Route[]>();
    for (const uid of uids) out.set(uid, this.routesSync(uid));
    return out;
  }

  async touch(routes: readonly Route[], now: number): Promise<void> {
    for (const r of routes) this.put({ ...r, lastActiveAt: now });
  }

  async nodesWithRoutes(): Promise<string[]> {
    return [...this.byNode.keys()];
  }

  async removeNode(nodeId: string): Promise<number> {
    let removed = 0;
    for (const [connId, uid] of [...(this.byNode.get(nodeId) ?? [])]) if (this.delete(uid, connId)) removed++;
    return removed;
  }

  async onlineCount(): Promise<number> {
    return this.count;
  }

  /** Ordered by (nodeId, connId); the cursor is the position of the last route given. */
  async listRoutes(query: RouteQuery): Promise<RoutePage> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, isPosition);
    const matches: Route[] = [];
    const consider = (r: Route) => {
      if (query.nodeId !== undefined && r.nodeId !== query.nodeId) return;
      if (query.deviceType !== undefined && r.deviceType !== query.deviceType) return;
      matches.push(r);
    };
    if (query.uid !== undefined) for (const r of this.byUid.get(query.uid)?.values() ?? []) consider(r);
    else {
      const nodes = query.nodeId === undefined ? [...this.byNode.keys()] : [query.nodeId];
      for (const nodeId of nodes)
        for (const [connId, uid] of this.byNode.get(nodeId) ?? []) {
          const r = this.byUid.get(uid)?.get(connId);
          if (r) consider(r);
        }
    }
    const order = (a: { nodeId: string; connId: string }, b: { nodeId: string; connId: string }) =>
      a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : a.connId < b.connId ? -1 : a.connId > b.connId ? 1 : 0;
    matches.sort(order);
    const rest = after ? matches.filter((r) => order(r, { nodeId: after[0], connId: after[1] }) > 0) : matches;
    const page = rest.slice(0, query.limit).map((r) => ({ ...r }));
    const last = page.at(-1);
    return {
      routes: page,
      nextCursor: rest.length > query.limit && last ? encodeCursor([last.nodeId, last.connId]) : null,
      total: matches.length,
    };
  }

  async close(): Promise<void> {
    this.byUid.clear();
    this.byNode.clear();
    this.count = 0;
  }

  private put(route: Route): void {
    let sessions = this.byUid.get(route.uid);
    if (!sessions) {
      sessions = new Map();
      this.byUid.set(route.uid, sessions);
    }
    const prev = sessions.get(route.connId);
    if (!prev) this.count++;
    else if (prev.nodeId !== route.nodeId) this.unindex(prev.nodeId, route.connId);
    sessions.set(route.connId, route);
    let conns = this.byNode.get(route.nodeId);
    if (!conns) {
      conns = new Map();
      this.byNode.set(route.nodeId, conns);
    }
    conns.set(route.connId, route.uid);
    if ((this.loginSeqs.get(route.uid) ?? 0) < route.loginSeq) this.loginSeqs.set(route.uid, route.loginSeq);
  }

  private delete(uid: string, connId: string): boolean {
    const sessions = this.byUid.get(uid);
    const route = sessions?.get(connId);
    if (!sessions || !route) return false;
    sessions.delete(connId);
    if (sessions.size === 0) this.byUid.delete(uid);
    this.unindex(route.nodeId, connId);
    this.count--;
    return true;
  }

  private unindex(nodeId: string, connId: string): void {
    const conns = this.byNode.get(nodeId);
    if (!conns) return;
    conns.delete(connId);
    if (conns.size === 0) this.byNode.delete(nodeId);
  }
}
