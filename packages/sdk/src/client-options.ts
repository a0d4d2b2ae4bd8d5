import { createTcpTransport } from "#platform";
import type { TransportFactory } from "./transport.ts";
import { type WebSocketConstructor, WsTransport } from "./transport-ws.ts";
import type { DeviceType, Endpoint, PemData } from "./types.ts";

export interface ReconnectOptions {
  /** Reconnect after an unexpected disconnect (default true). Kickout, close() and logout() never reconnect. */
  enabled?: boolean;
  /** First backoff step in ms (default 500). */
  minDelayMs?: number;
  /** Backoff ceiling in ms (default 30 000). */
  maxDelayMs?: number;
}

export interface ImClientOptions {
  /** Tried in order by connect(); reconnects rotate through them. */
  endpoints: Endpoint[];
  /** Login token; or give getToken. */
  token?: string;
  /** Called before every connection attempt, so an expiring token can be refreshed. */
  getToken?: () => string | Promise<string>;
  deviceType: DeviceType;
  /** Stable per installation; the server keys this device's sync cursor by it. */
  deviceId: string;
  clientVersion?: string;
  /** Time to wait for the answer to one request, and for a connection before a request (default 10 000). */
  requestTimeoutMs?: number;
  /** Time to open the transport (default 10 000). */
  connectTimeoutMs?: number;
  /** Heartbeat interval; default the server's AuthResp.heartbeatMs, else 30 000. */
  heartbeatMs?: number;
  /**
   * A heartbeat with no frame back within this long means the server is gone
   * or frozen: the connection is dropped and the client reconnects (default 5 000).
   */
  heartbeatTimeoutMs?: number;
  reconnect?: ReconnectOptions;
  /** Attempts per send, counting the first (default 5). */
  maxSendAttempts?: number;
  /** Acknowledge pushes automatically (default true); else call ack(). */
  autoAck?: boolean;
  /** Pushes received within this many ms share one MSG_PUSH_ACK (default 50). */
  ackDelayMs?: number;
  /**
   * Pull on its own (default true): after every connect when the server holds
   * newer messages, and whenever a gap in seqs appears. When false, nothing is
   * pulled unless the app calls sync() or pull(); messages behind a gap wait.
   */
  autoSync?: boolean;
  /**
   * The highest seq the application already holds (its persisted cursor).
   * When omitted the client starts from the server's cursor for this device (AuthResp.ackedSeq).
   */
  lastSeq?: number;
  /** Messages per pull during sync (default 100, the server allows 1..500). */
  syncPageSize?: number;
  /** Largest frame accepted from the server (default 8 MiB). */
  maxFrameBytes?: number;
  /** WebSocket class for "ws" endpoints, e.g. the browser's native WebSocket. */
  webSocket?: WebSocketConstructor;
  /**
   * Certificate authorities (PEM) to trust for TLS endpoints (tls:// and, under
   * Node, wss://) instead of the system ones; the certificate and hostname are
   * verified either way.
   */
  tlsCa?: PemData;
  /** Replaces the TCP/WebSocket transports, e.g. with an in-memory fake in tests. */
  transportFactory?: TransportFactory;
  /** Source of randomness for backoff jitter and CTRL delays (default Math.random). */
  random?: () => number;
}

/** The options with every default filled in. */
export type ResolvedOptions = Required<
  Omit<
    ImClientOptions,
    | "token"
    | "getToken"
    | "heartbeatMs"
    | "heartbeatTimeoutMs"
    | "lastSeq"
    | "webSocket"
    | "tlsCa"
    | "clientVersion"
    | "reconnect"
  >
> & { reconnect: Required<ReconnectOptions> };

export function resolveOptions(options: ImClientOptions): ResolvedOptions {
  if (options.endpoints.length === 0) throw new TypeError("ImClient needs at least one endpoint");
  if (options.token === undefined && !options.getToken) throw new TypeError("ImClient needs token or getToken");
  const maxFrameBytes = options.maxFrameBytes ?? 8 * 1024 * 1024;
  return {
    endpoints: options.endpoints,
    deviceType: options.deviceType,
    deviceId: options.deviceId,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    reconnect: {
      enabled: options.reconnect?.enabled ?? true,
      minDelayMs: options.reconnect?.minDelayMs ?? 500,
      maxDelayMs: options.reconnect?.maxDelayMs ?? 30_000,
    },
    maxSendAttempts: Math.max(1, options.maxSendAttempts ?? 5),
    autoAck: options.autoAck ?? true,
    ackDelayMs: options.ackDelayMs ?? 50,
    autoSync: options.autoSync ?? true,
    syncPageSize: options.syncPageSize ?? 100,
    maxFrameBytes,
    transportFactory:
      options.transportFactory ??
      ((endpoint) =>
        endpoint.transport === "tcp"
          ? createTcpTransport({
              host: endpoint.host,
              port: endpoint.port,
              maxFrameBytes,
              ...(endpoint.tls ? { tls: true } : {}),
              ...(options.tlsCa ? { ca: options.tlsCa } : {}),
            })
          : new WsTransport({
              url: endpoint.url,
              maxFrameBytes,
              webSocket: options.webSocket,
              ...(options.tlsCa ? { ca: options.tlsCa } : {}),
            })),
    random: options.random ?? Math.random,
  };
}
