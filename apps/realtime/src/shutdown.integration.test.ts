import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { launchServer } from "./test-support/server-process.ts";

// SIGTERM at each point of start-up: the process exits, and nothing it started
// (embedded PostgreSQL, console, web chat, listeners) is left behind.

const SECRET = "shutdown-test-secret-0123456789abcdefghij";
const dataDir = mkdtempSync(path.join(tmpdir(), "im-shutdown-"));
// mkdtemp makes a private (0700) directory; the embedded cluster runs as the postgres OS user.
chmodSync(dataDir, 0o755);

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

/**
 * Processes that inherited this test server's environment (the server, its
 * embedded PostgreSQL, console and web chat, a console build): their pid and command line.
 */
function startedBy(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const env = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      if (!env.includes(`IM_DATA_DIR=${dir}`)) continue;
      found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ")}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

const phases: { when: string; log: (rec: Record<string, unknown>) => boolean }[] = [
  { when: "while the embedded PostgreSQL starts", log: (r) => r.msg === "starting embedded PostgreSQL" },
  { when: "once the database is up, before migrations", log: (r) => r.msg === "embedded PostgreSQL is up" },
  { when: "with TCP listening and the gateway not yet", log: (r) => r.msg === "listening" },
  {
    when: "with the gateway listening and the console not yet",
    log: (r) => typeof r.msg === "string" && r.msg.startsWith("gateway listening"),
  },
  { when: "with the console listening and the web chat not yet", log: (r) => r.msg === "console listening" },
  { when: "fully started", log: (r) => typeof r.msg === "string" && r.msg.startsWith("ready") },
];

describe("SIGTERM during start-up", () => {
  for (const phase of phases) {
    it(`${phase.when}: exits, stops PostgreSQL and every child server, frees every port`, async () => {
      const ports = {
        IM_TCP_PORT: await freePort(),
        IM_WS_PORT: await freePort(),
        IM_GATEWAY_PORT: await freePort(),
        IM_CONSOLE_PORT: await freePort(),
        IM_WEB_PORT: await freePort(),
        IM_EMBEDDED_PG_PORT: await freePort(),
      };
      const server = launchServer({
        DATABASE_URL: undefined,
        REDIS_URL: undefined,
        IM_DATA_DIR: dataDir,
        IM_TOKEN_SECRET: SECRET,
        ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      });
      try {
        // The first run may build the console and the web chat.
        await Promise.race([
          server.waitForLog(phase.log, 240_000),
          server.exited.then((code) => {
            throw new Error(`the server exited (${code}) before the phase came`);
          }),
        ]);
        // The check below sees this server's processes while they run (so its empty answer later means something).
        expect(startedBy(dataDir).length).toBeGreaterThan(0);
        server.child.kill("SIGTERM");
        const code = await Promise.race([
          server.exited,
          new Promise<string>((r) => setTimeout(() => r("still running 40 s after SIGTERM"), 40_000)),
        ]);
        expect(code).toBe(0);
        expect(server.logs.some((r) => r.msg === "shutting down")).toBe(true);
        expect(startedBy(dataDir)).toEqual([]);
        for (const [name, port] of Object.entries(ports))
          expect(`${name} ${port} ${await portFree(port)}`).toBe(`${name} ${port} true`);
      } finally {
        // Whatever a failed case left running must not spoil the next one.
        for (const line of startedBy(dataDir)) {
          try {
            process.kill(Number(line.split(" ")[0]), "SIGKILL");
          } catch {
            // gone meanwhile
          }
        }
      }
    }, 300_000);
  }
});
