// The behaviour every TokenVerifier shares, run against each implementation.
import { type DeviceType, ImError, type TokenVerifier } from "@im/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

export interface TokenVerifierFixture {
  verifier: TokenVerifier;
  /** A token the verifier accepts for `uid`, restricted to `deviceType` when given. */
  valid(uid: string, deviceType?: DeviceType): Promise<string>;
  /** A token of the verifier's kind for `uid` that has expired. */
  expired(uid: string): Promise<string>;
  close?(): Promise<void>;
}

async function rejection(promise: Promise<unknown>): Promise<ImError> {
  const err = await promise.then(
    () => {
      throw new Error("expected the verification to fail");
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImError);
  return err as ImError;
}

export function describeTokenVerifierContract(name: string, setup: () => Promise<TokenVerifierFixture>): void {
  describe(`TokenVerifier contract: ${name}`, () => {
    let f: TokenVerifierFixture;
    beforeAll(async () => {
      f = await setup();
    });
    afterAll(async () => {
      await f.close?.();
    });

    it("accepts a valid token and returns its uid", async () => {
      const token = await f.valid("alice");
      const verified = await f.verifier.verify(token);
      expect(verified.uid).toBe("alice");
      expect(verified.deviceType).toBeUndefined();
    });

    it("returns the device type a token is restricted to", async () => {
      expect(await f.verifier.verify(await f.valid("bob", 3))).toMatchObject({ uid: "bob", deviceType: 3 });
    });

    it("keeps a Unicode uid byte-exact", async () => {
      const uid = "用户-😀-ü";
      expect((await f.verifier.verify(await f.valid(uid))).uid).toBe(uid);
    });

    it("rejects an expired token with TOKEN_EXPIRED", async () => {
      const err = await rejection(f.verifier.verify(await f.expired("carol")));
      expect(err.kind).toBe("TOKEN_EXPIRED");
      expect(err.code).toBe(2003);
    });

    it.each([
      ["an empty token", ""],
      ["a random string", "not-a-token"],
      ["three dots of garbage", "a.b.c"],
      ["an oversized token", "x".repeat(100_000)],
    ])("rejects %s with TOKEN_INVALID", async (_what, token) => {
      const err = await rejection(f.verifier.verify(token));
      expect(err.kind).toBe("TOKEN_INVALID");
      expect(err.code).toBe(2002);
      expect(err.message).not.toMatch(/ERR_|jose|fetch|http|stack|at /i);
    });

    it("verifies many tokens concurrently, each to its own uid", async () => {
      const uids = Array.from({ length: 50 }, (_, i) => `user-${i}`);
      const tokens = await Promise.all(uids.map((u) => f.valid(u)));
      const verified = await Promise.all(tokens.map((t) => f.verifier.verify(t)));
      expect(verified.map((v) => v.uid)).toEqual(uids);
    });
  });
}
