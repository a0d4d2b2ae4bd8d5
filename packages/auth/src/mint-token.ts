import { ImError } from "@im/core";
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
  /** Lifetime; without it the token never expires. A negative value mints an already expired token. */
  ttlSeconds?: number;
  issuer?: string;
}

/** Device-type claim name; short, because tokens travel in every AUTH_REQ. */
export const DEVICE_TYPE_CLAIM = "dt";

/**
 * Mints a login token: an HS256 JWT with sub = uid, iat, and optionally
 * exp, iss and the device-type claim.
 */
export async function mintToken(opts: MintTokenOptions): Promise<string> {
  if (!isValidUid(opts.uid))
    throw new ImError("INVALID_ARGUMENT", "uid must be 1-64 characters without control characters");
  const deviceType = readDeviceType(opts.deviceType);
  if (deviceType === null) throw new ImError("INVALID_ARGUMENT", `unknown device type ${opts.deviceType}`);
  if (opts.ttlSeconds !== undefined && !Number.isFinite(opts.ttlSeconds))
    throw new ImError("INVALID_ARGUMENT", "ttlSeconds must be a finite number");
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(deviceType === undefined ? {} : { [DEVICE_TYPE_CLAIM]: deviceType })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(opts.uid)
    .setIssuedAt(now);
  if (opts.ttlSeconds !== undefined) jwt.setExpirationTime(now + Math.trunc(opts.ttlSeconds));
  if (opts.issuer !== undefined) jwt.setIssuer(opts.issuer);
  return jwt.sign(await hmacKey(opts.secret, "sign"));
}
