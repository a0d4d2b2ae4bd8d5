import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { im } from "@im/protocol";
import { afterAll, expect, it } from "vitest";
import { RawClient } from "./test-support/raw-client.ts";
import { type ServerProcess, spawnServer } from "./test-support/server-process.ts";

const C = im.Cmd;
const SECRET = "embedded-test-secret-0123456789abcdefghij";
const dataDir = mkdtempSync(path.join(tmpdir(), "im-embedded-"));
// mkdtemp makes a private (0700) directory; the embedded cluster runs as the postgres OS user.
chmodSync(dataDir, 0o755);
let server: ServerProcess | null = null;

afterAll(async () => {
  await server?.stop("SIGINT");
  rmSync(dataDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Whether a postgres process serves `dir`. A failing `ps` throws: "not running" must be an answer, not a fallback. */
function postgresRunningFor(dir: string): boolean {
  const lines = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" }).split("\n");
  if (!lines.some((l) => l.startsWith("ps "))) throw new Error("ps did not list itself; its output cannot be trusted");
  return lines.some((l) => l.includes(dir) && l.includes("postgres"));
}

async function login(port: number, uid: string): Promise<RawClient> {
  const c = await RawClient.login(port, SECRET, uid);
  return c;
}

it("starts on an embedded PostgreSQL without DATABASE_URL, stops it on Ctrl-C, and finds its data again", async () => {
  const env = {
    DATABASE_URL: undefined,
    IM_DATA_DIR: dataDir,
    IM_EMBEDDED_PG_PORT: String(await freePort()),
    IM_TOKEN_SECRET: SECRET,
  };
  server = await spawnServer(env);
  const bob = await login(server.tcpPort, "bob");
  bob.close();
  const alice = await login(server.tcpPort, "alice");
  const ack = await alice.request(C.C2C_SEND_REQ, {
    toUid: "bob",
    clientMsgId: "persist-1",
    content: "kept across restarts ✅",
  });
  expect(ack.cmd).toBe(C.C2C_SEND_ACK);
  alice.close();

  // The check sees the running cluster, so its "stopped" below is an answer.
  expect(postgresRunningFor(dataDir)).toBe(true);
  server.child.kill("SIGINT");
  expect(await server.exited).toBe(0);
  server = null;
  expect(postgresRunningFor(dataDir)).toBe(false);
  expect(existsSync(path.join(dataDir, "postgres", "PG_VERSION"))).toBe(true);

  server = await spawnServer(env);
  const again = await login(server.tcpPort, "bob");
  const page = (await again.request(C.PULL_REQ, { afterSeq: 0 })).decoded as im.IPullResp;
  expect(page.messages?.map((m) => m.content)).toEqual(["kept across restarts ✅"]);
  again.close();
  server.child.kill("SIGTERM");
  expect(await server.exited).toBe(0);
  server = null;
  expect(postgresRunningFor(dataDir)).toBe(false);
}, 120_000);
