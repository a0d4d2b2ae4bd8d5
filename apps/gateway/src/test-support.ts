import { randomUUID } from "node:crypto";
import { MemoryNodeRegistry, MemoryPresence } from "@im/cluster";
import type { DeviceType, InboxWrite } from "@im/core";
import { createDb, type Db } from "@im/db";
import { createPgStorage, type Storage } from "@im/storage";
import { createTestDatabase, type TestDatabase } from "@im/testing";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { buildApp, type GatewayDeps } from "./app.ts";
import type { KickScope } from "./deps.ts";

/** Signs the tokens the test gateway issues. */
export const TEST_TOKEN_SECRET = "gateway-test-token-secret-0123456789abcdef";

/** The gateway over a fresh database, with deliver and kick recorded instead of sent to nodes. */
export interface GatewayFixture {
  db: Db;
  storage: Storage;
  presence: MemoryPresence;
  registry: MemoryNodeRegistry;
  app: FastifyInstance;
  delivered: InboxWrite[][];
  kicks: ({ uid: string; deviceType: DeviceType | undefined; reason: string } & KickScope)[];
  stop(): Promise<void>;
}

export async function startGateway(options: Partial<GatewayDeps> = {}): Promise<GatewayFixture> {
  const testDb: TestDatabase = await createTestDatabase();
  const db = createDb({ url: testDb.url, max: 8 });
  const storage = createPgStorage(db, { lingerMs: 1 });
  const presence = new MemoryPresence();
  const registry = new MemoryNodeRegistry();
  const delivered: GatewayFixture["delivered"] = [];
  const kicks: GatewayFixture["kicks"] = [];
  const app = await buildApp({
    db,
    storage,
    presence,
    registry,
    tokenSecret: TEST_TOKEN_SECRET,
    async deliver(writes) {
      delivered.push([...writes]);
    },
    // Like a node: ends the matching sessions in presence and answers how many there were.
    async kick(uid, deviceType, reason, scope) {
      kicks.push({ uid, deviceType, reason, ...scope });
      const victims = (await presence.routes(uid)).filter(
        (r) =>
          (deviceType === undefined || r.deviceType === deviceType) &&
          (scope?.deviceId === undefined || r.deviceId === scope.deviceId),
      );
      for (const r of victims) await presence.remove(uid, r.connId);
      return victims.length;
    },
    ...options,
  });
  return {
    db,
    storage,
    presence,
    registry,
    app,
    delivered,
    kicks,
    stop: async () => {
      await app.close();
      await storage.close();
      await db.close();
      await testDb.drop();
    },
  };
}

/**
 * The gateway for a whole test file: started before its tests (then `setup` runs
 * on it), emptied of recorded deliveries and kicks before each test, stopped after them all.
 */
export function useGateway(
  setup: (gateway: GatewayFixture) => Promise<void> | void,
  options: Partial<GatewayDeps> = {},
) {
  let gateway: GatewayFixture | undefined;
  beforeAll(async () => {
    gateway = await startGateway(options);
    await setup(gateway);
  });
  afterAll(async () => {
    await gateway?.stop();
  });
  beforeEach(() => {
    if (!gateway) return;
    gateway.delivered.length = 0;
    gateway.kicks.length = 0;
  });
}

/** `name` with a random suffix, so ids made by different tests never collide. */
export function uniqueId(name: string): string {
  return `${name}-${randomUUID().slice(0, 8)}`;
}

/** A /v1 request sent with `Bearer apiKey`, or with no authorization header when apiKey is null. */
export function injectWithKey(app: FastifyInstance, opts: InjectOptions, apiKey: string | null) {
  return app.inject({
    ...opts,
    headers: { ...(apiKey === null ? {} : { authorization: `Bearer ${apiKey}` }), ...opts.headers },
  });
}

/** Creates a user called `name` with a unique id through PUT /v1/users, and answers the id. */
export async function createUser(call: Call, name: string): Promise<string> {
  const id = uniqueId(name);
  const res = await call({ method: "PUT", url: `/v1/users/${id}`, payload: { name } });
  expect(res.statusCode).toBe(201);
  return id;
}

/** One request per route with a valid shape, and how to make it invalid (a bad body or URL) naming `field`. */
export interface RouteCase {
  method: "GET" | "PUT" | "POST" | "PATCH" | "DELETE";
  url: string;
  payload?: object;
  bad?: object;
  badUrl?: string;
  field?: string;
}

type Call = (opts: InjectOptions, apiKey?: string | null) => Promise<LightMyRequestResponse>;

/** Every route answers 401 NOT_AUTHENTICATED to each of the given keys (null = no header). */
export async function expectKeyRequired(call: Call, cases: readonly RouteCase[], keys: (string | null)[]) {
  for (const r of cases) {
    for (const apiKey of keys) {
      const res = await call({ method: r.method, url: r.url, ...(r.payload ? { payload: r.payload } : {}) }, apiKey);
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.json().error.code).toBe("NOT_AUTHENTICATED");
    }
  }
}

/** Every route answers its second request with a fresh key from `limitedKey` (one request a second) 429 with Retry-After. */
export async function expectRateLimited(call: Call, cases: readonly RouteCase[], limitedKey: () => Promise<string>) {
  for (const r of cases) {
    const limited = await limitedKey();
    const opts = { method: r.method, url: r.url, ...(r.payload ? { payload: r.payload } : {}) };
    const first = await call(opts, limited);
    expect(first.statusCode, `${r.method} ${r.url}`).not.toBe(429);
    const second = await call(opts, limited);
    expect(second.statusCode, `${r.method} ${r.url}`).toBe(429);
    expect(second.json().error.code).toBe("RATE_LIMITED");
    expect(Number(second.headers["retry-after"])).toBeGreaterThanOrEqual(1);
  }
}

/** Every request answers 404 with a NOT_FOUND code. */
export async function expectNotFound(call: Call, requests: readonly InjectOptions[]) {
  for (const c of requests) {
    const res = await call(c);
    expect(res.statusCode, `${c.method} ${c.url}`).toBe(404);
    expect(res.json().error.code).toMatch(/NOT_FOUND$/);
  }
}

/** Every route with a bad variant answers 400 INVALID_ARGUMENT naming the field. */
export async function expectFieldNamed(call: Call, cases: readonly RouteCase[]) {
  for (const r of cases) {
    if (r.field === undefined) continue;
    const res = await call({ method: r.method, url: r.badUrl ?? r.url, ...(r.bad ? { payload: r.bad } : {}) });
    expect(res.statusCode, `${r.method} ${r.url}`).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe("INVALID_ARGUMENT");
    expect(body.error.field, `${r.method} ${r.url}`).toBe(r.field);
  }
}

/** Puts `deviceIds` online for `uid` in the fixture's presence, as if they had logged in to a node. */
export async function goOnline(
  presence: MemoryPresence,
  uid: string,
  deviceType: DeviceType,
  deviceIds: readonly string[],
): Promise<void> {
  for (const deviceId of deviceIds) {
    const loginSeq = await presence.nextLoginSeq(uid);
    const now = Date.now();
    await presence.add({
      uid,
      deviceType,
      deviceId,
      nodeId: "fixture-node",
      connId: `${uid}-${deviceId}`,
      loginSeq,
      loginAt: now,
      lastActiveAt: now,
    });
  }
}
