import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOperator } from "@im/gateway";
import { loadConfig, startApp } from "@im/realtime";
import pg from "pg";
import pino from "pino";
import { E2E } from "./env.ts";

/**
 * The real stack for the Playwright specs, as `npm start` runs it (realtime
 * node + gateway + console in one process tree) but on a fresh PostgreSQL
 * database and its own ports. Playwright starts this as its web server and
 * stops it with SIGTERM when the run ends.
 */
async function recreateDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await client.end();
  }
}

await recreateDatabase(E2E.databaseUrl);
const dataDir = await mkdtemp(join(tmpdir(), "im-e2e-"));
const config = loadConfig({
  ...process.env,
  DATABASE_URL: E2E.databaseUrl,
  IM_DATA_DIR: dataDir,
  IM_HOST: "127.0.0.1",
  IM_TCP_PORT: String(E2E.tcpPort),
  IM_WS_PORT: String(E2E.wsPort),
  IM_GATEWAY_PORT: String(E2E.gatewayPort),
  IM_CONSOLE_PORT: String(E2E.consolePort),
  IM_WEB_PORT: String(E2E.webPort),
  IM_EMBEDDED_PG_PORT: String(E2E.embeddedPgPort),
  // Short enough that "pushed but never acked" shows up within a spec.
  IM_UNDELIVERED_MS: "1500",
  // A failing c2s webhook turns into a dead letter within a second or two, not minutes.
  IM_C2S_MAX_ATTEMPTS: "2",
  IM_C2S_RETRY_BASE_MS: "200",
  IM_LOG_LEVEL: process.env.IM_LOG_LEVEL ?? "warn",
});
const logger = pino({ level: config.IM_LOG_LEVEL });

// Operators exist before the server starts, so it prints no first-operator password.
{
  const { migrate } = await import("@im/db");
  await migrate(E2E.databaseUrl);
  const pool = new pg.Pool({ connectionString: E2E.databaseUrl });
  await createOperator(pool, { ...E2E.admin, role: "admin" });
  await createOperator(pool, { ...E2E.viewer, role: "viewer" });
  await pool.end();
}

const app = await startApp(config, logger);
console.log(`e2e stack ready: console ${app.consoleUrl}, web chat ${app.webUrl}`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => process.exit(1), 20_000);
  force.unref();
  await app.stop();
  await rm(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
