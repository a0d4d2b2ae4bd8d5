import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildOnce } from "@im/launcher";

/** The console's folder (apps/console). */
export const CONSOLE_DIR = fileURLToPath(new URL("..", import.meta.url));

const INPUTS = ["src", "public", "next.config.ts", "package.json", "tsconfig.json"];

/** `next` of this install, run with the current Node (no shell, no npx). */
export function nextBin(): string {
  return fileURLToPath(import.meta.resolve("next/dist/bin/next"));
}

function nextBuild(signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    // A process group of its own, so an abort stops next's build workers too.
    const child = spawn(process.execPath, [nextBin(), "build"], {
      cwd: CONSOLE_DIR,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const group = (sig: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, sig);
      } catch {
        // already gone
      }
    };
    let force: NodeJS.Timeout | undefined;
    const onAbort = () => {
      group("SIGTERM");
      force = setTimeout(() => group("SIGKILL"), 3_000);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    if (signal?.aborted) onAbort();
    let output = "";
    child.stdout.on("data", (b: Buffer) => {
      output += b.toString();
    });
    child.stderr.on("data", (b: Buffer) => {
      output += b.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      signal?.removeEventListener("abort", onAbort);
      clearTimeout(force);
      // The workers may outlive next itself: make sure the whole group is gone.
      if (signal?.aborted) group("SIGKILL");
      if (code === 0 && !signal?.aborted) resolve();
      else reject(new Error(`console build failed (exit ${code}):\n${output.slice(-4000)}`));
    });
  });
}

/**
 * Builds the console for production unless the last build was made from the
 * same sources: `npm start` builds once, later starts reuse the build.
 */
export async function ensureBuild(log: (line: string) => void = console.log, signal?: AbortSignal): Promise<void> {
  await buildOnce({
    name: "the console",
    dir: CONSOLE_DIR,
    inputs: INPUTS,
    output: join(".next", "BUILD_ID"),
    stampFile: join(".next", "im-build-stamp"),
    build: nextBuild,
    log,
    ...(signal ? { signal } : {}),
  });
}

// `npm run build -w @im/console`
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await ensureBuild();
}
