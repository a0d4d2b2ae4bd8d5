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
});
