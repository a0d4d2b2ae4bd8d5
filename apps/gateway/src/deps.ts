import type { Secret } from "@im/auth";
import type { DeviceType, InboxWrite, NodeRegistry, Presence } from "@im/core";
import type { PrismaClient } from "@im/db";
import type { Storage } from "@im/storage";
import type { FastifyBaseLogger } from "fastify";
import type pg from "pg";

/** Narrows a kick to one device and says why, beyond the device type. */
export interface KickScope {
  /** Only the sessions of this device (its AUTH_REQ device_id). */
  deviceId?: string;
  /** The proto KickReason sent in KICKOUT; default ADMIN. */
  kickReason?: number;
}

/** Everything the gateway needs from the process that hosts it. */
export interface GatewayDeps {
  /** The database: `pool` for SQL in the stores, `prisma` for the administrative stores (made on the pool when absent). */
  db: { pool: pg.Pool; prisma?: PrismaClient };
  storage: Storage;
  presence: Presence;
  registry: NodeRegistry;
  /** Pushes stored inbox entries to the owners' online devices (the realtime node's deliver). */
  deliver(writes: readonly InboxWrite[]): Promise<void>;
  /** Kicks the user's sessions (of one device type or device, or all); resolves to how many were kicked. */
  kick(uid: string, deviceType: DeviceType | undefined, reason: string, scope?: KickScope): Promise<number>;
  /** Signs login tokens issued through POST /v1/tokens; absent when only SSO tokens are accepted. */
  tokenSecret?: Secret;
  /** Lifetime of issued tokens when the request names none (default 7 days). */
  tokenTtlSeconds?: number;
  /** Called after a user's ban or token revocation changed, so a login-state cache in this process can drop it. */
  accessChanged?: (uid: string) => void;
  /** Serve HTTPS with this certificate chain and key (PEM); plain HTTP when absent. */
  https?: { cert: Buffer; key: Buffer };
  /** Bearer token /metrics requires; absent: /metrics answers loopback peers only. */
  metricsToken?: string;
  /** A logger to use (e.g. the host process's pino), or the level of fastify's own; default: no logging. */
  logger?: FastifyBaseLogger | { level: string };
  /**
   * Peers whose X-Forwarded-For is believed (addresses or CIDRs, e.g. the console's proxy); the client
   * address of every other request is its socket peer. Default: loopback only.
   */
  trustedProxies?: readonly string[];
  /** Checks operator passwords (default argon2id); tests count the checks through it. */
  verifyPassword?: (hash: string, password: string) => Promise<boolean>;
  /** The realtime nodes' registry TTL: a node is healthy when it announced within it (default 5 s). */
  nodeTtlMs?: number;
  /** Between the live-stats samples behind /admin/stats/history (default 10 s; tests shorten it). */
  statsSampleMs?: number;
  /**
   * Whether the cluster backplane (Redis) is reachable. While it is not,
   * /readyz answers 503 and what needs Redis (sendMsg, kicks, routes,
   * presence, the node list) answers 503 with Retry-After at once.
   * Absent: always (in-memory backends).
   */
  backendsReady?: () => boolean;
  /** Clock for rate limits and token expiry (tests). */
  now?: () => number;
}
