import { JwtTokenVerifier, mintToken } from "@im/auth";
import { MemoryNodeBus, MemoryNodeRegistry, MemoryPresence } from "@im/cluster";
import type { MessageStore } from "@im/core";
import { createDb } from "@im/db";
import { MemoryPushProvider } from "@im/push";
import { createPgStorage, PgDeliveryLedger, type Storage } from "@im/storage";
import { createTestDatabase } from "@im/testing";
import type pg from "pg";
import pino from "pino";
import { type NodeDeps, type NodeOptions, RealtimeNode } from "../node.ts";

export const TEST_SECRET = "test-secret-for-realtime-suite";

export interface TestServer {
  node: RealtimeNode;
  tcpPort: number;
  wsPort: number;
  url: string;
  push: MemoryPushProvider;
  /** Flushes every 50 ms, so traces show up quickly. */
  ledger: PgDeliveryLedger;
  messages: MessageStore;
  storage: Storage;
  /** The pool the stores use (for tests that build the REST gateway beside the node). */
  pool: pg.Pool;
  presence: MemoryPresence;
  registry: MemoryNodeRegistry;
  token(uid: string, deviceType?: number): Promise<string>;
  stop(): Promise<void>;
}

export interface TestServerExtras {
  /** Builds the c2s outbox over the test database's url; whoever builds it closes it before stop(). */
  outbox?: (databaseUrl: string) => NonNullable<NodeDeps["outbox"]>;
}

/** A realtime node on ephemeral ports over a fresh, migrated PostgreSQL database. */
export async function startTestServer(
  overrides: Partial<NodeOptions> = {},
  extras: TestServerExtras = {},
): Promise<TestServer> {
  const database = await createTestDatabase();
  const db = createDb(database.url);
  const storage = createPgStorage(db, { lanes: 2, maxBatch: 256, lingerMs: 1 });
  const push = new MemoryPushProvider();
  const ledger = new PgDeliveryLedger(db.pool, { flushMs: 50 });
  const presence = new MemoryPresence();
  const registry = new MemoryNodeRegistry();
  const bus = new MemoryNodeBus();
  const node = new RealtimeNode(
    {
      messages: storage.messages,
      users: storage.users,
      groups: storage.groups,
      conversations: storage.conversations,
      org: storage.org,
      presence,
      bus,
      verifier: new JwtTokenVerifier({ secrets: [TEST_SECRET] }),
      push,
      ledger,
      registry,
      logger: pino({ level: "silent" }),
      outbox: extras.outbox?.(database.url),
    },
    {
      nodeId: "test-node",
      host: "127.0.0.1",
      tcpPort: 0,
      wsPort: 0,
      maxFrameBytes: 64 * 1024,
      maxContentBytes: 16 * 1024,
      authTimeoutMs: 5_000,
      heartbeatMs: 30_000,
      idleTimeoutMs: 90_000,
      ratePerSec: 0,
      rateBurst: 0,
      maxConnections: 10_000,
      kickoutPolicy: "same-type",
      undeliveredMs: 5_000,
      advertiseHost: "127.0.0.1",
      nodeTtlMs: 5_000,
      drainMs: 1_000,
      ...overrides,
    },
  );
  const ports = await node.listen();
  return {
    node,
    ...ports,
    url: database.url,
    push,
    ledger,
    messages: storage.messages,
    storage,
    pool: db.pool,
    presence,
    registry,
    token: (uid, deviceType) => mintToken({ secret: TEST_SECRET, uid, deviceType }),
    stop: async () => {
      await node.close();
      await ledger.close();
      await storage.close();
      await db.close();
      await presence.close();
      await database.drop();
    },
  };
}
