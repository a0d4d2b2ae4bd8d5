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
  /**
   * Re-asserts this node's live sessions with a fresh lastActiveAt: writes each
   * route as add() would (so routes lost with a restarted backend come back).
   */
  touch(routes: readonly Route[], now: number): Promise<void>;
  /** Ids of the nodes that currently have at least one route. */
  nodesWithRoutes(): Promise<string[]>;
  /** Drops every route of a node (it died or drained); returns how many were removed. */
  removeNode(nodeId: string): Promise<number>;
  onlineCount(): Promise<number>;
  close(): Promise<void>;
}
