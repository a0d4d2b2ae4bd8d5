import type { DeviceType } from "./types.ts";

/** One live session of a user, wherever it is connected. */
export interface Route {
  uid: string;
  deviceType: DeviceType;
  deviceId: string;
  nodeId: string;
  connId: string;
  /** Monotonic per uid: a later login has a larger value. Decides kickout races. */
  loginSeq: number;
  loginAt: number;
  lastActiveAt: number;
}

/**
 * The route registry: which sessions each user has and where they live.
 * A route is visible to every node once add() resolves; remove() of a route
 * that is gone is a no-op.
 */
export interface Presence {
  /** Next loginSeq for this uid (strictly increasing across the cluster). */
  nextLoginSeq(uid: string): Promise<number>;
  add(route: Route): Promise<void>;
  remove(uid: string, connId: string): Promise<void>;
  routes(uid: string): Promise<Route[]>;
  routesMany(uids: readonly string[]): Promise<Map<string, Route[]>>;
  /** Refreshes lastActiveAt for the given sessions of this node. */
  touch(routes: readonly Pick<Route, "uid" | "connId">[], now: number): Promise<void>;
  onlineCount(): Promise<number>;
  close(): Promise<void>;
}
