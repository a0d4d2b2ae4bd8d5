import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createDb, type Db } from "@im/db";
import { createTestDatabase, type TestDatabase } from "@im/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findApiKey } from "./business-keys.ts";

const run = promisify(execFile);
const cli = fileURLToPath(new URL("./keys-cli.ts", import.meta.url));
const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));

let testDb: TestDatabase;
let db: Db;

async function keysCli(...args: string[]): Promise<string> {
  const { stdout } = await run(tsx, [cli, ...args], { env: { ...process.env, DATABASE_URL: testDb.url } });
  return stdout;
}

function keyIn(output: string): { keyId: string; key: string } {
  const keyId = /key id: (\S+)/.exec(output)?.[1];
  const key = /key \(shown once\): (\S+)/.exec(output)?.[1];
  expect(keyId && key, output).toBeTruthy();
  return { keyId: keyId as string, key: key as string };
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = createDb(testDb.url);
});

afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

describe("keys-cli", () => {
  it("creates a business line and a key, rotates and revokes it", { timeout: 30_000 }, async () => {
    expect(await keysCli("create-business", "--id", "shop", "--name", "Shop")).toContain("created business line shop");
    const first = keyIn(await keysCli("create-key", "--business", "shop", "--scope", "messages", "--rate-limit", "5"));
    expect(await findApiKey(db, first.key)).toEqual({
      keyId: first.keyId,
      businessId: "shop",
      scopes: ["messages"],
      rateLimit: 5,
    });
    const second = keyIn(await keysCli("rotate-key", "--key-id", first.keyId));
    expect(await findApiKey(db, first.key)).toBeUndefined();
    expect((await findApiKey(db, second.key))?.scopes).toEqual(["messages"]);
    await keysCli("revoke-key", "--key-id", second.keyId);
    expect(await findApiKey(db, second.key)).toBeUndefined();
    const { rows } = await db.pool.query("SELECT key_hash FROM api_keys");
    for (const r of rows) expect(r.key_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("fails with a message for a duplicate business line", { timeout: 30_000 }, async () => {
    const err = await keysCli("create-business", "--id", "shop", "--name", "Again").then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr).toContain("CONFLICT");
  });

  it("finds the embedded database through the data directory when DATABASE_URL is unset", {
    timeout: 30_000,
  }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "im-keys-"));
    try {
      const env = { ...process.env, DATABASE_URL: undefined, IM_DATA_DIR: dataDir };
      const missing = await run(tsx, [cli, "create-business", "--id", "nowhere", "--name", "N"], { env }).catch(
        (err: { code: number; stderr: string }) => err,
      );
      expect(missing).toMatchObject({ code: 2 });
      expect((missing as { stderr: string }).stderr).toMatch(/DATABASE_URL is not set and there is no/);

      await writeFile(path.join(dataDir, "database-url"), `${testDb.url}\n`, { mode: 0o600 });
      const { stdout } = await run(tsx, [cli, "create-business", "--id", "viafile", "--name", "Via file"], { env });
      expect(stdout).toContain("created business line viafile");
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
