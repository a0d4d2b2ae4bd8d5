import type { Route } from "@im/core";
import { z } from "zod";

/** One live connection of a user as operators see it: where it is and since when. */
export const LiveSession = z.object({
  deviceType: z.number().int(),
  deviceId: z.string(),
  nodeId: z.string(),
  connId: z.string(),
  loginAt: z.number().int(),
  lastActiveAt: z.number().int(),
});

export function liveSession(r: Route): z.infer<typeof LiveSession> {
  return {
    deviceType: r.deviceType,
    deviceId: r.deviceId,
    nodeId: r.nodeId,
    connId: r.connId,
    loginAt: r.loginAt,
    lastActiveAt: r.lastActiveAt,
  };
}
