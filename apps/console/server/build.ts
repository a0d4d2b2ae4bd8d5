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

function nextBuild(): Promise<void> {
  return new Promise<void>((resolve, reject) => {
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
}

/**
 * Builds the console for production unless the last build was made from the
 * same sources: `npm start` builds once, later starts reuse the build.
 */
export async function ensureBuild(log: (line: string) => void = console.log): Promise<void> {
  await buildOnce({
    name: "the console",
    dir: CONSOLE_DIR,
    inputs: INPUTS,
    output: join(".next", "BUILD_ID"),
    stampFile: join(".next", "im-build-stamp"),
    build: nextBuild,
    log,
  });
}

// `npm run build -w @im/console`
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await ensureBuild();
}
