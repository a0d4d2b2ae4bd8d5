import { backoffDelay } from "@im/core";
import { Redis, type RedisOptions } from "ioredis";
import { RedisNodeBus } from "./node-bus-redis.ts";
import { RedisNodeRegistry } from "./node-registry-redis.ts";
import { RedisPresence } from "./presence-redis.ts";

export interface RedisBackendsOptions {
  /** redis://[user:password@]host:port[/db] */
  url: string;
  /** Key prefix (default `im:`); see redis-keys.ts. */
  prefix?: string | undefined;
  /** Connections show up in CLIENT LIST as `<name>:cmd` and `<name>:sub` (default `im`). */
  connectionName?: string | undefined;
  /** Connection errors (each failed reconnect attempt too), publish failures, bad bus payloads. */
  onError?: ((err: unknown) => void) | undefined;
  /**
   * Called each time the command or the subscriber connection is ready again
   * after it was lost (not on the first connect). Redis may have restarted
   * empty: the realtime node re-registers its sessions here (Presence.touch),
   * re-announces and pushes what failed to go out meanwhile.
   */
  onReconnect?: (() => void | Promise<void>) | undefined;
  /** See RedisPresenceOptions.routeTtlMs (default 1 h). */
  routeTtlMs?: number | undefined;
  /** A command without a reply after this long fails (default 5,000 ms). */
  commandTimeoutMs?: number | undefined;
  /** Reconnect backoff cap (default 2,000 ms); reconnecting itself never stops. */
  maxReconnectDelayMs?: number | undefined;
}

export interface RedisBackends {
  presence: RedisPresence;
  bus: RedisNodeBus;
  registry: RedisNodeRegistry;
  /** The command connection (presence, registry, bus publishes). */
  redis: Redis;
  /** Both connections are up (false while Redis is unreachable: commands would wait or fail). */
  ready(): boolean;
  /** Unsubscribes the bus and quits both connections. Idempotent. */
  close(): Promise<void>;
}

/** After this many failed reconnect attempts, queued commands fail instead of waiting on. */
const MAX_RETRIES_PER_REQUEST = 2;

/**
 * The cluster backplane on one Redis: a command connection shared by presence,
 * registry and bus publishes, and a dedicated subscriber connection for the bus.
 *
 * While Redis is unreachable, commands wait in ioredis' offline queue and fail
 * after MAX_RETRIES_PER_REQUEST reconnect attempts or commandTimeoutMs,
 * whichever comes first; the connections keep reconnecting forever with
 * exponential backoff (capped), and the subscriber resubscribes its channels.
 * Returns at once: the first commands wait for the connection.
 */
export function createRedisBackends(opts: RedisBackendsOptions): RedisBackends {
  const name = opts.connectionName ?? "im";
  const onError = (err: unknown) => {
    try {
      opts.onError?.(err);
    } catch {
      // a throwing reporter must not take the connection's event loop with it
    }
  };
  const maxDelay = opts.maxReconnectDelayMs ?? 2_000;
  const common: RedisOptions = {
    maxRetriesPerRequest: MAX_RETRIES_PER_REQUEST,
    enableOfflineQueue: true,
    autoResubscribe: true,
    retryStrategy: (times) => backoffDelay(times - 1, 100, maxDelay),
  };
  const redis = new Redis(opts.url, {
    ...common,
    connectionName: `${name}:cmd`,
    commandTimeout: opts.commandTimeoutMs ?? 5_000,
  });
  // No command timeout here: SUBSCRIBE may legitimately wait for the connection.
  const subscriber = new Redis(opts.url, { ...common, connectionName: `${name}:sub` });
  redis.on("error", onError);
  subscriber.on("error", onError);

  for (const conn of [redis, subscriber]) {
    let wasReady = false;
    conn.on("ready", () => {
      if (!wasReady) {
        wasReady = true;
        return;
      }
      try {
        Promise.resolve(opts.onReconnect?.()).catch(onError);
      } catch (err) {
        onError(err);
      }
    });
  }
  const ready = () => redis.status === "ready" && subscriber.status === "ready";

  const presence = new RedisPresence(redis, { prefix: opts.prefix, routeTtlMs: opts.routeTtlMs });
  const registry = new RedisNodeRegistry(redis, { prefix: opts.prefix });
  const bus = new RedisNodeBus({ publisher: redis, subscriber, prefix: opts.prefix, onError });

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await bus.close();
      await Promise.all([presence.close(), registry.close()]);
      await Promise.all([shutdown(redis), shutdown(subscriber)]);
    })();
    return closing;
  };
  return { presence, bus, registry, redis, ready, close };
}

/** QUIT when connected (lets replies in flight arrive), otherwise drop the socket and stop reconnecting. */
async function shutdown(r: Redis): Promise<void> {
  if (r.status === "ready") {
    try {
      await r.quit();
      return;
    } catch {
      // fall through
    }
  }
  r.disconnect();
}
