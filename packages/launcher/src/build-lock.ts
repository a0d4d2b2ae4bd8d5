import { createHash } from "node:crypto";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** A lock older than this without an owner's pid is the remains of a crash. */
const ORPHAN_MS = 10_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Runs `fn` while holding a machine-wide lock named after `dir`, so two
 * processes never build one app into the same folder at once (a second
 * `next build` would wipe the first one's output). A lock whose owner died
 * is taken over. Kept in the temp directory: a build may empty its own output folder.
 */
export async function withBuildLock<T>(dir: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const lock = join(tmpdir(), `im-build-${createHash("sha256").update(resolve(dir)).digest("hex").slice(0, 16)}.lock`);
  const pidFile = join(lock, "pid");
  for (;;) {
    signal?.throwIfAborted();
    try {
      await mkdir(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const owner = Number.parseInt(await readFile(pidFile, "utf8").catch(() => ""), 10);
    const age = Date.now() - ((await stat(lock).catch(() => null))?.mtimeMs ?? Date.now());
    if ((Number.isInteger(owner) && owner > 0 && !alive(owner)) || (!(owner > 0) && age > ORPHAN_MS)) {
      await rm(lock, { recursive: true, force: true });
      continue;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  try {
    await writeFile(pidFile, String(process.pid));
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
