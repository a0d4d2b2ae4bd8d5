import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * `npm run lint:openapi`: dumps the gateway's OpenAPI document and lints it
 * with Redocly's recommended rules. Warnings fail too (Redocly exits 0 on
 * them): an operation without an operationId is what gives generated SDKs
 * unusable method names, and that is only a warning there.
 */
const require = createRequire(import.meta.url);
const cliPackage = require.resolve("@redocly/cli/package.json");
const cli = join(
  dirname(cliPackage),
  (JSON.parse(readFileSync(cliPackage, "utf8")) as { bin: { redocly: string } }).bin.redocly,
);
const dump = fileURLToPath(new URL("./openapi-dump.ts", import.meta.url));

const dir = mkdtempSync(join(tmpdir(), "im-openapi-"));
try {
  const file = join(dir, "openapi.json");
  execFileSync(process.execPath, ["--import", "tsx", dump, file], { stdio: "inherit" });
  const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };
  const lint = (format: string) =>
    spawnSync(
      process.execPath,
      [cli, "lint", "--extends=recommended", `--format=${format}`, "--max-problems=1000", file],
      {
        env,
        encoding: "utf8",
      },
    );
  const result = lint("json");
  let totals: { errors: number; warnings: number };
  try {
    totals = (JSON.parse(result.stdout) as { totals: typeof totals }).totals;
  } catch {
    process.stderr.write(`${result.stdout}${result.stderr}`);
    throw new Error(`redocly lint gave no report (exit ${result.status})`);
  }
  const operations = Object.values(
    (JSON.parse(readFileSync(file, "utf8")) as { paths: Record<string, object> }).paths,
  ).reduce((n, ops) => n + Object.keys(ops).length, 0);
  if (totals.errors + totals.warnings > 0) {
    process.stdout.write(lint("stylish").stdout);
    console.error(`OpenAPI lint: ${totals.errors} errors, ${totals.warnings} warnings (Redocly recommended rules)`);
    process.exitCode = 1;
  } else {
    console.log(`OpenAPI lint: ${operations} operations, no errors or warnings (Redocly recommended rules)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
