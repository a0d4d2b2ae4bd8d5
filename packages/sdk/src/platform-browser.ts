import type { Transport } from "./transport.ts";
import type { WebSocketConstructor } from "./transport-ws.ts";
import type { PemData } from "./types.ts";

// The browser's half of the platform seam (package.json "imports" → "#platform"):
// WebSocket only, no Node built-ins.

/** Browsers cannot open TCP sockets: the transport fails on connect, so the client tries its next endpoint. */
export function createTcpTransport(options: {
  host: string;
  port: number;
  maxFrameBytes: number;
  tls?: boolean;
  ca?: PemData;
}): Transport {
  return {
    connect: () => Promise.reject(new Error(`tcp://${options.host}:${options.port}: browsers connect over WebSocket`)),
    send: () => {},
    onFrame: () => {},
    onClose: () => {},
    close: () => {},
  };
}

export async function defaultWebSocket(): Promise<WebSocketConstructor> {
  if (typeof globalThis.WebSocket !== "function") throw new Error("this platform has no WebSocket");
  return globalThis.WebSocket;
}
