import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { CONSOLE_DIR, ensureBuild } from "@im/console/launch";
import { createOperator } from "@im/gateway";
import { loadConfig, startApp } from "@im/realtime";
import { createTestDatabase } from "@im/testing";
import { chromium } from "@playwright/test";
import pino from "pino";

/**
 * Console figures an operator feels: the production build time, and in a cold
 * browser the first load of the sign-in page and the time from "Sign in" to a
 * rendered page, for each page of the console (real stack, local PostgreSQL).
 *
 *   npm run bench -- console [--rebuild] [--port-base 7650]
 */
export async function benchConsole(argv: string[]): Promise<void> {
  const rebuild = argv.includes("--rebuild");
  const baseIdx = argv.indexOf("--port-base");
  const base = baseIdx >= 0 ? Number(argv[baseIdx + 1]) : 7650;

  if (rebuild) await rm(join(CONSOLE_DIR, ".next"), { recursive: true, force: true });
  const buildStart = performance.now();
  await ensureBuild(() => {});
  const buildMs = performance.now() - buildStart;
  console.log(`console build: ${(buildMs / 1000).toFixed(1)} s${rebuild ? " (cold)" : " (already built)"}`);

  const db = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), "im-bench-console-"));
  const logger = pino({ level: "warn" });
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: db.url,
    IM_DATA_DIR: dataDir,
    IM_HOST: "127.0.0.1",
    IM_TCP_PORT: String(base),
    IM_WS_PORT: String(base + 1),
    IM_GATEWAY_PORT: String(base + 2),
    IM_CONSOLE_PORT: String(base + 3),
    IM_LOG_LEVEL: "warn",
  });
  const { Pool } = (await import("pg")).default;
  const pool = new Pool({ connectionString: db.url });
  await createOperator(pool, { username: "bench", password: "bench-password-1", role: "admin" });
  await pool.end();
  const app = await startApp(config, logger);
  const url = app.consoleUrl!;
  const executablePath = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"].find((p) => existsSync(p));
  const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const t0 = performance.now();
    await page.goto(`${url}/login`);
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    const firstLoadMs = performance.now() - t0;
    // Runs in the page: the browser's own navigation timing.
    const nav = await page.evaluate<{ ttfb: number; dcl: number; load: number }>(
      "(() => { const e = performance.getEntriesByType('navigation')[0];" +
        " return { ttfb: e.responseStart, dcl: e.domContentLoadedEventEnd, load: e.loadEventEnd }; })()",
    );
    console.log(
      `first load of /login (cold browser): ${firstLoadMs.toFixed(0)} ms to an interactive form ` +
        `(TTFB ${nav.ttfb.toFixed(0)} ms, DOMContentLoaded ${nav.dcl.toFixed(0)} ms, load ${nav.load.toFixed(0)} ms)`,
    );
    await page.getByRole("textbox", { name: "Username" }).fill("bench");
    await page.locator("input[type=password]").fill("bench-password-1");
    const t1 = performance.now();
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    console.log(`sign-in to rendered dashboard: ${(performance.now() - t1).toFixed(0)} ms`);
    for (const [path, heading] of [
      ["/users", "Users"],
      ["/online", "Online"],
      ["/groups", "Groups"],
      ["/messages", "Messages"],
      ["/business-lines", "Business lines"],
      ["/operators", "Operators"],
      ["/audit", "Audit log"],
    ] as const) {
      const t = performance.now();
      const res = await page.goto(url + path);
      if (!res || res.status() >= 400) {
        console.log(`${path}: HTTP ${res?.status()}`);
        continue;
      }
      await page.getByRole("heading", { name: heading, exact: true }).waitFor({ timeout: 15_000 });
      // Loaded = every loading indicator (role=status) gone, i.e. the page shows its data.
      await page.waitForFunction("document.querySelectorAll('[role=status]').length === 0", undefined, {
        timeout: 15_000,
      });
      console.log(`${path}: ${(performance.now() - t).toFixed(0)} ms to its data on screen`);
    }
  } finally {
    await browser.close();
    await app.stop();
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
