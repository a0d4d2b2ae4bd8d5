import type { Connection } from "./connection.ts";

/** This process's connections only; the cluster-wide view lives in Presence. */
export class Hub {
  private readonly conns = new Map<string, Connection>();

  add(conn: Connection): void {
    this.conns.set(conn.id, conn);
  }

  remove(conn: Connection): void {
    this.conns.delete(conn.id);
  }

  get(connId: string): Connection | undefined {
    return this.conns.get(connId);
  }

  get size(): number {
    return this.conns.size;
  }

  get authenticated(): number {
    let n = 0;
    for (const c of this.conns.values()) if (c.session) n++;
    return n;
  }

  all(): IterableIterator<Connection> {
    return this.conns.values();
  }
}
