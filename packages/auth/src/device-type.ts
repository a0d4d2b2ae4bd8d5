import { DeviceType } from "@im/core";

const known = new Set<number>(Object.values(DeviceType));

/**
 * Reads a device type restriction from a token or an SSO answer: absent or 0
 * means unrestricted (undefined); a known device type is returned; anything
 * else is `null` (invalid).
 */
export function readDeviceType(value: unknown): DeviceType | undefined | null {
  if (value === undefined || value === null || value === 0) return undefined;
  if (typeof value !== "number" || !known.has(value)) return null;
  return value as DeviceType;
}
