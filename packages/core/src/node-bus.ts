import type { InboxMessage } from "./types.ts";

export type BusMessage =
  | { type: "deliver"; connIds: string[]; ownerUid: string; message: InboxMessage }
  | { type: "kick"; uid: string; connId: string; reason: number; text: string }
  | { type: "ctrl"; connIds: string[] | "all"; endpoints: string[]; delayMs: number }
  /** Any other server-to-client frame (read syncs, receipts): `body` is the JSON form of the command's body. */
  | { type: "notify"; connIds: string[]; ownerUid: string; cmd: number; body: Record<string, unknown> };

/**
 * Carries commands to the node that holds a connection. At-most-once: a
 * message to a node that is gone is dropped (clients recover by pull).
 * Messages from one publisher to one node arrive in publish order.
 */
export interface NodeBus {
  publish(nodeId: string, message: BusMessage): void;
  subscribe(nodeId: string, handler: (message: BusMessage) => void): Promise<void>;
  close(): Promise<void>;
}
