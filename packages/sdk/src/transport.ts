import type { Frame } from "@im/protocol";
import type { Endpoint } from "./types.ts";

/** Why a transport closed. */
export interface TransportClose {
  /** Human-readable, for logs and the `disconnected` event. */
  reason: string;
  /** A protocol ErrorCode when the stream broke the frame format, or the WebSocket close code. */
  code?: number;
  /** The underlying error, if any. */
  error?: Error;
}

/**
 * One connection to a server, carrying whole frames. A transport is used once:
 * handlers are registered, `connect()` opens it, and after the close handler
 * has run it is discarded. Implementations deliver frames in arrival order.
 * Once `connect()` has resolved, the close handler runs exactly once (also
 * after `close()`), and no handler runs after it. A failed or aborted connect
 * only rejects `connect()`.
 */
export interface Transport {
  /** Resolves once frames can be sent; rejects if the connection cannot be opened. */
  connect(): Promise<void>;
  /** Sends one whole frame (header + body). Ignored once closed. */
  send(frame: Uint8Array): void;
  onFrame(handler: (frame: Frame) => void): void;
  onClose(handler: (info: TransportClose) => void): void;
  /** Closes the connection, letting already sent frames go out first. */
  close(reason?: string): void;
}

/** Creates a fresh transport for an endpoint; the client calls it once per connection attempt. */
export type TransportFactory = (endpoint: Endpoint) => Transport;

/** "tcp://host:port" or the WebSocket URL, for logs and the CLI. */
export function describeEndpoint(endpoint: Endpoint): string {
  return endpoint.transport === "tcp"
    ? `${endpoint.tls ? "tls" : "tcp"}://${endpoint.host}:${endpoint.port}`
    : endpoint.url;
}

/**
 * Parses an endpoint string as sent in a CTRL reconnect: "ws://…", "wss://…",
 * "tcp://host:port", "tls://host:port" (TCP over TLS), or a bare "host:port"
 * (taken as `bareAs`).
 */
export function parseEndpoint(text: string, bareAs: Endpoint["transport"] = "tcp"): Endpoint | undefined {
  const s = text.trim();
  if (/^wss?:\/\//i.test(s)) return { transport: "ws", url: s };
  const tlsMatch = /^tls:\/\/(\[[^\]]+\]|[^:/\s]+):(\d{1,5})$/i.exec(s);
  if (tlsMatch) {
    const port = Number(tlsMatch[2]);
    if (port < 1 || port > 65535) return undefined;
    return { transport: "tcp", host: tlsMatch[1]!.replace(/^\[|\]$/g, ""), port, tls: true };
  }
  const m = /^(?:tcp:\/\/)?(\[[^\]]+\]|[^:/\s]+):(\d{1,5})$/i.exec(s);
  if (!m) return undefined;
  const host = m[1]!.replace(/^\[|\]$/g, "");
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return undefined;
  if (bareAs === "ws" && !/^tcp:/i.test(s)) return { transport: "ws", url: `ws://${m[1]}:${port}/ws` };
  return { transport: "tcp", host, port };
}
