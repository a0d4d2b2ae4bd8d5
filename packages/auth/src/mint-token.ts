import { ImError, identifierProblem } from "@im/core";
import { SignJWT } from "jose";
import { readDeviceType } from "./device-type.ts";
import { hmacKey, type Secret } from "./secret-key.ts";
import { isValidUid } from "./uid.ts";

export interface MintTokenOptions {
  /** The signing secret (at least 16 bytes); the verifier must hold it too. */
  secret: Secret;
  uid: string;
  /** Restricts the token to one device type (proto DeviceType); absent or 0: any. */
  deviceType?: number;
  /** Binds the token to one device: only an AUTH_REQ with this device_id may use it. */
  deviceId?: string;
  /** Lifetime; without it the token never expires. A negative value mints an already expired token. */
  ttlSeconds?: number;
  issuer?: string;
}

/** Device-type claim name; short, because tokens travel in every AUTH_REQ. */
export const DEVICE_TYPE_CLAIM = "dt";
/** Device-id claim name (the AUTH_REQ device_id the token is bound to). */
export const DEVICE_ID_CLAIM = "did";

/**
 * Mints a login token: an HS256 JWT with sub = uid, iat, and optionally
 * exp, iss, the device-type claim and the device-id claim.
 */
export async function mintToken(opts: MintTokenOptions): Promise<string> {
  if (!isValidUid(opts.uid))
    throw new ImError("INVALID_ARGUMENT", "uid must be 1-64 characters without control characters");
  const deviceType = readDeviceType(opts.deviceType);
  if (deviceType === null) throw new ImError("INVALID_ARGUMENT", `unknown device type ${opts.deviceType}`);
  const deviceIdProblem = opts.deviceId === undefined ? undefined : identifierProblem(opts.deviceId);
  if (deviceIdProblem) throw new ImError("INVALID_ARGUMENT", `deviceId ${deviceIdProblem}`);
  if (opts.ttlSeconds !== undefined && !Number.isFinite(opts.ttlSeconds))
    throw new ImError("INVALID_ARGUMENT", "ttlSeconds must be a finite number");
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, string | number> = {};
  if (deviceType !== undefined) claims[DEVICE_TYPE_CLAIM] = deviceType;
  if (opts.deviceId !== undefined) claims[DEVICE_ID_CLAIM] = opts.deviceId;
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(opts.uid)
    .setIssuedAt(now);
  if (opts.ttlSeconds !== undefined) jwt.setExpirationTime(now + Math.trunc(opts.ttlSeconds));
  if (opts.issuer !== undefined) jwt.setIssuer(opts.issuer);
  return jwt.sign(await hmacKey(opts.secret, "sign"));
}
