import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createDb, type Db } from "@im/db";
import { createTestDatabase, type TestDatabase } from "@im/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "./admin/operators.ts";

const run = promisify(execFile);
const cli = fileURLToPath(new URL("./admin-cli.ts", import.meta.url));
const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));

let testDb: TestDatabase;
let db: Db;

function adminCli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return run(tsx, [cli, ...args], { env: { ...process.env, DATABASE_URL: testDb.url } }).then(
    ({ stdout, stderr }) => ({ stdout, stderr, code: 0 }),
    (e: { stdout: string; stderr: string; code: number }) => e,
  );
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = createDb(testDb.url);
});

afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

describe("admin-cli", () => {
  // Each run starts a process that loads Prisma Client (the operator store's), a few seconds apiece.
  it("creates an operator who can then sign in, and refuses a duplicate or an unknown role", {
    timeout: 90_000,
  }, async () => {
    const args = ["create-operator", "--username", "ops", "--password", "a long enough secret", "--role", "viewer"];
    const created = await adminCli(...args);
    expect(created.stdout).toContain("created operator ops (viewer)");
    expect(await authenticate(db.pool, "ops", "a long enough secret")).toMatchObject({
      username: "ops",
      role: "viewer",
    });
    const again = await adminCli(...args);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("CONFLICT");
    const piped = await new Promise<string>((resolve, reject) => {
      const child = execFile(
        tsx,
        [cli, "create-operator", "--username", "piped", "--password-stdin", "--role", "admin"],
        { env: { ...process.env, DATABASE_URL: testDb.url } },
        (err, stdout) => (err ? reject(err) : resolve(stdout)),
      );
      child.stdin?.end("from standard input\n");
    });
    expect(piped).toContain("created operator piped (admin)");
    expect(await authenticate(db.pool, "piped", "from standard input")).toMatchObject({ role: "admin" });
    const badRole = await adminCli(
      "create-operator",
      "--username",
      "x",
      "--password",
      "a long enough secret",
      "--role",
      "root",
    );
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain("INVALID_ARGUMENT");
  });

  it("lists, retries and discards a business line's c2s dead letters", { timeout: 60_000 }, async () => {
    await db.pool.query("INSERT INTO business_lines (id, name) VALUES ('shop', 'Shop'), ('other', 'Other')");
    await db.pool.query(
      `INSERT INTO outbox (business_line_id, event_id, kind, payload, status, attempts, last_error, stream_delivered_at)
       VALUES ('shop', 'c2s_a', 'c2s', '{}', 2, 10, 'webhook answered 500', now()),
              ('shop', 'c2s_b', 'c2s', '{}', 2, 10, 'webhook timed out after 5000 ms', NULL),
              ('shop', 'c2s_c', 'c2s', '{}', 2, 10, 'webhook answered 502', NULL),
              ('other', 'c2s_x', 'c2s', '{}', 2, 10, 'webhook answered 404', NULL)`,
    );
    const listed = await adminCli("dead-letters", "--business", "shop");
    expect(listed.code).toBe(0);
    const lines = listed.stdout
      .trim()
      .split("\n")
      .map((l) => l.split("\t"));
    expect(lines.map((l) => [l[0], l[2], l[3], l[4]])).toEqual([
      ["c2s_c", "attempts=10", "took=-", "webhook answered 502"],
      ["c2s_b", "attempts=10", "took=-", "webhook timed out after 5000 ms"],
      ["c2s_a", "attempts=10", "took=stream", "webhook answered 500"],
    ]);

    expect((await adminCli("retry-dead", "--business", "shop", "--event", "c2s_x")).code).toBe(1); // another line's
    expect((await adminCli("retry-dead", "--business", "shop", "--event", "c2s_a")).stdout).toContain("retried c2s_a");
    expect((await adminCli("discard-dead", "--business", "shop", "--event", "c2s_b")).stdout).toContain(
      "discarded c2s_b",
    );
    expect((await adminCli("retry-dead", "--business", "shop", "--all")).stdout).toContain("retried 1 dead letter(s)");
    const { rows } = await db.pool.query("SELECT event_id, status FROM outbox ORDER BY event_id");
    expect(rows).toEqual([
      { event_id: "c2s_a", status: 0 },
      { event_id: "c2s_c", status: 0 },
      { event_id: "c2s_x", status: 2 },
    ]);
  });
});
