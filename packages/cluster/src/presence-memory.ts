import type { Presence, Route } from "@im/core";

/** Route registry for one process (embedded mode and unit tests). */
export class MemoryPresence implements Presence {
  private readonly byUid = new Map<string, Map<string, Route>>();
  private readonly loginSeqs = new Map<string, number>();
  private count = 0;

  async nextLoginSeq(uid: string): Promise<number> {
    const next = (this.loginSeqs.get(uid) ?? 0) + 1;
    this.loginSeqs.set(uid, next);
    return next;
  }

  async add(route: Route): Promise<void> {
    let sessions = this.byUid.get(route.uid);
    if (!sessions) {
      sessions = new Map();
      this.byUid.set(route.uid, sessions);
    }
    if (!sessions.has(route.connId)) this.count++;
    sessions.set(route.connId, { ...route });
  }

  async remove(uid: string, connId: string): Promise<void> {
    const sessions = this.byUid.get(uid);
    if (!sessions?.delete(connId)) return;
    this.count--;
    if (sessions.size === 0) this.byUid.delete(uid);
  }

  async routes(uid: string): Promise<Route[]> {
    return this.routesSync(uid);
  }

  /** Synchronous lookup: the memory backend can answer without a round trip. */
  routesSync(uid: string): Route[] {
    const sessions = this.byUid.get(uid);
    return sessions ? [...sessions.values()] : [];
  }

  async routesMany(uids: readonly string[]): Promise<Map<string, Route[]>> {
    const out = new Map<string, Route[]>();
    for (const uid of uids) out.set(uid, this.routesSync(uid));
    return out;
  }

  async touch(routes: readonly Pick<Route, "uid" | "connId">[], now: number): Promise<void> {
    for (const r of routes) {
      const route = this.byUid.get(r.uid)?.get(r.connId);
      if (route) route.lastActiveAt = now;
    }
  }

  async onlineCount(): Promise<number> {
    return this.count;
  }

  async close(): Promise<void> {
    this.byUid.clear();
    this.count = 0;
  }
}
