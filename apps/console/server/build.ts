import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The console's folder (apps/console). */
export const CONSOLE_DIR = fileURLToPath(new URL("..", import.meta.url));

const STAMP = join(CONSOLE_DIR, ".next", "im-build-stamp");
const INPUTS = ["src", "public", "next.config.ts", "package.json", "tsconfig.json"];

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

/** A hash of everything the production build is made from. */
export async function sourceStamp(): Promise<string> {
  const hash = createHash("sha256");
  for (const input of INPUTS)
    for await (const file of files(join(CONSOLE_DIR, input))) {
      hash.update(relative(CONSOLE_DIR, file));
      hash.update(await readFile(file));
    }
  return hash.digest("hex");
}

/** True when .next holds a production build of the current sources. */
export async function isBuildCurrent(): Promise<boolean> {
  const [stamp, built, id] = await Promise.all([
    sourceStamp(),
    readFile(STAMP, "utf8").catch(() => ""),
    stat(join(CONSOLE_DIR, ".next", "BUILD_ID")).catch(() => null),
  ]);
  return id !== null && built.trim() === stamp;
}

/** `next` of this install, run with the current Node (no shell, no npx). */
export function nextBin(): string {
  return fileURLToPath(import.meta.resolve("next/dist/bin/next"));
}

/**
 * Builds the console for production unless the last build was made from the
 * same sources: `npm start` builds once, later starts reuse the build.
 */
export async function ensureBuild(log: (line: string) => void = console.log): Promise<void> {
  if (await isBuildCurrent()) return;
  const stamp = await sourceStamp();
  log("building the console (once; later starts reuse the build)…");
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin(), "build"], {
      cwd: CONSOLE_DIR,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (b: Buffer) => {
      output += b.toString();
    });
    child.stderr.on("data", (b: Buffer) => {
      output += b.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`console build failed (exit ${code}):\n${output.slice(-4000)}`)),
    );
  });
  await writeFile(STAMP, `${stamp}\n`);
  log(`console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// `npm run build -w @im/console`
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await ensureBuild();
}
