import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** packages/sdk */
const SDK_DIR = fileURLToPath(new URL("..", import.meta.url));
export const BROWSER_BUNDLE = join(SDK_DIR, "dist", "im-sdk.browser.js");

export interface BrowserBundle {
  code: string;
  /** Every import path esbuild resolved while bundling (a `node:` one would mean a Node built-in slipped in). */
  imports: string[];
  minifiedBytes: number;
  gzippedBytes: number;
}

/**
 * Bundles the browser entry (src/browser.ts) as one ESM file, protobuf runtime
 * included, resolving package.json's "browser" conditions so no Node module is
 * pulled in.
 */
export async function bundleBrowser(): Promise<BrowserBundle> {
  const result = await build({
    entryPoints: [join(SDK_DIR, "src", "browser.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    write: false,
    metafile: true,
    legalComments: "none",
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.text;
  const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
  const bytes = Buffer.from(code);
  return { code, imports, minifiedBytes: bytes.length, gzippedBytes: gzipSync(bytes, { level: 9 }).length };
}

// `npm run build -w @im/sdk`: writes dist/im-sdk.browser.js and prints its size.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bundle = await bundleBrowser();
  await mkdir(dirname(BROWSER_BUNDLE), { recursive: true });
  await writeFile(BROWSER_BUNDLE, bundle.code);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`${BROWSER_BUNDLE}: ${kb(bundle.minifiedBytes)} minified, ${kb(bundle.gzippedBytes)} gzipped`);
}
