import type { Transport } from "./transport.ts";
import { TcpTransport, type TcpTransportOptions } from "./transport-tcp.ts";
import type { WebSocketConstructor } from "./transport-ws.ts";

// Node's half of the platform seam (package.json "imports" → "#platform"): TCP and the `ws` package.

/** A TCP transport (Node only). */
export function createTcpTransport(options: TcpTransportOptions): Transport {
  return new TcpTransport(options);
}

/** The `ws` package, loaded when the first WebSocket connection opens (Node 20 has no global WebSocket). */
export async function defaultWebSocket(): Promise<WebSocketConstructor> {
  const ws = await import("ws");
  return ws.default;
}
