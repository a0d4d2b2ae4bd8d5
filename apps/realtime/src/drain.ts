import type { NodeInfo } from "@im/core";
import { Cmd, encodeMessage, im } from "@im/protocol";
import type { Hub } from "./hub.ts";
import type { Sessions } from "./sessions.ts";

/** CTRL asking a client to reconnect to one of `endpoints` after up to `delayMs`. */
export function reconnectFrame(endpoints: string[], delayMs: number): Uint8Array {
  return encodeMessage(Cmd.CTRL, 0, { type: im.Ctrl.Type.RECONNECT, endpoints, delayMs });
}

/**
 * Tells every client to reconnect to the other nodes (spread over half the
 * drain time), waits up to `drainMs` for them to leave, then closes the rest.
 */
export async function drainConnections(
  hub: Hub,
  sessions: Pick<Sessions, "unbind">,
  peers: readonly Pick<NodeInfo, "tcp" | "ws">[],
  drainMs: number,
): Promise<void> {
  const delayMs = peers.length > 0 ? Math.floor(drainMs / 2) : 0;
  const byTransport = {
    tcp: reconnectFrame(
      peers.map((p) => `tcp://${p.tcp}`),
      delayMs,
    ),
    ws: reconnectFrame(
      peers.map((p) => p.ws),
      delayMs,
    ),
  };
  for (const conn of hub.all()) conn.send(byTransport[conn.transport.kind]);
  if (peers.length > 0) {
    const deadline = Date.now() + drainMs;
    while (hub.authenticated > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }
  for (const conn of hub.all()) {
    sessions.unbind(conn);
    conn.close(0, "server shutting down");
  }
}
