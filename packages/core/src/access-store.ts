/** What decides, beyond a valid token, whether a user may log in. */
export interface LoginGate {
  /** ms since epoch while the user is banned, else null. */
  bannedAt: number | null;
  /** Tokens issued at or before this (ms) are refused: per device type, 0 for every device type. */
  revokedBefore: ReadonlyMap<number, number>;
  /** Tokens issued at or before this (ms) are refused when presented by this device id. */
  revokedDevices: ReadonlyMap<string, number>;
}

/** Reads the ban and token-revocation state of users (written by the gateway's moderation actions). */
export interface AccessStore {
  /** Possibly cached for a short while (the implementation says how long). */
  loginGate(uid: string): Promise<LoginGate>;
  /** Drops what is cached for `uid`, so the next login reads the current state. */
  invalidate(uid: string): void;
}

/** True when a token issued at `issuedAt` (ms), presented by device `deviceId` of `deviceType`, was revoked. */
export function isRevoked(
  gate: LoginGate,
  deviceType: number,
  issuedAt: number | undefined,
  deviceId?: string,
): boolean {
  if (issuedAt === undefined) return false;
  const before = (t: number | undefined) => t !== undefined && issuedAt <= t;
  return (
    before(gate.revokedBefore.get(0)) ||
    before(gate.revokedBefore.get(deviceType)) ||
    (deviceId !== undefined && before(gate.revokedDevices.get(deviceId)))
  );
}
