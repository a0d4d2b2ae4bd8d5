import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { im } from "@im/protocol";
import { afterAll, describe, expect, it } from "vitest";
import { isLoopbackAddress, listeningSockets, processTree } from "./test-support/listening-sockets.ts";
import { RawClient } from "./test-support/raw-client.ts";
import { type ServerProcess, spawnServer } from "./test-support/server-process.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const dirs: string[] = [];
const servers: ServerProcess[] = [];

afterAll(async () => {
  for (const s of servers) await s.stop("SIGINT");
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "im-binds-"));
  // mkdtemp makes a private (0700) directory; the embedded cluster runs as the postgres OS user.
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Settings a developer's shell might carry that would change what `npm start` does. */
const CLEAN = {
  DATABASE_URL: undefined,
  REDIS_URL: undefined,
  IM_HOST: undefined,
  IM_GATEWAY_HOST: undefined,
  IM_TOKEN_SECRET: undefined,
  IM_TOKEN_SECRET_FILE: undefined,
  IM_SSO_URL: undefined,
  NODE_ENV: undefined,
};

/** Runs a program to its exit and returns its exit code and everything it printed. */
function runToExit(
  script: string,
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; output: string }> {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...CLEAN, IM_LOG_LEVEL: "info", ...env };
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: ROOT, env: merged });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("npm start with no configuration", () => {
  it("listens on loopback only, in every process it starts, and says so", async () => {
    const dir = dataDir();
    const consolePort = await freePort();
    const webPort = await freePort();
    const server = await spawnServer({
      ...CLEAN,
      IM_DATA_DIR: dir,
      IM_EMBEDDED_PG_PORT: String(await freePort()),
      // The defaults of npm start, only moved to free ports.
      IM_TCP_PORT: "0",
      IM_WS_PORT: "0",
      IM_GATEWAY_PORT: "0",
      IM_CONSOLE_PORT: String(consolePort),
      IM_WEB_PORT: String(webPort),
    });
    servers.push(server);
    // The console and the web chat are built on their first start, which can take a while.
    const ready = await server.waitForLog((r) => typeof r.msg === "string" && r.msg.startsWith("ready"), 240_000);
    const up = await server.waitForLog((r) => r.msg === "embedded PostgreSQL is up");
    const bound = ready.bound as { tcp: string; ws: string; gateway: string };
    expect(bound.tcp).toBe(`127.0.0.1:${server.tcpPort}`);
    expect(bound.ws).toBe(`127.0.0.1:${server.wsPort}`);
    expect(bound.gateway).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(ready.msg).toContain(`TCP 127.0.0.1:${server.tcpPort}`);

    // The server process and everything under it, plus the detached postmaster and its backends.
    const postmaster = Number(readFileSync(path.join(String(up.clusterDir), "postmaster.pid"), "utf8").split("\n")[0]);
    const pids = [...(await processTree(server.child.pid ?? -1)), ...(await processTree(postmaster))];
    const sockets = await listeningSockets(pids);
    const ports = new Set(sockets.map((s) => s.port));
    const gatewayPort = Number(bound.gateway.split(":")[1]);
    for (const port of [
      server.tcpPort,
      server.wsPort,
      gatewayPort,
      consolePort,
      webPort,
      Number(new URL(readUrl(dir)).port),
    ])
      expect(ports, `something listens on ${port}`).toContain(port);
    expect(sockets.filter((s) => !isLoopbackAddress(s.address))).toEqual([]);

    // The development secret was generated for this data directory, private to its owner.
    const secretFile = path.join(dir, "token-secret");
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    const secret = readFileSync(secretFile, "utf8").trim();
    expect(Buffer.from(secret, "base64url").length).toBe(32);
    // …and it is what the server accepts: the CLI's way of minting works against it.
    const client = await RawClient.login(server.tcpPort, secret, "alice");
    client.close();
  }, 300_000);
});

function readUrl(dir: string): string {
  return readFileSync(path.join(dir, "database-url"), "utf8").trim();
}

describe("a non-loopback bind", () => {
  const refusal = /refusing to listen on a non-loopback address/;

  it("is refused without a secret of the operator's own, before anything starts", async () => {
    for (const env of [
      { IM_HOST: "0.0.0.0" },
      { IM_GATEWAY_HOST: "0.0.0.0" },
      { IM_HOST: "::" },
      { IM_CONSOLE_HOST: "0.0.0.0" },
      { IM_WEB_HOST: "0.0.0.0" },
    ]) {
      const dir = dataDir();
      const r = await runToExit("apps/realtime/src/main.ts", { ...env, IM_DATA_DIR: dir });
      expect(r.code, JSON.stringify(env)).not.toBe(0);
      expect(r.output).toMatch(refusal);
      expect(r.output).toMatch(/IM_TOKEN_SECRET/);
      expect(existsSync(path.join(dir, "postgres")), "no embedded database was started").toBe(false);
    }
  });

  it("is refused with a short or repetitive secret, or with the development secret copied into the environment", async () => {
    const short = await runToExit("apps/realtime/src/main.ts", {
      IM_HOST: "0.0.0.0",
      IM_DATA_DIR: dataDir(),
      IM_TOKEN_SECRET: "only-20-bytes-long!!",
    });
    expect(short.code).not.toBe(0);
    expect(short.output).toMatch(/IM_TOKEN_SECRET is 20 bytes; it must be at least 32/);

    const dull = await runToExit("apps/realtime/src/main.ts", {
      IM_HOST: "0.0.0.0",
      IM_DATA_DIR: dataDir(),
      IM_TOKEN_SECRET: "ab".repeat(32),
    });
    expect(dull.code).not.toBe(0);
    expect(dull.output).toMatch(/does not look random/);

    const dir = dataDir();
    const dev = "generated-development-secret-AbCdEfGhIjKlMnOpQrStUv";
    writeFileSync(path.join(dir, "token-secret"), `${dev}\n`, { mode: 0o600 });
    const copied = await runToExit("apps/realtime/src/main.ts", {
      IM_HOST: "0.0.0.0",
      IM_DATA_DIR: dir,
      IM_TOKEN_SECRET: dev,
    });
    expect(copied.code).not.toBe(0);
    expect(copied.output).toMatch(/with the development secret/);
  });

  it("is refused by the standalone gateway too", async () => {
    const r = await runToExit("apps/gateway/src/server.ts", {
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/unused",
      REDIS_URL: "redis://127.0.0.1:6379",
      IM_GATEWAY_HOST: "0.0.0.0",
      IM_DATA_DIR: dataDir(),
    });
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(refusal);
  });
});

describe("with SSO and no token secret", () => {
  it("accepts only SSO tokens: no JWT verifier exists, not even with the data directory's secret", async () => {
    const sso = http.createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => {
        body += d.toString();
      });
      req.on("end", () => {
        const { token } = JSON.parse(body) as { token: string };
        if (token === "sso-ticket-for-carol") {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify({ uid: "carol" }));
        } else {
          res.writeHead(401);
          res.end();
        }
      });
    });
    await new Promise<void>((r) => sso.listen(0, "127.0.0.1", r));
    try {
      const dir = dataDir();
      const known = "a-development-secret-someone-could-read-0123456789";
      writeFileSync(path.join(dir, "token-secret"), `${known}\n`, { mode: 0o600 });
      const server = await spawnServer({
        ...CLEAN,
        IM_DATA_DIR: dir,
        IM_EMBEDDED_PG_PORT: String(await freePort()),
        IM_SSO_URL: `http://127.0.0.1:${(sso.address() as net.AddressInfo).port}/verify`,
      });
      servers.push(server);
      await expect(RawClient.login(server.tcpPort, known, "mallory")).rejects.toThrow();
      const c = await RawClient.tcp(server.tcpPort);
      const r = await c.request(im.Cmd.AUTH_REQ, { token: "sso-ticket-for-carol", deviceType: 4, deviceId: "carol-4" });
      expect(r.cmd).toBe(im.Cmd.AUTH_RESP);
      expect(r.status).toBe(0);
      c.close();
    } finally {
      sso.close();
    }
  });
});
