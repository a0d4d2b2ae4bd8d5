import { type ErrorName, ImError } from "@im/core";
import { sendJson, startTestHttpServer, type TestHttpServer } from "@im/testing";
import { SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mintToken } from "./mint-token.ts";
import { ChainTokenVerifier } from "./token-verifier-chain.ts";
import { JwtTokenVerifier } from "./token-verifier-jwt.ts";
import { SsoTokenVerifier } from "./token-verifier-sso.ts";

const SECRET = "chain-suite-secret-0123456789abcd";

async function rejection(promise: Promise<unknown>, kind: ErrorName): Promise<void> {
  const err = await promise.then(
    () => new Error("resolved"),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImError);
  expect((err as ImError).kind).toBe(kind);
}

describe("ChainTokenVerifier", () => {
  let sso: TestHttpServer;
  let chain: ChainTokenVerifier;

  beforeAll(async () => {
    sso = await startTestHttpServer(() => {});
    chain = new ChainTokenVerifier(
      new JwtTokenVerifier({ secrets: SECRET }),
      new SsoTokenVerifier({ url: sso.url, timeoutMs: 1000, negativeCacheTtlMs: 0, cacheTtlMs: 0 }),
    );
  });
  afterAll(async () => {
    await sso.close();
  });
  beforeEach(() => {
    sso.received.length = 0;
    sso.handle((_req, res) => sendJson(res, 200, { uid: "from-sso" }));
  });

  it("verifies our own tokens without asking the SSO service", async () => {
    expect(await chain.verify(await mintToken({ secret: SECRET, uid: "alice", deviceType: 1 }))).toMatchObject({
      uid: "alice",
      deviceType: 1,
    });
    expect(sso.received).toHaveLength(0);
  });

  it("does not hand our own expired or invalid tokens to the SSO service", async () => {
    await rejection(chain.verify(await mintToken({ secret: SECRET, uid: "alice", ttlSeconds: -60 })), "TOKEN_EXPIRED");
    const badSub = await new SignJWT({ sub: "" }).setProtectedHeader({ alg: "HS256" }).sign(Buffer.from(SECRET));
    await rejection(chain.verify(badSub), "TOKEN_INVALID");
    expect(sso.received).toHaveLength(0);
  });

  it("falls back to the SSO service for opaque tokens", async () => {
    expect(await chain.verify("opaque-sso-token")).toEqual({ uid: "from-sso" });
    expect(sso.received.map((r) => JSON.parse(r.body))).toEqual([{ token: "opaque-sso-token" }]);
  });

  it("falls back to the SSO service for JWTs signed with keys we do not hold", async () => {
    const foreign = await mintToken({ secret: "the-sso-services-own-secret-xyz", uid: "someone" });
    expect((await chain.verify(foreign)).uid).toBe("from-sso");
    expect(sso.received).toHaveLength(1);
  });

  it("passes on the SSO service's verdict", async () => {
    sso.handle((_req, res) => sendJson(res, 401, {}));
    await rejection(chain.verify("opaque"), "TOKEN_INVALID");
    sso.handle((_req, res) => sendJson(res, 500, {}));
    await rejection(chain.verify("opaque"), "AUTH_UNAVAILABLE");
  });

  it("without a fallback, rejects tokens that are not ours", async () => {
    const jwtOnly = new ChainTokenVerifier(new JwtTokenVerifier({ secrets: SECRET }));
    await rejection(jwtOnly.verify("opaque"), "TOKEN_INVALID");
    expect((await jwtOnly.verify(await mintToken({ secret: SECRET, uid: "a" }))).uid).toBe("a");
  });
});
