import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { withBuildLock } from "./build-lock.ts";

export interface BuildOnceOptions {
  /** For log lines: "the console", "the web chat". */
  name: string;
  /** The app's folder; `inputs` and `output` are relative to it. */
  dir: string;
  /** Files and folders the build is made from. */
  inputs: string[];
  /** A file the build always writes; without it there is no build to reuse. */
  output: string;
  /** Where the hash of the inputs of the last successful build is kept. */
  stampFile: string;
  /** Runs the build; it should stop (and reject) when the signal aborts. */
  build: (signal?: AbortSignal) => Promise<void>;
  log?: (line: string) => void;
  /** Aborting skips or stops the build; no stamp is written then. */
  signal?: AbortSignal;
}

async function* files(path: string): AsyncGenerator<string> {
  const info = await stat(path).catch(() => null);
  if (!info) return;
  if (info.isFile()) {
    yield path;
    return;
  }
  const entries = await readdir(path, { withFileTypes: true });
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) yield* files(join(path, e.name));
}

/** A hash of every input file's path and content. */
export async function sourceStamp(dir: string, inputs: string[]): Promise<string> {
  const hash = createHash("sha256");
  for (const input of inputs)
    for await (const file of files(join(dir, input))) {
      hash.update(relative(dir, file));
      hash.update(await readFile(file));
    }
  return hash.digest("hex");
}

/**
 * Runs the production build unless the last one was made from the same
 * sources: `npm start` builds once, later starts reuse the build. Returns
 * whether it built.
 */
export async function buildOnce(options: BuildOnceOptions): Promise<boolean> {
  if ((await upToDate(options)) === true) return false;
  // Another process (a second server, a parallel test) may be building it right now: wait, then look again.
  return withBuildLock(
    options.dir,
    async () => {
      const stamp = await upToDate(options);
      if (stamp === true) return false;
      options.signal?.throwIfAborted();
      const log = options.log ?? console.log;
      log(`building ${options.name} (once; later starts reuse the build)…`);
      const started = Date.now();
      await options.build(options.signal);
      options.signal?.throwIfAborted();
      const stampPath = join(options.dir, options.stampFile);
      await mkdir(dirname(stampPath), { recursive: true });
      await writeFile(stampPath, `${stamp}\n`);
      log(`${options.name} built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return true;
    },
    options.signal,
  );
}

/** True when the output was built from the current sources; else the current sources' stamp. */
async function upToDate(options: BuildOnceOptions): Promise<true | string> {
  const [stamp, built, output] = await Promise.all([
    sourceStamp(options.dir, options.inputs),
    readFile(join(options.dir, options.stampFile), "utf8").catch(() => ""),
    stat(join(options.dir, options.output)).catch(() => null),
  ]);
  return output !== null && built.trim() === stamp ? true : stamp;
}
