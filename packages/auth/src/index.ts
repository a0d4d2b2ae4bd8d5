export { bearerMatches, metricsAccess, originAllowed } from "./http-guards.ts";
export { type MintTokenOptions, mintToken } from "./mint-token.ts";
export { MIN_SECRET_BYTES, type Secret } from "./secret-key.ts";
export {
  checkOperatorSecret,
  DEV_SECRET_FILE,
  isLoopbackHost,
  loadOrCreateDevSecret,
  OPERATOR_SECRET_MIN_BYTES,
  resolveTokenSecrets,
  StartupRefused,
  type TokenSecrets,
} from "./token-secret.ts";
export { ChainTokenVerifier } from "./token-verifier-chain.ts";
export { JwtTokenVerifier, type JwtTokenVerifierOptions, MAX_TOKEN_LENGTH } from "./token-verifier-jwt.ts";
export { type SsoStats, SsoTokenVerifier, type SsoTokenVerifierOptions } from "./token-verifier-sso.ts";
export { isValidUid, MAX_UID_LENGTH } from "./uid.ts";
