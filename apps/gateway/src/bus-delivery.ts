import type { DeviceType, InboxWrite, NodeBus, Presence } from "@im/core";

/** proto KickReason.ADMIN: an operator or business line kicked the session. */
const KICK_REASON_ADMIN = 2;

/**
 * Delivery and kickout for a gateway that holds no connections: looks up the
 * owners' routes and hands each push or kick to the node holding the
 * connection, over the node bus. At most once, like the bus: a device that
 * misses a push gets the entry on its next pull.
 */
export function createBusDelivery(deps: { presence: Presence; bus: NodeBus }): {
  deliver(writes: readonly InboxWrite[]): Promise<void>;
  kick(uid: string, deviceType: DeviceType | undefined, reason: string): Promise<number>;
} {
  return {
    async deliver(writes) {
      const routes = await deps.presence.routesMany([...new Set(writes.map((w) => w.ownerUid))]);
      for (const write of writes) {
        const byNode = new Map<string, string[]>();
        for (const r of routes.get(write.ownerUid) ?? [])
          byNode.set(r.nodeId, [...(byNode.get(r.nodeId) ?? []), r.connId]);
        for (const [nodeId, connIds] of byNode)
          deps.bus.publish(nodeId, { type: "deliver", connIds, ownerUid: write.ownerUid, message: write.message });
      }
    },
    async kick(uid, deviceType, reason) {
      const victims = (await deps.presence.routes(uid)).filter(
        (r) => deviceType === undefined || r.deviceType === deviceType,
      );
      for (const r of victims)
        deps.bus.publish(r.nodeId, { type: "kick", uid, connId: r.connId, reason: KICK_REASON_ADMIN, text: reason });
      return victims.length;
    },
  };
}
