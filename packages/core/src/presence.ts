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

/** Which routes listRoutes() returns; every filter narrows the result. */
export interface RouteQuery {
  nodeId?: string | undefined;
  deviceType?: DeviceType | undefined;
  uid?: string | undefined;
  /** nextCursor of the previous page (opaque, backend-specific). */
  cursor?: string | undefined;
  /** Most routes in one page (1..1000). */
  limit: number;
}

export interface RoutePage {
  routes: Route[];
  /** null once the walk is complete; a page may hold fewer than limit routes while more follow. */
  nextCursor: string | null;
  /**
   * Routes matching the filters. Exact, except that the Redis backend ignores the
   * deviceType filter in this count unless uid is given (an upper bound then):
   * counting by device type would mean reading every route.
   */
  total: number;
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
  /**
   * Pages through live routes (the console's "who is online"). A route present
   * for the whole walk is returned at least once; one added or moved meanwhile
   * may be missed or, in Redis, repeated. INVALID_ARGUMENT for a bad cursor.
   */
  listRoutes(query: RouteQuery): Promise<RoutePage>;
  close(): Promise<void>;
}
