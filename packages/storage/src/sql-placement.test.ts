import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Where SQL may be written by hand (docs/architecture.md "Storage"): the
 * administrative stores run on Prisma Client; pg-driver SQL stays on the
 * measured hot paths, each file naming its benchmark. These checks keep it so.
 */

const ROOT = import.meta.dirname;

function sources(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    const plain = entry.name.endsWith(".ts") && !/\.(test|contract)\.ts$/.test(entry.name);
    return plain ? [relative(ROOT, path)] : [];
  });
}

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
/** A statement sent through the pg driver (pool, client or a store's StorePool). */
const PG_SQL = /\.query(<[^>]*>)?\(/;
const PRISMA_RAW = /\$(queryRaw|executeRaw)(Unsafe)?\b/;
const HOT_PATH = /\/\/ hot path: npm run bench -- \w/;

/** Plumbing that sends statements of no store's own (transactions, the pool wrapper, the readiness probe). */
const PLUMBING = new Set(["transaction.ts", "pg-query.ts", "ping.ts"]);
/** pg-driver SQL that is not a hot path, each with why. */
const OTHER_PG_SQL: Record<string, string> = {
  "archive/message-trace.ts":
    "reads the hot path's message tables (messages, inbox, delivery ledger) with their row mapping",
  "message-repository.ts": "reads the hot path's message tables (messages, inbox) with their row mapping",
};
/** The administrative stores: Prisma Client only. */
const ON_PRISMA = [
  "admin/api-key-store.ts",
  "admin/audit-log.ts",
  "admin/audit-search.ts",
  "admin/business-line-store.ts",
  "admin/console-lists.ts",
  "admin/moderation-store.ts",
  "admin/operator-store.ts",
  "admin/ownership-store.ts",
  "admin/user-investigation.ts",
  "admin/user-repository.ts",
  "group-store-pg.ts",
  "org-store-pg.ts",
];

describe("hand-written SQL in the storage package", () => {
  const files = sources();

  it("finds the package's sources", () => {
    expect(files).toEqual(expect.arrayContaining([...ON_PRISMA, "message-store-pg.ts", ...PLUMBING]));
  });

  it("keeps the administrative stores on Prisma Client", () => {
    const onPg = ON_PRISMA.filter((f) => PG_SQL.test(read(f)) || /from "pg"/.test(read(f)));
    expect(onPg).toEqual([]);
  });

  it("sends pg-driver SQL only from hot paths that name their benchmark", () => {
    const unjustified = files.filter(
      (f) => PG_SQL.test(read(f)) && !PLUMBING.has(f) && !(f in OTHER_PG_SQL) && !HOT_PATH.test(read(f)),
    );
    expect(unjustified).toEqual([]);
  });

  it("says why at every raw statement on Prisma Client", () => {
    const unexplained: string[] = [];
    for (const f of files) {
      const lines = read(f).split("\n");
      lines.forEach((line, i) => {
        if (!PRISMA_RAW.test(line) || line.trimStart().startsWith("//") || line.trimStart().startsWith("*")) return;
        const above = lines.slice(Math.max(0, i - 3), i);
        if (!above.some((l) => l.trimStart().startsWith("//"))) unexplained.push(`${f}:${i + 1}`);
      });
    }
    expect(unexplained).toEqual([]);
  });
});
