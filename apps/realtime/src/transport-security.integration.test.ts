import { rmSync } from "node:fs";
import https from "node:https";
import { mintToken } from "@im/auth";
import { DeviceType, ImClient } from "@im/sdk";
import { createTestDatabase } from "@im/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { RawClient } from "./test-support/raw-client.ts";
import { type ServerProcess, spawnServer } from "./test-support/server-process.ts";
import { makeTestCertificates, type TestCertificates } from "./test-support/tls.ts";

const SECRET = "transport-security-secret-0123456789abcdef";
const METRICS_TOKEN = "metrics-token-0123456789";

let certs: TestCertificates;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let server: ServerProcess;
let gatewayPort: number;

beforeAll(async () => {
  certs = makeTestCertificates();
  database = await createTestDatabase();
  server = await spawnServer({
    DATABASE_URL: database.url,
    REDIS_URL: undefined,
    IM_DATA_DIR: certs.dir,
    IM_TOKEN_SECRET: SECRET,
    IM_TLS_CERT_FILE: certs.certFile,
    IM_TLS_KEY_FILE: certs.keyFile,
    IM_METRICS_TOKEN: METRICS_TOKEN,
    IM_WS_ALLOWED_ORIGINS: undefined,
  });
  const ready = await server.waitForLog((r) => typeof r.msg === "string" && r.msg.startsWith("ready"));
  gatewayPort = Number(
    String((ready.bound as { gateway: string }).gateway)
      .split(":")
      .pop(),
  );
  expect(ready.msg).toMatch(/TCP over TLS .* wss:\/\/.* https:\/\//);
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
  if (certs) rmSync(certs.dir, { recursive: true, force: true });
});

async function connectSdk(endpoint: ConstructorParameters<typeof ImClient>[0]["endpoints"][0], ca?: string) {
  const client = new ImClient({
    endpoints: [endpoint],
    token: await mintToken({ secret: SECRET, uid: "tls-user" }),
    deviceType: DeviceType.DESKTOP,
    deviceId: "tls-user-desktop",
    connectTimeoutMs: 3000,
    requestTimeoutMs: 3000,
    reconnect: { enabled: false },
    ...(ca ? { tlsCa: ca } : {}),
  });
  try {
    await client.connect();
    return client.state;
  } finally {
    client.close();
  }
}

function get(port: number, path: string, headers: Record<string, string> = {}, ca?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = https.get({ host: "127.0.0.1", port, path, headers, ...(ca ? { ca } : {}) }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => {
        body += d.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
  });
}

describe("TLS", () => {
  it("serves TCP over TLS to an SDK client that verifies the certificate, and nothing in plain text", async () => {
    const endpoint = { transport: "tcp" as const, host: "127.0.0.1", port: server.tcpPort, tls: true };
    expect(await connectSdk(endpoint, certs.ca)).toBe("connected");
    // Not trusting the test CA: the certificate check fails, nothing is sent.
    await expect(connectSdk(endpoint)).rejects.toThrow();
    // A plain TCP client gets no frames out of the TLS listener.
    await expect(RawClient.login(server.tcpPort, SECRET, "plain")).rejects.toThrow();
  });

  it("serves wss:// to an SDK client that verifies the certificate", async () => {
    const url = `wss://127.0.0.1:${server.wsPort}/ws`;
    expect(await connectSdk({ transport: "ws", url }, certs.ca)).toBe("connected");
    await expect(connectSdk({ transport: "ws", url })).rejects.toThrow();
  });

  it("serves the gateway over HTTPS", async () => {
    const health = await get(gatewayPort, "/healthz", {}, certs.ca);
    expect(health.status).toBe(200);
    await expect(get(gatewayPort, "/healthz")).rejects.toThrow(/self-signed|unable to verify|certificate/i);
  });
});

describe("WebSocket Origin", () => {
  function upgrade(headers: Record<string, string>): Promise<number> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`wss://127.0.0.1:${server.wsPort}/ws`, { ca: certs.ca, headers });
      ws.once("open", () => {
        ws.close();
        resolve(101);
      });
      ws.once("unexpected-response", (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.once("error", (err) => {
        if (!/Unexpected server response/.test(err.message)) reject(err);
      });
    });
  }

  it("refuses a page from another site and lets same-host pages and non-browser clients in", async () => {
    expect(await upgrade({ origin: "https://evil.example" })).toBe(403);
    expect(await upgrade({ origin: "https://127.0.0.1.evil.example" })).toBe(403);
    expect(await upgrade({ origin: "https://127.0.0.1:8443" })).toBe(101);
    expect(await upgrade({})).toBe(101);
  });
});

describe("/metrics", () => {
  it("requires the configured bearer token on realtime and gateway", async () => {
    for (const port of [server.wsPort, gatewayPort]) {
      expect((await get(port, "/metrics", {}, certs.ca)).status).toBe(401);
      expect((await get(port, "/metrics", { authorization: "Bearer wrong-token-000000" }, certs.ca)).status).toBe(401);
      const ok = await get(port, "/metrics", { authorization: `Bearer ${METRICS_TOKEN}` }, certs.ca);
      expect(ok.status).toBe(200);
      expect(ok.body).toContain("# HELP");
    }
  });
});
