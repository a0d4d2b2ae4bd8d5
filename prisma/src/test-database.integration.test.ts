import pg from "pg";
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "./test-database.ts";

async function databaseExists(name: string): Promise<boolean> {
  const admin = new pg.Client({
    connectionString: process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    return rowCount === 1;
  } finally {
    await admin.end();
  }
}

describe("createTestDatabase", () => {
  it("creates a separate, migrated UTF-8 database per call and drops it even with connections open", async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      expect(a.name).not.toBe(b.name);
      const client = new pg.Client({ connectionString: a.url });
      await client.connect();
      client.on("error", () => {}); // terminated by drop()
      const { rows } = await client.query(
        "SELECT current_database() AS db, pg_encoding_to_char(encoding) AS enc, to_regclass('inbox') IS NOT NULL AS migrated FROM pg_database WHERE datname = current_database()",
      );
      expect(rows).toEqual([{ db: a.name, enc: "UTF8", migrated: true }]);

      await a.drop();
      await a.drop();
      expect(await databaseExists(a.name)).toBe(false);
      expect(await databaseExists(b.name)).toBe(true);
      await client.end().catch(() => {});
    } finally {
      await a.drop();
      await b.drop();
    }
    expect(await databaseExists(b.name)).toBe(false);
  });

  it("can leave the database empty for migration tests", async () => {
    const db = await createTestDatabase({ migrate: false });
    try {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const { rows } = await client.query("SELECT to_regclass('_prisma_migrations') AS t");
      await client.end();
      expect(rows[0].t).toBeNull();
    } finally {
      await db.drop();
    }
  });
});
