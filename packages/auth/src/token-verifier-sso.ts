import { createHash } from "node:crypto";
import { ImError, isValidIdentifier, type TokenVerifier, type VerifiedToken } from "@im/core";
import { readDeviceType } from "./device-type.ts";
import { MAX_TOKEN_LENGTH } from "./token-verifier-jwt.ts";
import { TtlCache } from "./ttl-cache.ts";
import { isValidUid } from "./uid.ts";

export interface SsoTokenVerifierOptions {
  /** Verification endpoint: receives POST `{"token": "..."}`, answers 200 `{uid, deviceType?, deviceId?, expiresAt?}`. */
  url: string;
  /** Extra request headers, e.g. the credential the SSO service expects from us. */
  headers?: Record<string, string>;
  /** Per-request timeout (default 3000 ms). */
  timeoutMs?: number;
  /** How long a positive answer is reused (default 60 s), never past the token's expiresAt. */
  cacheTtlMs?: number;
  /** How long a rejection is reused (default 5 s), so a bad token cannot hammer the SSO service. */
  negativeCacheTtlMs?: number;
  /** Most cached answers kept (default 10,000), least recently used dropped first. */
  cacheSize?: number;
  /** ms since epoch; injectable for tests. */
  clock?: () => number;
  fetch?: typeof fetch;
}

export interface SsoStats {
  /** Requests sent to the SSO service. */
  requests: number;
  cacheHits: number;
  /** Verifications that joined a request already in flight for the same token. */
  coalesced: number;
  /** Requests that failed with AUTH_UNAVAILABLE. */
  unavailable: number;
}

type Outcome = { ok: true; token: VerifiedToken } | { ok: false; kind: "TOKEN_INVALID" | "TOKEN_EXPIRED" };

/** Largest SSO answer read; a real one is a few hundred bytes. */
const MAX_RESPONSE_BYTES = 64 * 1024;
const RETRY_AFTER_MS = 1000;

const unavailable = () => new ImError("AUTH_UNAVAILABLE", "token verification service is unavailable", RETRY_AFTER_MS);

function rejection(kind: "TOKEN_INVALID" | "TOKEN_EXPIRED"): ImError {
  return new ImError(kind, kind === "TOKEN_EXPIRED" ? "token has expired" : "token is invalid");
}

/**
 * Verifies tokens issued by an external single sign-on service by asking its
 * verification URL. Answers are cached (keyed by a hash of the token, so the
 * cache holds no credentials), and concurrent verifications of one token share
 * one request. Failures to reach the service are AUTH_UNAVAILABLE and never cached.
 */
export class SsoTokenVerifier implements TokenVerifier {
  private readonly cache: TtlCache<Outcome>;
  private readonly inflight = new Map<string, Promise<Outcome>>();
  private readonly clock: () => number;
  private readonly fetch: typeof fetch;
  private readonly counters: SsoStats = { requests: 0, cacheHits: 0, coalesced: 0, unavailable: 0 };

  constructor(private readonly opts: SsoTokenVerifierOptions) {
    new URL(opts.url); // throws on a malformed URL at startup
    this.clock = opts.clock ?? Date.now;
    this.fetch = opts.fetch ?? globalThis.fetch;
    this.cache = new TtlCache(opts.cacheSize ?? 10_000, this.clock);
  }

  stats(): SsoStats {
    return { ...this.counters };
  }

  async verify(token: string): Promise<VerifiedToken> {
    if (typeof token !== "string" || token.length === 0 || token.length > MAX_TOKEN_LENGTH)
      throw rejection("TOKEN_INVALID");
    const key = createHash("sha256").update(token).digest("base64url");
    let outcome = this.cache.get(key);
    if (outcome) {
      this.counters.cacheHits++;
    } else {
      let pending = this.inflight.get(key);
      if (pending) {
        this.counters.coalesced++;
      } else {
        pending = this.ask(token).then(
          (result) => {
            this.remember(key, result);
            return result;
          },
          (err: unknown) => {
            this.counters.unavailable++;
            throw err;
          },
        );
        pending.finally(() => this.inflight.delete(key)).catch(() => {});
        this.inflight.set(key, pending);
      }
      outcome = await pending;
    }
    if (!outcome.ok) throw rejection(outcome.kind);
    return { ...outcome.token };
  }

  private remember(key: string, outcome: Outcome): void {
    if (!outcome.ok) {
      this.cache.set(key, outcome, this.opts.negativeCacheTtlMs ?? 5_000);
      return;
    }
    let ttl = this.opts.cacheTtlMs ?? 60_000;
    if (outcome.token.expiresAt !== undefined) ttl = Math.min(ttl, outcome.token.expiresAt - this.clock());
    this.cache.set(key, outcome, ttl);
  }

  /** One request to the SSO service. Rejects only with AUTH_UNAVAILABLE. */
  private async ask(token: string): Promise<Outcome> {
    this.counters.requests++;
    let res: Response;
    let text: string;
    try {
      res = await this.fetch(this.opts.url, {
        method: "POST",
        headers: { ...this.opts.headers, "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ token }),
        redirect: "error", // never send a token on to wherever a redirect points
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 3000),
      });
      if (res.status === 401 || res.status === 403) {
        await res.body?.cancel();
        return { ok: false, kind: "TOKEN_INVALID" };
      }
      if (res.status !== 200) {
        await res.body?.cancel();
        throw unavailable();
      }
      text = await readLimited(res, MAX_RESPONSE_BYTES);
    } catch {
      throw unavailable();
    }
    return this.parse(text);
  }

  private parse(text: string): Outcome {
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      throw unavailable();
    }
    if (typeof answer !== "object" || answer === null) throw unavailable();
    const { uid, deviceType, deviceId, expiresAt } = answer as Record<string, unknown>;
    // A 200 we cannot use is the service's fault, not the client's: report it as unavailable.
    if (!isValidUid(uid)) throw unavailable();
    const dt = readDeviceType(deviceType);
    if (dt === null) throw unavailable();
    if (deviceId !== undefined && deviceId !== null && !isValidIdentifier(deviceId)) throw unavailable();
    if (expiresAt !== undefined && expiresAt !== null && !Number.isFinite(expiresAt)) throw unavailable();
    const token: VerifiedToken = { uid };
    if (dt !== undefined) token.deviceType = dt;
    if (typeof deviceId === "string") token.deviceId = deviceId;
    if (typeof expiresAt === "number") {
      if (expiresAt <= this.clock()) return { ok: false, kind: "TOKEN_EXPIRED" };
      token.expiresAt = expiresAt;
    }
    return { ok: true, token };
  }
}

async function readLimited(res: Response, limit: number): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new Error("response too large");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
