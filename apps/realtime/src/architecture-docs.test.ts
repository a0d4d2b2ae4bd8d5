import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../../..");
const PREFIXES: Record<string, string> = { "rt/": "apps/realtime/src/", "gw/": "apps/gateway/src/" };

/** Every file path the map names, with its `rt/` or `gw/` shorthand expanded. */
function namedPaths(markdown: string): string[] {
  const paths = new Set<string>();
  for (const [, code] of markdown.matchAll(/`([^`\s]+\.(?:ts|proto|md))`/g)) {
    const path = code as string;
    if (path.includes("*")) continue;
    const prefix = Object.keys(PREFIXES).find((p) => path.startsWith(p));
    paths.add(prefix ? PREFIXES[prefix] + path.slice(prefix.length) : path);
  }
  return [...paths];
}

it("docs/architecture.md names only files that exist", () => {
  const map = readFileSync(join(ROOT, "docs/architecture.md"), "utf8");
  const paths = namedPaths(map);
  expect(paths.length).toBeGreaterThan(30);
  const missing = paths.filter((p) => !existsSync(join(ROOT, p)) && !existsSync(join(ROOT, "apps/realtime/src", p)));
  expect(missing).toEqual([]);
});

it("the map lists every seed flow", () => {
  const map = readFileSync(join(ROOT, "docs/architecture.md"), "utf8");
  for (const flow of ["auth", "logout", "kickout", "heartbeat", "c2c", "c2g", "pull", "c2s", "s2c", "iplist", "org"])
    expect(map, flow).toMatch(new RegExp(`^\\| ${flow}\\b`, "m"));
});
