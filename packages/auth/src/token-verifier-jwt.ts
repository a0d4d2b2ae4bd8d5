import { ImError, isValidIdentifier, type TokenVerifier, type VerifiedToken } from "@im/core";
import { errors, type JWTPayload, jwtVerify } from "jose";
import { readDeviceType } from "./device-type.ts";
import { DEVICE_ID_CLAIM, DEVICE_TYPE_CLAIM } from "./mint-token.ts";
import { type HmacKey, hmacKey, type Secret, secretBytes } from "./secret-key.ts";
import { isValidUid } from "./uid.ts";

/** Longer tokens are refused before any parsing. */
export const MAX_TOKEN_LENGTH = 8192;

export interface JwtTokenVerifierOptions {
  /**
   * Accepted signing secrets. To rotate, add the new secret, move issuers over
   * to it, and remove the old one once its tokens have expired.
   */
  secrets: Secret | readonly Secret[];
  /** When set, tokens must carry this `iss`. */
  issuer?: string;
  /** Allowed clock skew for exp/nbf, in seconds (default 5). */
  clockToleranceSec?: number;
  /** ms since epoch; injectable for tests. */
  clock?: () => number;
  /**
   * Tokens without `exp` (minted by older versions or without a lifetime)
   * expire this many seconds after their `iat`; undefined: they never do.
   */
  maxAgeWithoutExpSec?: number;
}

const invalid = () => new ImError("TOKEN_INVALID", "token is invalid");

/** Verifies the HS256 login tokens minted by mintToken() with one of our secrets. */
export class JwtTokenVerifier implements TokenVerifier {
  private readonly keys: Promise<HmacKey>[];
  private readonly clock: () => number;

  constructor(private readonly opts: JwtTokenVerifierOptions) {
    const secrets = Array.isArray(opts.secrets) ? opts.secrets : [opts.secrets as Secret];
    if (secrets.length === 0) throw new Error("JwtTokenVerifier needs at least one secret");
    for (const s of secrets) secretBytes(s); // fail at startup on a weak secret, not at the first login
    this.keys = secrets.map((s) => hmacKey(s, "verify"));
    this.clock = opts.clock ?? Date.now;
  }

  async verify(token: string): Promise<VerifiedToken> {
    const result = await this.tryVerify(token);
    if (!result) throw invalid();
    return result;
  }

  /**
   * Resolves to undefined when the token is not a JWT signed with one of our
   * secrets (so another verifier may try it). Rejects with TOKEN_EXPIRED or
   * TOKEN_INVALID when it is ours but unusable.
   */
  async tryVerify(token: string): Promise<VerifiedToken | undefined> {
    if (typeof token !== "string" || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return undefined;
    let payload: JWTPayload | undefined;
    for (const key of this.keys) {
      try {
        ({ payload } = await jwtVerify(token, await key, {
          algorithms: ["HS256"],
          issuer: this.opts.issuer,
          clockTolerance: this.opts.clockToleranceSec ?? 5,
          currentDate: new Date(this.clock()),
        }));
        break;
      } catch (err) {
        if (err instanceof errors.JWSSignatureVerificationFailed) continue;
        // jose checks the signature before the claims, so these are our tokens.
        if (err instanceof errors.JWTExpired) throw new ImError("TOKEN_EXPIRED", "token has expired");
        if (err instanceof errors.JWTClaimValidationFailed) throw invalid();
        // Malformed, or signed with an algorithm we never use: not one of ours.
        return undefined;
      }
    }
    if (!payload) return undefined;
    if (!isValidUid(payload.sub)) throw invalid();
    const deviceType = readDeviceType(payload[DEVICE_TYPE_CLAIM]);
    if (deviceType === null) throw invalid();
    const deviceId = payload[DEVICE_ID_CLAIM];
    if (deviceId !== undefined && !isValidIdentifier(deviceId)) throw invalid();
    const verified: VerifiedToken = { uid: payload.sub };
    if (deviceType !== undefined) verified.deviceType = deviceType;
    if (deviceId !== undefined) verified.deviceId = deviceId;
    if (typeof payload.iat === "number") verified.issuedAt = payload.iat * 1000;
    if (payload.exp !== undefined) verified.expiresAt = payload.exp * 1000;
    else if (this.opts.maxAgeWithoutExpSec !== undefined) {
      // No iat either: no way to tell its age, so it is not accepted as an unlimited token.
      if (typeof payload.iat !== "number") throw invalid();
      const expiresAt = (payload.iat + this.opts.maxAgeWithoutExpSec) * 1000;
      if (expiresAt + (this.opts.clockToleranceSec ?? 5) * 1000 <= this.clock())
        throw new ImError("TOKEN_EXPIRED", "token has expired");
      verified.expiresAt = expiresAt;
    }
    return verified;
  }
}
