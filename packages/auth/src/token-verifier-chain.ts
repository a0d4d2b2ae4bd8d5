import { ImError, type TokenVerifier, type VerifiedToken } from "@im/core";
import type { JwtTokenVerifier } from "./token-verifier-jwt.ts";

/**
 * Our own signed tokens first; anything that is not one of them (not a JWT,
 * or signed with a key we do not hold) goes to the fallback, typically the
 * SSO verifier. Our own tokens that are expired or invalid never reach it.
 */
export class ChainTokenVerifier implements TokenVerifier {
  constructor(
    private readonly jwt: JwtTokenVerifier,
    private readonly fallback?: TokenVerifier,
  ) {}

  async verify(token: string): Promise<VerifiedToken> {
    const own = await this.jwt.tryVerify(token);
    if (own) return own;
    if (!this.fallback) throw new ImError("TOKEN_INVALID", "token is invalid");
    return this.fallback.verify(token);
  }
}
