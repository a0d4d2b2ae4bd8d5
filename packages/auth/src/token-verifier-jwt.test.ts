import { type ErrorName, ImError } from "@im/core";
import { decodeJwt, decodeProtectedHeader, SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { mintToken } from "./mint-token.ts";
import { JwtTokenVerifier } from "./token-verifier-jwt.ts";

const SECRET = "jwt-suite-secret-0123456789abcdef";
const OTHER = "another-secret-0123456789abcdefgh";

async function expectRejection(promise: Promise<unknown>, kind: ErrorName): Promise<void> {
  const err = await promise.then(
    () => new Error("resolved"),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImError);
  expect((err as ImError).kind).toBe(kind);
}

/** Signs arbitrary claims with `secret`, for tokens mintToken() would refuse to make. */
function sign(claims: Record<string, unknown>, secret = SECRET, alg = "HS256"): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg }).sign(new TextEncoder().encode(secret));
}

describe("mintToken", () => {
  it("mints an HS256 JWT with sub, iat, exp, iss and the device-type claim", async () => {
    const before = Math.floor(Date.now() / 1000);
    const token = await mintToken({ secret: SECRET, uid: "alice", deviceType: 1, ttlSeconds: 3600, issuer: "gw" });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "HS256", typ: "JWT" });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: "alice", dt: 1, iss: "gw" });
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.exp).toBe((claims.iat ?? 0) + 3600);
  });

  it("leaves out exp without a ttl and dt without a device type", async () => {
    const claims = decodeJwt(await mintToken({ secret: SECRET, uid: "bob" }));
    expect(Object.keys(claims).sort()).toEqual(["iat", "sub"]);
  });

  it("refuses a bad uid, an unknown device type and a short secret", async () => {
    await expectRejection(mintToken({ secret: SECRET, uid: "" }), "INVALID_ARGUMENT");
    await expectRejection(mintToken({ secret: SECRET, uid: "x".repeat(65) }), "INVALID_ARGUMENT");
    await expectRejection(mintToken({ secret: SECRET, uid: "tab\there" }), "INVALID_ARGUMENT");
    await expectRejection(mintToken({ secret: SECRET, uid: "a", deviceType: 42 }), "INVALID_ARGUMENT");
    await expect(mintToken({ secret: "short", uid: "a" })).rejects.toThrow(/at least 16 bytes/);
  });
});

describe("JwtTokenVerifier", () => {
  const verifier = new JwtTokenVerifier({ secrets: [SECRET] });

  it("returns uid, device type and expiry of a valid token", async () => {
    const token = await mintToken({ secret: SECRET, uid: "alice", deviceType: 2, ttlSeconds: 60 });
    const { exp = 0, iat = 0 } = decodeJwt(token);
    expect(await verifier.verify(token)).toEqual({
      uid: "alice",
      deviceType: 2,
      expiresAt: exp * 1000,
      issuedAt: iat * 1000,
    });
  });

  it("gives tokens without exp the configured lifetime from their iat", async () => {
    const token = await mintToken({ secret: SECRET, uid: "alice" });
    const at = (ms: number) =>
      new JwtTokenVerifier({ secrets: SECRET, maxAgeWithoutExpSec: 3600, clock: () => Date.now() + ms });
    expect((await at(0).verify(token)).expiresAt).toBe(((decodeJwt(token).iat ?? 0) + 3600) * 1000);
    await expectRejection(at(3_700_000).verify(token), "TOKEN_EXPIRED");
    // Without the setting such a token would live forever.
    expect((await verifier.verify(token)).expiresAt).toBeUndefined();
    const noIat = await new SignJWT({ sub: "alice" }).setProtectedHeader({ alg: "HS256" }).sign(Buffer.from(SECRET));
    await expectRejection(at(0).verify(noIat), "TOKEN_INVALID");
  });

  it("accepts a secret given as bytes", async () => {
    const bytes = new TextEncoder().encode(SECRET);
    const token = await mintToken({ secret: bytes, uid: "alice" });
    expect((await new JwtTokenVerifier({ secrets: bytes }).verify(token)).uid).toBe("alice");
    expect((await verifier.verify(token)).uid).toBe("alice");
  });

  it("rejects a token once it has expired, allowing a few seconds of clock skew", async () => {
    const token = await mintToken({ secret: SECRET, uid: "alice", ttlSeconds: 60 });
    const at = (ms: number) => new JwtTokenVerifier({ secrets: SECRET, clock: () => Date.now() + ms });
    expect((await at(62_000).verify(token)).uid).toBe("alice");
    await expectRejection(at(120_000).verify(token), "TOKEN_EXPIRED");
    await expectRejection(
      verifier.verify(await mintToken({ secret: SECRET, uid: "a", ttlSeconds: -60 })),
      "TOKEN_EXPIRED",
    );
  });

  it("returns the device id a token is bound to, and refuses a bound token whose device id breaks the id rule", async () => {
    const token = await mintToken({ secret: SECRET, uid: "alice", deviceId: "alice-phone", ttlSeconds: 60 });
    expect(decodeJwt(token).did).toBe("alice-phone");
    expect(await verifier.verify(token)).toMatchObject({ uid: "alice", deviceId: "alice-phone" });
    await expectRejection(verifier.verify(await sign({ sub: "alice", did: "../x" })), "TOKEN_INVALID");
    await expectRejection(verifier.verify(await sign({ sub: "alice", did: 7 })), "TOKEN_INVALID");
    await expectRejection(mintToken({ secret: SECRET, uid: "alice", deviceId: "a/b" }), "INVALID_ARGUMENT");
  });

  it("rejects a tampered payload and a tampered signature", async () => {
    const token = await mintToken({ secret: SECRET, uid: "alice", ttlSeconds: 60 });
    const [header, , signature] = token.split(".");
    const forgedPayload = Buffer.from(JSON.stringify({ sub: "admin", iat: 1 })).toString("base64url");
    await expectRejection(verifier.verify(`${header}.${forgedPayload}.${signature}`), "TOKEN_INVALID");
    const sig = signature!;
    const mid = Math.floor(sig.length / 2);
    const flipped = sig.slice(0, mid) + (sig[mid] === "A" ? "B" : "A") + sig.slice(mid + 1);
    await expectRejection(verifier.verify(token.replace(sig, flipped)), "TOKEN_INVALID");
  });

  it("rejects a token signed with another secret", async () => {
    await expectRejection(verifier.verify(await mintToken({ secret: OTHER, uid: "alice" })), "TOKEN_INVALID");
  });

  it("accepts every configured secret, so secrets can be rotated", async () => {
    const oldToken = await mintToken({ secret: OTHER, uid: "old" });
    const newToken = await mintToken({ secret: SECRET, uid: "new" });
    const during = new JwtTokenVerifier({ secrets: [SECRET, OTHER] });
    expect((await during.verify(oldToken)).uid).toBe("old");
    expect((await during.verify(newToken)).uid).toBe("new");
    const after = new JwtTokenVerifier({ secrets: [SECRET] });
    await expectRejection(after.verify(oldToken), "TOKEN_INVALID");
    expect((await after.verify(newToken)).uid).toBe("new");
  });

  it("reports expiry of a token signed with a second, rotated-in secret", async () => {
    const rotating = new JwtTokenVerifier({ secrets: [SECRET, OTHER] });
    await expectRejection(
      rotating.verify(await mintToken({ secret: OTHER, uid: "a", ttlSeconds: -60 })),
      "TOKEN_EXPIRED",
    );
  });

  it("rejects unsigned tokens and algorithms other than HS256", async () => {
    const unsigned = new UnsecuredJWT({ sub: "alice" }).encode();
    await expectRejection(verifier.verify(unsigned), "TOKEN_INVALID");
    await expectRejection(verifier.verify(await sign({ sub: "alice" }, SECRET, "HS512")), "TOKEN_INVALID");
  });

  it.each([
    ["no sub", {}],
    ["an empty sub", { sub: "" }],
    ["a sub of 65 characters", { sub: "u".repeat(65) }],
    ["a sub with a control character", { sub: "ali\u0000ce" }],
    ["a sub with a newline", { sub: "alice\nbob" }],
    ["an unknown device type", { sub: "alice", dt: 9 }],
    ["a device type that is not a number", { sub: "alice", dt: "ios" }],
    ["a not-before in the future", { sub: "alice", nbf: Math.floor(Date.now() / 1000) + 3600 }],
    ["a malformed exp", { sub: "alice", exp: "tomorrow" }],
  ])("rejects a correctly signed token with %s", async (_what, claims) => {
    await expectRejection(verifier.verify(await sign(claims)), "TOKEN_INVALID");
  });

  it("accepts a uid of exactly 64 characters, emoji counted as one", async () => {
    const uid = "😀".repeat(64);
    expect((await verifier.verify(await sign({ sub: uid }))).uid).toBe(uid);
  });

  it("checks the issuer when configured", async () => {
    const strict = new JwtTokenVerifier({ secrets: SECRET, issuer: "gateway" });
    expect((await strict.verify(await mintToken({ secret: SECRET, uid: "a", issuer: "gateway" }))).uid).toBe("a");
    await expectRejection(
      strict.verify(await mintToken({ secret: SECRET, uid: "a", issuer: "other" })),
      "TOKEN_INVALID",
    );
    await expectRejection(strict.verify(await mintToken({ secret: SECRET, uid: "a" })), "TOKEN_INVALID");
  });

  it("tells tokens that are not ours apart from ours that are unusable", async () => {
    expect(await verifier.tryVerify("opaque-sso-token")).toBeUndefined();
    expect(await verifier.tryVerify(await mintToken({ secret: OTHER, uid: "a" }))).toBeUndefined();
    await expectRejection(
      verifier.tryVerify(await mintToken({ secret: SECRET, uid: "a", ttlSeconds: -60 })),
      "TOKEN_EXPIRED",
    );
    await expectRejection(verifier.tryVerify(await sign({ sub: "" })), "TOKEN_INVALID");
  });

  it("refuses weak or missing secrets at construction", () => {
    expect(() => new JwtTokenVerifier({ secrets: "short" })).toThrow(/at least 16 bytes/);
    expect(() => new JwtTokenVerifier({ secrets: [] })).toThrow(/at least one secret/);
  });
});
