import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GatewayFixture, startGateway } from "../test-support.ts";
import { DEFAULT_LOGIN_BUDGETS } from "./login-throttle.ts";
import { createOperator, verifyArgon2 } from "./operators.ts";

let gateway: GatewayFixture;
let app: FastifyInstance;
/** Password checks that actually ran (argon2 verifications). */
let checks = 0;

beforeAll(async () => {
  gateway = await startGateway({
    trustedProxies: ["127.0.0.1", "10.0.0.1"],
    verifyPassword: async (hash, password) => {
      checks++;
      return verifyArgon2(hash, password);
    },
  });
  app = gateway.app;
  for (const username of ["target", "proxied", "direct", "rightful"])
    await createOperator(gateway.db.pool, { username, password: "the right password", role: "viewer" });
});

afterAll(async () => {
  await gateway?.stop();
});

beforeEach(() => {
  checks = 0;
});

function login(username: string, password: string, opts: { remoteAddress?: string; forwardedFor?: string } = {}) {
  return app.inject({
    method: "POST",
    url: "/admin/login",
    payload: { username, password },
    ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
    ...(opts.forwardedFor ? { headers: { "x-forwarded-for": opts.forwardedFor } } : {}),
  });
}

describe("console sign-in throttling", () => {
  it("checks at most the budget of 200 concurrent wrong passwords for one account", async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => login("target", `wrong ${i}`, { remoteAddress: "192.0.2.1" })),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(checks).toBeLessThanOrEqual(DEFAULT_LOGIN_BUDGETS.perPair);
    expect(statuses.filter((s) => s === 401)).toHaveLength(checks);
    expect(statuses.filter((s) => s === 429)).toHaveLength(200 - checks);
    // Even the right password is refused now, without being checked.
    const right = await login("target", "the right password", { remoteAddress: "192.0.2.1" });
    expect(right.statusCode).toBe(429);
    expect(checks).toBeLessThanOrEqual(DEFAULT_LOGIN_BUDGETS.perPair);
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", async () => {
    for (let i = 0; i < DEFAULT_LOGIN_BUDGETS.perPair; i++)
      expect(
        (await login("direct", "wrong", { remoteAddress: "198.51.100.7", forwardedFor: `203.0.113.${i}` })).statusCode,
      ).toBe(401);
    const spoofed = await login("direct", "wrong", { remoteAddress: "198.51.100.7", forwardedFor: "203.0.113.200" });
    expect(spoofed.statusCode).toBe(429);
  });

  it("keys by the forwarded client address when the peer is a trusted proxy", async () => {
    for (let i = 0; i < DEFAULT_LOGIN_BUDGETS.perPair; i++)
      expect(
        (await login("proxied", "wrong", { remoteAddress: "10.0.0.1", forwardedFor: "203.0.113.50" })).statusCode,
      ).toBe(401);
    expect(
      (await login("proxied", "wrong", { remoteAddress: "10.0.0.1", forwardedFor: "203.0.113.50" })).statusCode,
    ).toBe(429);
    // Another client behind the same proxy still gets its own tries.
    const other = await login("proxied", "the right password", {
      remoteAddress: "10.0.0.1",
      forwardedFor: "203.0.113.51",
    });
    expect(other.statusCode).toBe(200);
  });

  it("records the client address of a sign-in in the audit log", async () => {
    const res = await login("rightful", "the right password", {
      remoteAddress: "10.0.0.1",
      forwardedFor: "203.0.113.77",
    });
    expect(res.statusCode).toBe(200);
    const { rows } = await gateway.db.pool.query<{ ip: string }>(
      "SELECT a.ip FROM audit_log a JOIN operators o ON o.id = a.operator_id WHERE o.username = 'rightful' AND a.action = 'login'",
    );
    expect(rows.map((r) => r.ip)).toEqual(["203.0.113.77"]);
  });
});
