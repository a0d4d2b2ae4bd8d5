import { BusBatch, type DeviceType, type InboxWrite, type NodeBus, type Presence } from "@im/core";
import { im } from "@im/protocol";
import type { KickScope } from "./deps.ts";

/**
 * Delivery and kickout for a gateway that holds no connections: looks up the
 * owners' routes and hands each push or kick to the node holding the
 * connection, over the node bus. At most once, like the bus: a device that
 * misses a push gets the entry on its next pull.
 */
export function createBusDelivery(deps: { presence: Presence; bus: NodeBus }): {
  deliver(writes: readonly InboxWrite[]): Promise<void>;
  kick(uid: string, deviceType: DeviceType | undefined, reason: string, scope?: KickScope): Promise<number>;
} {
  return {
    async deliver(writes) {
      const routes = await deps.presence.routesMany([...new Set(writes.map((w) => w.ownerUid))]);
      const batch = new BusBatch();
      for (const write of writes)
        for (const r of routes.get(write.ownerUid) ?? []) batch.add(r.nodeId, write.ownerUid, r.connId, write.message);
      batch.publish(deps.bus);
    },
    async kick(uid, deviceType, reason, scope = {}) {
      const victims = (await deps.presence.routes(uid)).filter(
        (r) =>
          (deviceType === undefined || r.deviceType === deviceType) &&
          (scope.deviceId === undefined || r.deviceId === scope.deviceId),
      );
      const kickReason = scope.kickReason ?? im.KickReason.ADMIN;
      for (const r of victims)
        deps.bus.publish(r.nodeId, { type: "kick", uid, connId: r.connId, reason: kickReason, text: reason });
      return victims.length;
    },
  };
}
