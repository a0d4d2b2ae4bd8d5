import { chmod, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { EMBEDDED_PASSWORD_FILE, EMBEDDED_URL_FILE, type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded.ts";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Whether the process still runs (a zombie awaiting its reaper counts as gone). */
async function alive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  return !/^\d+ \(.*\) Z/.test(stat);
}

/** pg_ctl returns once the data directory is released; the process itself may take a moment longer. */
async function exited(pid: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (!(await alive(pid))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

async function postmasterPid(dataDir: string): Promise<number> {
  const text = await readFile(path.join(dataDir, "postgres", "postmaster.pid"), "utf8");
  return Number.parseInt(text.split("\n")[0] ?? "", 10);
}

describe("embedded PostgreSQL", () => {
  const started: EmbeddedPostgres[] = [];
  let dataDir = "";

  afterAll(async () => {
    for (const pgs of started) await pgs.stop().catch(() => {});
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("initialises, restarts on the same data, takes over from a killed owner and stops idempotently", async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "im-embedded-"));
    // mkdtemp makes the directory private; PostgreSQL may run as another OS user.
    await chmod(dataDir, 0o755);

    const first = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    started.push(first);
    await query(first.url, "CREATE TABLE notes (body text)");
    await query(first.url, "INSERT INTO notes VALUES ('kept 🙂')");
    const encoding = await query(
      first.url,
      "SELECT pg_encoding_to_char(encoding) AS e FROM pg_database WHERE datname = current_database()",
    );
    expect(encoding.rows[0].e).toBe("UTF8");
    const orphanPid = await postmasterPid(dataDir);

    // The owner dies without stop(): its postgres keeps running and holds the data directory.
    const second = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    started.push(second);
    expect(await exited(orphanPid)).toBe(true);
    expect((await query(second.url, "SELECT body FROM notes")).rows).toEqual([{ body: "kept 🙂" }]);

    // The dead owner's handle must not stop the server that took over.
    await first.stop();
    expect((await query(second.url, "SELECT count(*)::int AS n FROM notes")).rows).toEqual([{ n: 1 }]);
    await second.stop();
    await second.stop();

    const third = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    started.push(third);
    expect((await query(third.url, "SELECT body FROM notes")).rows).toEqual([{ body: "kept 🙂" }]);
    const pid = await postmasterPid(dataDir);
    await third.stop();
    expect(await exited(pid)).toBe(true);
    await expect(query(third.url, "SELECT 1")).rejects.toThrow();
  });

  it("generates the superuser password per data directory and replaces the well-known one of an older cluster", async () => {
    const dirs = [
      await mkdtemp(path.join(os.tmpdir(), "im-embedded-")),
      await mkdtemp(path.join(os.tmpdir(), "im-embedded-")),
    ];
    try {
      const urls: string[] = [];
      for (const dir of dirs) {
        await chmod(dir, 0o755);
        const db = await startEmbeddedPostgres({ dataDir: dir, port: await freePort() });
        started.push(db);
        urls.push(db.url);
        const password = decodeURIComponent(new URL(db.url).password);
        expect(password.length).toBeGreaterThanOrEqual(24);
        expect((await readFile(path.join(dir, EMBEDDED_PASSWORD_FILE), "utf8")).trim()).toBe(password);
        expect((await readFile(path.join(dir, EMBEDDED_URL_FILE), "utf8")).trim()).toBe(db.url);
        expect((await stat(path.join(dir, EMBEDDED_PASSWORD_FILE))).mode & 0o777).toBe(0o600);
        expect((await stat(path.join(dir, EMBEDDED_URL_FILE))).mode & 0o777).toBe(0o600);
        const wellKnown = new URL(db.url);
        wellKnown.password = "postgres";
        await expect(query(wellKnown.toString(), "SELECT 1")).rejects.toThrow(/password authentication failed/);
        await db.stop();
      }
      expect(new URL(urls[0] ?? "").password).not.toBe(new URL(urls[1] ?? "").password);

      // A cluster created with the old fixed password gets a generated one on its next start.
      const legacyDir = dirs[1] ?? "";
      const legacy = await startEmbeddedPostgres({ dataDir: legacyDir, port: await freePort() });
      started.push(legacy);
      await query(legacy.url, "ALTER ROLE postgres PASSWORD 'postgres'");
      await legacy.stop();
      await rm(path.join(legacyDir, EMBEDDED_PASSWORD_FILE));
      const upgraded = await startEmbeddedPostgres({ dataDir: legacyDir, port: await freePort() });
      started.push(upgraded);
      expect(new URL(upgraded.url).password).not.toBe("postgres");
      expect((await query(upgraded.url, "SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
      const old = new URL(upgraded.url);
      old.password = "postgres";
      await expect(query(old.toString(), "SELECT 1")).rejects.toThrow(/password authentication failed/);
      await upgraded.stop();
    } finally {
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    }
  });
});
