/** A connected device behind the inbox head that has sent nothing for this long is stuck, not just busy. */
export const STUCK_SILENCE_MS = 60_000;

export type SyncState = "in-sync" | "behind" | "stuck";

/**
 * How a device's sync looks to an operator. Its acked seq moves when it pulls, so a connected device
 * may be behind for a while after pushes; one that is behind and silent (no packet, not even a
 * heartbeat, for a minute) is stuck. An offline device that is behind syncs at its next login.
 */
export function syncState(
  device: { online: boolean; lag: number; lastActiveAt: number | null },
  now: number,
): SyncState {
  if (device.lag <= 0) return "in-sync";
  if (device.online && device.lastActiveAt !== null && now - device.lastActiveAt > STUCK_SILENCE_MS) return "stuck";
  return "behind";
}
