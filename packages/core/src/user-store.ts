import type { DeviceType } from "./types.ts";

export interface DeviceLogin {
  uid: string;
  deviceId: string;
  deviceType: DeviceType;
}

/**
 * Users and their devices. Users come into being on their first login (and,
 * later, through the business API); sending to a uid that never existed is an error.
 */
export interface UserStore {
  /** Creates the user and device if new; returns the device's sync cursor (0 for a new device). */
  login(login: DeviceLogin): Promise<{ ackedSeq: number }>;
  exists(uid: string): Promise<boolean>;
  /** Moves the device's sync cursor forward to `seq` (never backward). */
  ackDevice(uid: string, deviceId: string, seq: number): Promise<void>;
  deviceCursor(uid: string, deviceId: string): Promise<number>;
}
