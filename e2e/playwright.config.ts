import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { CONSOLE_URL, WEB_URL } from "./support/env.ts";

// Debian's Chromium; Playwright downloads no browser here. The binary itself skips
// the launcher script, whose /dev/shm check prints a harmless error.
const chromium = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"].find((p) => existsSync(p));

export default defineConfig({
  testDir: "./specs",
  outputDir: "./test-results",
  // One stack serves every spec; specs seed their own data with unique names.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: CONSOLE_URL,
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium" }],
  webServer: {
    command: "node --import tsx support/stack.ts",
    // The web chat starts last, so once it answers the whole stack is up.
    url: `${WEB_URL}/config.json`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
  },
});
