import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "./app.ts";
import { createApiKey, createBusinessLine } from "./business-keys.ts";
import { type GatewayFixture, startGateway } from "./test-support.ts";

let f: GatewayFixture;

beforeAll(async () => {
  f = await startGateway();
});
afterAll(async () => {
  await f?.stop();
});

function appWith(extra: { metricsToken?: string; tokenSecret?: string }) {
  return buildApp({
    db: f.db,
    storage: f.storage,
    presence: f.presence,
    registry: f.registry,
    deliver: async () => {},
    kick: async () => 0,
    ...extra,
  });
}

describe("gateway /metrics", () => {
  it("without a token is served to loopback peers only", async () => {
    const local = await f.app.inject({ method: "GET", url: "/metrics", remoteAddress: "127.0.0.1" });
    expect(local.statusCode).toBe(200);
    const remote = await f.app.inject({ method: "GET", url: "/metrics", remoteAddress: "203.0.113.9" });
    expect(remote.statusCode).toBe(403);
    expect(remote.json().error.code).toBe("FORBIDDEN");
  });

  it("with a token is served to whoever presents it, from anywhere", async () => {
    const app = await appWith({ metricsToken: "scrape-token-0123456789", tokenSecret: "x".repeat(8) + "y".repeat(24) });
    try {
      const bare = await app.inject({ method: "GET", url: "/metrics", remoteAddress: "127.0.0.1" });
      expect(bare.statusCode).toBe(401);
      const remote = await app.inject({
        method: "GET",
        url: "/metrics",
        remoteAddress: "203.0.113.9",
        headers: { authorization: "Bearer scrape-token-0123456789" },
      });
      expect(remote.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe("POST /v1/tokens without a token secret (SSO only)", () => {
  it("issues nothing", async () => {
    await createBusinessLine(f.db, { id: "sso-line", name: "SSO line" });
    const { key } = await createApiKey(f.db, "sso-line");
    const app = await appWith({});
    try {
      const res = await app.inject({
        method: "POST",
        url: "/v1/tokens",
        payload: { uid: "alice" },
        headers: { authorization: `Bearer ${key}` },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.message).toMatch(/SSO tokens only/);
    } finally {
      await app.close();
    }
  });
});
