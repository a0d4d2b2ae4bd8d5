import { describe, expect, it } from "vitest";
import { isRevoked, type LoginGate } from "./access-store.ts";

const gate = (over: Partial<LoginGate>): LoginGate => ({
  bannedAt: null,
  revokedBefore: new Map(),
  revokedDevices: new Map(),
  ...over,
});

describe("isRevoked", () => {
  it("refuses tokens issued up to a revocation of every device type, or of the token's device type", () => {
    const all = gate({ revokedBefore: new Map([[0, 1_000]]) });
    expect(isRevoked(all, 2, 1_000)).toBe(true);
    expect(isRevoked(all, 2, 1_001)).toBe(false);
    const ios = gate({ revokedBefore: new Map([[1, 1_000]]) });
    expect(isRevoked(ios, 1, 500)).toBe(true);
    expect(isRevoked(ios, 2, 500)).toBe(false);
  });

  it("refuses tokens issued up to a device's revocation when that device presents them, and only then", () => {
    const phone = gate({ revokedDevices: new Map([["phone", 1_000]]) });
    expect(isRevoked(phone, 2, 1_000, "phone")).toBe(true);
    expect(isRevoked(phone, 2, 1_000, "tablet")).toBe(false);
    expect(isRevoked(phone, 2, 1_001, "phone")).toBe(false);
    // Tokens without an issue time (SSO) cannot be revoked by time.
    expect(isRevoked(phone, 2, undefined, "phone")).toBe(false);
  });
});
