import { randomUUID } from "node:crypto";
import type { DeviceType } from "@im/core";
import { sendJson, startTestHttpServer } from "@im/testing";
import { mintToken } from "./mint-token.ts";
import { describeTokenVerifierContract } from "./token-verifier.contract.ts";
import { ChainTokenVerifier } from "./token-verifier-chain.ts";
import { JwtTokenVerifier } from "./token-verifier-jwt.ts";
import { SsoTokenVerifier } from "./token-verifier-sso.ts";

const SECRET = "contract-suite-secret-0123456789";

describeTokenVerifierContract("JwtTokenVerifier", async () => ({
  verifier: new JwtTokenVerifier({ secrets: SECRET }),
  valid: (uid, deviceType) => mintToken({ secret: SECRET, uid, deviceType, ttlSeconds: 600 }),
  expired: (uid) => mintToken({ secret: SECRET, uid, ttlSeconds: -600 }),
}));

/** A stand-in SSO service that knows the tokens it issued. */
async function fakeSso() {
  const issued = new Map<string, { uid: string; deviceType?: DeviceType; expiresAt?: number }>();
  const server = await startTestHttpServer((req, res) => {
    const { token } = JSON.parse(req.body) as { token: string };
    const answer = issued.get(token);
    if (answer) sendJson(res, 200, answer);
    else sendJson(res, 401, { error: "unknown token" });
  });
  const issue = (uid: string, deviceType: DeviceType | undefined, expiresAt: number) => {
    const token = `sso-${randomUUID()}`;
    issued.set(token, { uid, deviceType, expiresAt });
    return Promise.resolve(token);
  };
  return { server, issue };
}

describeTokenVerifierContract("SsoTokenVerifier", async () => {
  const { server, issue } = await fakeSso();
  return {
    verifier: new SsoTokenVerifier({ url: server.url, timeoutMs: 2000 }),
    valid: (uid, deviceType) => issue(uid, deviceType, Date.now() + 600_000),
    expired: (uid) => issue(uid, undefined, Date.now() - 1000),
    close: () => server.close(),
  };
});

describeTokenVerifierContract("ChainTokenVerifier (JWT, then SSO)", async () => {
  const { server, issue } = await fakeSso();
  const verifier = new ChainTokenVerifier(
    new JwtTokenVerifier({ secrets: SECRET }),
    new SsoTokenVerifier({ url: server.url, timeoutMs: 2000 }),
  );
  let n = 0;
  return {
    verifier,
    // Alternate between our tokens and SSO tokens: both kinds must pass the contract.
    valid: (uid, deviceType) =>
      n++ % 2 === 0
        ? mintToken({ secret: SECRET, uid, deviceType, ttlSeconds: 600 })
        : issue(uid, deviceType, Date.now() + 600_000),
    expired: (uid) => mintToken({ secret: SECRET, uid, ttlSeconds: -600 }),
    close: () => server.close(),
  };
});
