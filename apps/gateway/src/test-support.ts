import { MemoryNodeRegistry, MemoryPresence } from "@im/cluster";
import type { DeviceType, InboxWrite } from "@im/core";
import { createDb, type Db } from "@im/db";
import { createPgStorage, type Storage } from "@im/storage";
import { createTestDatabase, type TestDatabase } from "@im/testing";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
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
