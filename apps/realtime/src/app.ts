import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { ChainTokenVerifier, JwtTokenVerifier, resolveTokenSecrets, SsoTokenVerifier } from "@im/auth";
import { createRedisBackends, MemoryNodeBus, MemoryNodeRegistry, MemoryPresence } from "@im/cluster";
import { startConsole } from "@im/console/launch";
import type { NodeBus, NodeRegistry, Presence, PushProvider, TokenVerifier } from "@im/core";
import { createDb, migrate, startEmbeddedPostgres } from "@im/db";
import { buildApp, ensureFirstOperator } from "@im/gateway";
import { OutboxDispatcher, PgOutboxStore } from "@im/outbox";
import { im } from "@im/protocol";
import { NoopPushProvider, WebhookPushProvider } from "@im/push";
import { createPgStorage, PgAccessStore, PgDeliveryLedger } from "@im/storage";
import { startWeb } from "@im/web/launch";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { type Config, splitList } from "./config.ts";
import { RealtimeNode } from "./node.ts";
import { registerOutboxMetrics } from "./outbox-metrics.ts";

export { type Config, loadConfig } from "./config.ts";

export interface RunningApp {
  node: RealtimeNode;
  tcpPort: number;
  wsPort: number;
  /** Port of the REST gateway, or null when it is turned off. */
  gatewayPort: number | null;
  /** URL of the operator console, or null when it is turned off. */
  consoleUrl: string | null;
  /** URL of the end users' web chat, or null when it is turned off. */
  webUrl: string | null;
  /** What is actually bound, as host:port, for the start log. */
  bound: { tcp: string; ws: string; gateway: string | null };
  /** TCP is TLS, WebSocket is wss:// and the gateway https:// */
  tls: boolean;
  embedded: boolean;
  /** Stops everything this app started, in order; safe to call more than once. */
  stop(): Promise<void>;
}

/** startApp was stopped (its signal aborted) before it finished; everything it had started is stopped again. */
export class StartAborted extends Error {
  constructor() {
    super("start-up aborted");
    this.name = "StartAborted";
  }
}

export interface StartOptions {
  /**
   * Aborting stops the start-up at its next step: what was started is
   * stopped, in reverse order, and startApp rejects with StartAborted. A
   * step in progress (PostgreSQL starting, a console build) is cut short
   * where it can be, else finished first, so nothing it starts is left behind.
   */
  signal?: AbortSignal;
  /**
   * Receives a synchronous action for each process started outside this one
   * (embedded PostgreSQL, console, web chat) that stops it at once: for a
   * shutdown out of time that must exit now but leave nothing running.
   */
  lastResort?: (action: () => void) => void;
}

/**
 * Builds and starts the whole server from a validated config. With no
 * DATABASE_URL it runs an embedded PostgreSQL under IM_DATA_DIR.
 */
export async function startApp(config: Config, logger: Logger, opts: StartOptions = {}): Promise<RunningApp> {
  const cleanups: (() => Promise<void>)[] = [];
  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= (async () => {
      for (const fn of cleanups.reverse()) {
        try {
          await fn();
        } catch (err) {
          logger.error({ err }, "shutdown step failed");
        }
      }
    })();
    return stopped;
  };

  const { signal } = opts;
  /** Between two start-up steps: give up here when a shutdown was asked for meanwhile. */
  const checkpoint = () => {
    if (signal?.aborted) throw new StartAborted();
  };

  try {
    checkpoint();
    // Decided before anything starts: a refusal must not leave a database running.
    const secrets = await resolveTokenSecrets({
      secret: config.IM_TOKEN_SECRET,
      secretFile: config.IM_TOKEN_SECRET_FILE,
      previous: config.IM_TOKEN_SECRET_PREVIOUS,
      dataDir: config.IM_DATA_DIR,
      sso: config.IM_SSO_URL !== undefined,
      binds: [
        { name: "IM_HOST", host: config.IM_HOST },
        ...(config.IM_GATEWAY_PORT >= 0 ? [{ name: "IM_GATEWAY_HOST", host: config.IM_GATEWAY_HOST }] : []),
        ...(config.IM_CONSOLE_PORT >= 0 ? [{ name: "IM_CONSOLE_HOST", host: config.IM_CONSOLE_HOST }] : []),
        ...(config.IM_WEB_PORT >= 0 ? [{ name: "IM_WEB_HOST", host: config.IM_WEB_HOST }] : []),
      ],
    });
    const tls =
      config.IM_TLS_CERT_FILE && config.IM_TLS_KEY_FILE
        ? { cert: await readFile(config.IM_TLS_CERT_FILE), key: await readFile(config.IM_TLS_KEY_FILE) }
        : undefined;
    if (secrets.source === "development")
      logger.warn(
        { file: secrets.file },
        "no IM_TOKEN_SECRET: login tokens are signed with this data directory's development secret (loopback only)",
      );

    checkpoint();
    let url = config.DATABASE_URL;
    if (!url) {
      const dataDir = path.resolve(config.IM_DATA_DIR);
      logger.info({ dataDir, port: config.IM_EMBEDDED_PG_PORT }, "starting embedded PostgreSQL");
      const pg = await startEmbeddedPostgres({ dataDir, port: config.IM_EMBEDDED_PG_PORT });
      cleanups.push(() => pg.stop());
      opts.lastResort?.(() => pg.stopNow());
      checkpoint();
      logger.info({ clusterDir: pg.clusterDir }, "embedded PostgreSQL is up");
      url = pg.url;
    }
    await migrate(url);
    checkpoint();
    const db = createDb(url);
    cleanups.push(() => db.close());
    const first = await ensureFirstOperator(db.pool);
    checkpoint();
    if (first)
      logger.warn(
        `first console operator created: username "${first.username}", password "${first.password}" ` +
          "(shown once; change it in the console under Account)",
      );
    const storage = createPgStorage(db, {
      lanes: config.IM_STORE_LANES,
      maxBatch: config.IM_STORE_MAX_BATCH,
      lingerMs: config.IM_STORE_LINGER_MS,
    });
    cleanups.push(() => storage.close());
    const access = new PgAccessStore(db.pool, { onError: (err) => logger.warn({ err }, "login state unavailable") });

    const ledger = new PgDeliveryLedger(db.pool, {
      retentionMs: config.IM_DELIVERY_LEDGER_DAYS * 24 * 60 * 60 * 1000,
      onError: (err) => logger.warn({ err }, "delivery ledger error"),
    });
    cleanups.push(() => ledger.close());

    // Our own JWTs are accepted only when we hold a secret; with SSO alone, SSO is the only way in.
    const secret = secrets.current;
    const jwt = secret
      ? new JwtTokenVerifier({ secrets: [secret, ...secrets.previous], maxAgeWithoutExpSec: config.IM_TOKEN_TTL })
      : null;
    const sso = config.IM_SSO_URL ? new SsoTokenVerifier({ url: config.IM_SSO_URL }) : null;
    let verifier: TokenVerifier;
    if (jwt) verifier = sso ? new ChainTokenVerifier(jwt, sso) : jwt;
    else if (sso) verifier = sso;
    else throw new Error("no token verifier: neither a token secret nor IM_SSO_URL");

    const push: PushProvider =
      config.IM_PUSH_WEBHOOK_URL && config.IM_PUSH_WEBHOOK_SECRET
        ? new WebhookPushProvider({ url: config.IM_PUSH_WEBHOOK_URL, secret: config.IM_PUSH_WEBHOOK_SECRET })
        : new NoopPushProvider();
    cleanups.push(() => push.close());

    let presence: Presence;
    let bus: NodeBus;
    let registry: NodeRegistry;
    let onBackendsBack: () => void = () => {};
    let backendsReady: (() => boolean) | undefined;
    if (config.REDIS_URL) {
      const redis = createRedisBackends({
        url: config.REDIS_URL,
        prefix: config.IM_REDIS_PREFIX,
        onError: (err) => logger.warn({ err }, "redis error"),
        onReconnect: () => onBackendsBack(),
      });
      cleanups.push(() => redis.close());
      ({ presence, bus, registry } = redis);
      backendsReady = redis.ready;
      logger.info({ prefix: config.IM_REDIS_PREFIX }, "cluster mode: presence, bus and registry in Redis");
    } else {
      presence = new MemoryPresence();
      bus = new MemoryNodeBus();
      registry = new MemoryNodeRegistry();
      cleanups.push(async () => {
        await bus.close();
        await presence.close();
        await registry.close();
      });
    }

    // c2s: clients' messages to business lines go through the durable outbox to
    // each line's webhook and, in cluster mode, its Redis Stream.
    let dispatcher: OutboxDispatcher | null = null;
    const outbox = new PgOutboxStore(db.pool, {
      // Without Redis there are no streams: a line without a webhook then takes no c2s messages.
      streams: Boolean(config.REDIS_URL),
      onEnqueued: () => dispatcher?.nudge(),
      onError: (err) => logger.warn({ err }, "outbox error"),
    });
    const streamRedis = config.REDIS_URL ? new Redis(config.REDIS_URL, { lazyConnect: false }) : undefined;
    // Without a listener ioredis reports every failed reconnect as an unhandled error event.
    streamRedis?.on("error", (err) => logger.warn({ err }, "c2s stream redis error"));
    dispatcher = new OutboxDispatcher({
      store: outbox,
      redis: streamRedis,
      streamPrefix: config.IM_REDIS_PREFIX,
      maxAttempts: config.IM_C2S_MAX_ATTEMPTS,
      baseDelayMs: config.IM_C2S_RETRY_BASE_MS,
      onError: (err) => logger.warn({ err }, "c2s delivery error"),
    });
    dispatcher.start();
    cleanups.push(async () => {
      await dispatcher?.stop();
      await outbox.close();
      streamRedis?.disconnect();
    });

    const node = new RealtimeNode(
      {
        messages: storage.messages,
        users: storage.users,
        groups: storage.groups,
        conversations: storage.conversations,
        org: storage.org,
        presence,
        bus,
        registry,
        verifier,
        push,
        ledger,
        outbox,
        access,
        logger,
        ...(backendsReady ? { backendsReady } : {}),
      },
      {
        nodeId: config.IM_NODE_ID,
        host: config.IM_HOST,
        tcpPort: config.IM_TCP_PORT,
        wsPort: config.IM_WS_PORT,
        maxFrameBytes: config.IM_MAX_FRAME_BYTES,
        maxContentBytes: config.IM_MAX_CONTENT_BYTES,
        authTimeoutMs: config.IM_AUTH_TIMEOUT_MS,
        heartbeatMs: config.IM_HEARTBEAT_MS,
        idleTimeoutMs: config.IM_IDLE_TIMEOUT_MS,
        ratePerSec: config.IM_RATE_PER_SEC,
        rateBurst: config.IM_RATE_BURST,
        maxConnections: config.IM_MAX_CONNECTIONS,
        kickoutPolicy: config.IM_KICKOUT_POLICY,
        undeliveredMs: config.IM_UNDELIVERED_MS,
        advertiseHost: config.IM_ADVERTISE_HOST,
        nodeTtlMs: config.IM_NODE_TTL_MS,
        drainMs: config.IM_DRAIN_MS,
        ...(tls ? { tls } : {}),
        ...(config.IM_WS_ALLOWED_ORIGINS ? { allowedOrigins: splitList(config.IM_WS_ALLOWED_ORIGINS) } : {}),
        ...(config.IM_METRICS_TOKEN ? { metricsToken: config.IM_METRICS_TOKEN } : {}),
      },
    );
    onBackendsBack = () => {
      node.resync().catch((err) => logger.warn({ err }, "re-registering sessions failed"));
    };
    // The dispatcher runs here, in every realtime node: its outcomes and the outbox backlog are on /metrics.
    const running = dispatcher;
    registerOutboxMetrics(node.metrics.registry, { stats: () => running.stats(), counts: () => outbox.counts() });
    const ports = await node.listen();
    cleanups.push(() => node.close());
    checkpoint();

    let gatewayPort: number | null = null;
    let gateway: Awaited<ReturnType<typeof buildApp>> | null = null;
    let gatewayBound: string | null = null;
    if (config.IM_GATEWAY_PORT >= 0) {
      gateway = await buildApp({
        db,
        storage,
        presence,
        registry,
        deliver: (writes) => node.deliver(writes),
        kick: (uid, deviceType, reason, scope) =>
          node.kickUser(uid, scope?.kickReason ?? im.KickReason.ADMIN, reason, deviceType, scope?.deviceId),
        ...(secret ? { tokenSecret: secret } : {}),
        tokenTtlSeconds: config.IM_TOKEN_TTL,
        accessChanged: (uid) => access.invalidate(uid),
        ...(tls ? { https: tls } : {}),
        ...(config.IM_METRICS_TOKEN ? { metricsToken: config.IM_METRICS_TOKEN } : {}),
        logger: { level: config.IM_LOG_LEVEL },
        trustedProxies: config.IM_TRUSTED_PROXIES,
        nodeTtlMs: config.IM_NODE_TTL_MS,
        ...(backendsReady ? { backendsReady } : {}),
      });
      const started = gateway;
      cleanups.push(() => started.close());
      await gateway.listen({ host: config.IM_GATEWAY_HOST, port: config.IM_GATEWAY_PORT });
      checkpoint();
      const address = gateway.server.address();
      gatewayPort = typeof address === "object" && address ? address.port : config.IM_GATEWAY_PORT;
      gatewayBound = typeof address === "object" && address ? hostPort(address.address, address.port) : null;
      logger.info({ gatewayPort, address: gatewayBound }, "gateway listening (docs at /docs)");
    }

    let consoleUrl: string | null = null;
    if (config.IM_CONSOLE_PORT >= 0 && gateway && gatewayPort !== null) {
      const running = await startConsole({
        host: config.IM_CONSOLE_HOST,
        port: config.IM_CONSOLE_PORT,
        gatewayUrl:
          config.IM_CONSOLE_GATEWAY_URL ?? gatewayUrl(gateway.server.address(), gatewayPort, tls !== undefined),
        // The console's proxy verifies a TLS gateway like any client: public CAs, plus a private one if named.
        ...(tls && config.IM_TLS_CA_FILE ? { extraCaFile: config.IM_TLS_CA_FILE } : {}),
        // With a certificate configured the console is HTTPS too (and its session cookie Secure).
        ...(config.IM_TLS_CERT_FILE && config.IM_TLS_KEY_FILE
          ? { tls: { certFile: config.IM_TLS_CERT_FILE, keyFile: config.IM_TLS_KEY_FILE } }
          : {}),
        log: (line) => logger.info(line),
        ...(signal ? { signal } : {}),
      });
      cleanups.push(() => running.stop());
      opts.lastResort?.(() => running.killNow());
      checkpoint();
      consoleUrl = running.url;
      logger.info({ consoleUrl }, "console listening");
    }

    let webUrl: string | null = null;
    if (config.IM_WEB_PORT >= 0) {
      const running = await startWeb({
        host: config.IM_WEB_HOST,
        port: config.IM_WEB_PORT,
        wsUrl: config.IM_WEB_WS_URL ?? `${tls ? "wss" : "ws"}://${loopbackIfAny(ports.wsAddress)}:${ports.wsPort}/ws`,
        // Only a development secret is handed over: never one an operator configured.
        devTokenSecret: secrets.source === "development" ? (secrets.current ?? undefined) : undefined,
        log: (line) => logger.info(line),
        ...(signal ? { signal } : {}),
      });
      cleanups.push(() => running.stop());
      opts.lastResort?.(() => running.killNow());
      checkpoint();
      webUrl = running.url;
      logger.info({ webUrl }, "web chat listening");
    }
    const bound = {
      tcp: hostPort(ports.tcpAddress, ports.tcpPort),
      ws: hostPort(ports.wsAddress, ports.wsPort),
      gateway: gatewayBound,
    };
    return {
      node,
      tcpPort: ports.tcpPort,
      wsPort: ports.wsPort,
      gatewayPort,
      consoleUrl,
      webUrl,
      bound,
      tls: tls !== undefined,
      embedded: !config.DATABASE_URL,
      stop,
    };
  } catch (err) {
    await stop();
    // A step cut short by the abort fails in its own words; the caller asked for the stop, so say that.
    throw signal?.aborted ? new StartAborted() : err;
  }
}

/** A host browsers on this machine can reach: loopback when the node listens on every interface. */
function loopbackIfAny(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

/** Where the console reaches the gateway: its bound address, or loopback when it listens on every interface. */
function gatewayUrl(address: string | AddressInfo | null, port: number, tls: boolean): string {
  const scheme = tls ? "https" : "http";
  const host = typeof address === "object" && address ? address.address : "127.0.0.1";
  if (host === "0.0.0.0" || host === "::") return `${scheme}://127.0.0.1:${port}`;
  return `${scheme}://${hostPort(host, port)}`;
}

function hostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
