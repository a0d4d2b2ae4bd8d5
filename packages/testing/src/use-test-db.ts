import { createDb, type Db } from "@im/db";
import { createTestDatabase, type TestDatabase } from "@im/db/testing";
import { afterAll, beforeAll } from "vitest";

export interface UsedTestDb {
  /** The Db (pool and Prisma Client) on the file's database; read it inside hooks and tests. */
  readonly db: Db;
  /** The database's connection string. */
  readonly url: string;
}

/**
 * A migrated database of the test file's own with a Db on it: made before the
 * file's tests (hooks registered after this call run after it) and dropped
 * after them.
 */
export function useTestDb(opts: { max?: number } = {}): UsedTestDb {
  let testDb: TestDatabase | undefined;
  let db: Db | undefined;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = createDb({ url: testDb.url, max: opts.max ?? 4 });
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("useTestDb: read before the file's beforeAll ran");
    return value;
  };
  return {
    get db() {
      return ready(db);
    },
    get url() {
      return ready(testDb).url;
    },
  };
}
