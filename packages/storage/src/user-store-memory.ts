import type { DeviceLogin, UserStore } from "@im/core";
import { checkIdentifier, checkSeq } from "@im/core";
import { checkLogin } from "./validate.ts";

interface MemoryDevice {
  deviceType: number;
  ackedSeq: number;
}

/** UserStore in process memory: for tests and the reference semantics of the contract. */
export class MemoryUserStore implements UserStore {
  private readonly users = new Map<string, Map<string, MemoryDevice>>();

  async login(login: DeviceLogin): Promise<{ ackedSeq: number }> {
    checkLogin(login);
    let devices = this.users.get(login.uid);
    if (!devices) {
      devices = new Map();
      this.users.set(login.uid, devices);
    }
    const device = devices.get(login.deviceId);
    if (device) {
      device.deviceType = login.deviceType;
      return { ackedSeq: device.ackedSeq };
    }
    devices.set(login.deviceId, { deviceType: login.deviceType, ackedSeq: 0 });
    return { ackedSeq: 0 };
  }

  async exists(uid: string): Promise<boolean> {
    checkIdentifier("uid", uid);
    return this.users.has(uid);
  }

  async ackDevice(uid: string, deviceId: string, seq: number): Promise<void> {
    checkIdentifier("uid", uid);
    checkIdentifier("deviceId", deviceId);
    checkSeq("seq", seq);
    const device = this.users.get(uid)?.get(deviceId);
    if (device && seq > device.ackedSeq) device.ackedSeq = seq;
  }

  async deviceCursor(uid: string, deviceId: string): Promise<number> {
    checkIdentifier("uid", uid);
    checkIdentifier("deviceId", deviceId);
    return this.users.get(uid)?.get(deviceId)?.ackedSeq ?? 0;
  }

  /** The furthest sync cursor of any of the user's devices (0 without devices). */
  highestCursor(uid: string): number {
    let max = 0;
    for (const d of this.users.get(uid)?.values() ?? []) if (d.ackedSeq > max) max = d.ackedSeq;
    return max;
  }
}
