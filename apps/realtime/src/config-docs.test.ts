import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", ".next", "dist", "gen", "generated", "test-results"].includes(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) yield p;
  }
}

it("the README's configuration table lists every IM_* variable the code reads", () => {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const table = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("## Development"));
  expect(table.length).toBeGreaterThan(100);
  const read = new Set<string>();
  for (const top of ["apps", "packages", "prisma/src", "bench/src"])
    for (const file of sources(path.join(ROOT, top)))
      for (const m of readFileSync(file, "utf8").matchAll(/\bIM_[A-Z0-9_]+\b/g)) read.add(m[0]);
  expect(read.size).toBeGreaterThan(30);
  const missing = [...read].filter((v) => !table.includes(`\`${v}\``)).sort();
  expect(missing).toEqual([]);
});
