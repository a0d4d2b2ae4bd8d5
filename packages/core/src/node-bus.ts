import type { InboxMessage } from "./types.ts";

/** One stored message for the sessions of its owner that live on the receiving node. */
export interface BusPush {
  ownerUid: string;
  connIds: string[];
  message: InboxMessage;
}

export type BusMessage =
  /** Every push of one delivery batch bound for one node, in one message. */
  | { type: "deliver"; pushes: BusPush[] }
  | { type: "kick"; uid: string; connId: string; reason: number; text: string }
  | { type: "ctrl"; connIds: string[] | "all"; endpoints: string[]; delayMs: number }
  /** Any other server-to-client frame (read syncs, receipts): `body` is the JSON form of the command's body. */
  | { type: "notify"; connIds: string[]; ownerUid: string; cmd: number; body: Record<string, unknown> };

/**
 * Carries commands to the node that holds a connection. At-most-once: a
 * message to a node that is gone is dropped (clients recover by pull).
 * Messages from one publisher to one node arrive in publish order.
 * Publishers send one message per node per batch (a group send reaching 200
 * sessions on a node is one `deliver`), not one per connection.
 */
export interface NodeBus {
  publish(nodeId: string, message: BusMessage): void;
  subscribe(nodeId: string, handler: (message: BusMessage) => void): Promise<void>;
  close(): Promise<void>;
}

/** Gathers one delivery batch's pushes by node, so each node gets one `deliver` message for the batch. */
export class BusBatch {
  private readonly byNode = new Map<string, Map<InboxMessage, BusPush>>();

  add(nodeId: string, ownerUid: string, connId: string, message: InboxMessage): void {
    let pushes = this.byNode.get(nodeId);
    if (!pushes) {
      pushes = new Map();
      this.byNode.set(nodeId, pushes);
    }
    const push = pushes.get(message);
    if (push) push.connIds.push(connId);
    else pushes.set(message, { ownerUid, connIds: [connId], message });
  }

  publish(bus: NodeBus): void {
    for (const [nodeId, pushes] of this.byNode) bus.publish(nodeId, { type: "deliver", pushes: [...pushes.values()] });
    this.byNode.clear();
  }
}
