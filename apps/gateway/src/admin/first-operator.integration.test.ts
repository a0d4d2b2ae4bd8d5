import { createDb, type Db } from "@im/db";
import { createTestDatabase, type TestDatabase } from "@im/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureFirstOperator } from "./first-operator.ts";
import { authenticate } from "./operators.ts";

let testDb: TestDatabase;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = createDb(testDb.url);
});

afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

it("a fresh install gets one admin with a random password, handed out once; concurrent starts create one", async () => {
  const starts = await Promise.all([1, 2, 3, 4].map(() => ensureFirstOperator(db.pool)));
  const created = starts.filter((s) => s !== null);
  expect(created).toHaveLength(1);
  const first = created[0]!;
  expect(first.username).toBe("admin");
  expect(first.password.length).toBeGreaterThanOrEqual(20);
  const operator = await authenticate(db.pool, first.username, first.password);
  expect(operator?.role).toBe("admin");

  // Later starts find an operator and print nothing.
  expect(await ensureFirstOperator(db.pool)).toBeNull();
  const { rows } = await db.pool.query("SELECT username FROM operators");
  expect(rows).toEqual([{ username: "admin" }]);
  // Only the hash is stored.
  const stored = await db.pool.query<{ password_hash: string }>("SELECT password_hash FROM operators");
  expect(stored.rows[0]?.password_hash).not.toContain(first.password);
});
