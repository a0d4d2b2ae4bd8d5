import { rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import https from "node:https";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createOperator } from "@im/gateway";
import { createTestDatabase, type TestDatabase } from "@im/testing";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig, type RunningApp, startApp } from "./app.ts";
import { makeTestCertificates, type TestCertificates } from "./test-support/tls.ts";

let db: TestDatabase;
let certs: TestCertificates;
let app: RunningApp;
let dataDir: string;
let consolePort: number;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function request(
  url: string,
  options: { method?: string; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: options.method ?? "GET",
        ca: certs.ca,
        headers: options.body ? { "content-type": "application/json" } : {},
      },
      (res) => {
        let body = "";
        res.on("data", (c: Buffer) => {
          body += c.toString();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  certs = makeTestCertificates();
  dataDir = await mkdtemp(path.join(tmpdir(), "im-console-tls-"));
  consolePort = await freePort();
  const pool = new pg.Pool({ connectionString: db.url });
  await createOperator(pool, { username: "tls-admin", password: "tls-admin-password", role: "admin" });
  await pool.end();
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: db.url,
    IM_DATA_DIR: dataDir,
    IM_TCP_PORT: "0",
    IM_WS_PORT: "0",
    IM_GATEWAY_PORT: "0",
    IM_CONSOLE_PORT: String(consolePort),
    IM_WEB_PORT: "-1",
    IM_TLS_CERT_FILE: certs.certFile,
    IM_TLS_KEY_FILE: certs.keyFile,
    IM_TLS_CA_FILE: certs.caFile,
    IM_LOG_LEVEL: "warn",
  });
  app = await startApp(config, pino({ level: "warn" }));
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(certs.dir, { recursive: true, force: true });
});

it("with a certificate configured the console is served over HTTPS, reaches the TLS gateway, and its session cookie is Secure", async () => {
  expect(app.consoleUrl).toBe(`https://127.0.0.1:${consolePort}`);
  const page = await request(`${app.consoleUrl}/login`);
  expect(page.status).toBe(200);
  expect(page.body).toContain("IM console");

  // Through the console's own /admin route to the HTTPS gateway, verified against the private CA.
  const login = await request(`${app.consoleUrl}/admin/login`, {
    method: "POST",
    body: JSON.stringify({ username: "tls-admin", password: "tls-admin-password" }),
  });
  expect(login.status, login.body).toBe(200);
  const cookie = String(login.headers["set-cookie"]);
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Strict/i);
  expect(cookie).toMatch(/;\s*Secure/i);
}, 60_000);
