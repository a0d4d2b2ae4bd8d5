import type { Presence, Route } from "@im/core";
import type { Logger } from "pino";
import type { Connection } from "./connection.ts";
import type { NodeMetrics } from "./metrics.ts";

/** A session's route in the presence registry, and ending a session (the connection may stay open). */
export class Sessions {
  constructor(
    private readonly nodeId: string,
    private readonly presence: Pick<Presence, "remove">,
    private readonly metrics: Pick<NodeMetrics, "sessions">,
    private readonly log: Logger,
  ) {}

  routeOf(conn: Connection): Route {
    const s = conn.session!;
    return {
      uid: s.uid,
      deviceType: s.deviceType,
      deviceId: s.deviceId,
      nodeId: this.nodeId,
      connId: conn.id,
      loginSeq: s.loginSeq,
      loginAt: s.loginAt,
      lastActiveAt: conn.lastRecvAt,
    };
  }

  /** Unbinds the connection's session and removes its route; a no-op before login. */
  unbind(conn: Connection): void {
    const session = conn.session;
    if (!session) return;
    conn.session = null;
    this.metrics.sessions.dec();
    this.presence.remove(session.uid, conn.id).catch((err) => this.log.warn({ err }, "route removal failed"));
  }
}
