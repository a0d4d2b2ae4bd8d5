import { copyFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildOnce } from "@im/launcher";
import { build } from "esbuild";

/** The web chat's folder (apps/web). */
export const WEB_DIR = fileURLToPath(new URL("..", import.meta.url));
/** What the server serves: index.html, app.js, app.css. */
export const DIST_DIR = join(WEB_DIR, "dist");

/** The SDK is part of the bundle, so its sources count as inputs too. */
const INPUTS = ["src", "public", "package.json", "../../packages/sdk/src", "../../packages/protocol/src"];

async function bundle(): Promise<void> {
  await mkdir(DIST_DIR, { recursive: true });
  await build({
    entryPoints: { app: join(WEB_DIR, "src", "main.tsx") },
    outdir: DIST_DIR,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    jsx: "automatic",
    minify: true,
    sourcemap: true,
    define: { "process.env.NODE_ENV": '"production"' },
    legalComments: "none",
    logLevel: "warning",
  });
  for (const file of ["index.html", "app.css"]) await copyFile(join(WEB_DIR, "public", file), join(DIST_DIR, file));
}

/** Bundles the app unless dist/ already holds a build of the current sources. */
export async function ensureBuild(log: (line: string) => void = console.log): Promise<void> {
  await buildOnce({
    name: "the web chat",
    dir: WEB_DIR,
    inputs: INPUTS,
    output: join("dist", "app.js"),
    stampFile: join("dist", "im-build-stamp"),
    build: bundle,
    log,
  });
}

// `npm run build -w @im/web`
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await ensureBuild();
}
