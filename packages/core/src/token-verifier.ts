import type { DeviceType } from "./types.ts";

export interface VerifiedToken {
  uid: string;
  /** When the token restricts the device type, it is set. */
  deviceType?: DeviceType;
  /** When the token is bound to one device (the AUTH_REQ device_id), it is set. */
  deviceId?: string;
  /** ms since epoch; undefined when the token does not expire. */
  expiresAt?: number;
  /** ms since epoch (whole seconds), for revocation; undefined for tokens that do not say (SSO). */
  issuedAt?: number;
}

/**
 * Verifies a client login token. Rejects with ImError TOKEN_INVALID,
 * TOKEN_EXPIRED, or AUTH_UNAVAILABLE (the verifier itself could not be reached).
 */
export interface TokenVerifier {
  verify(token: string): Promise<VerifiedToken>;
}
