import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, pgTypes } from "./client.ts";
import { createTestDatabase, type TestDatabase } from "./test-database.ts";

describe("createDb", () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it("reads int8 as numbers on its pool while Prisma keeps BigInt fields as bigint", async () => {
    const db = createDb(testDb.url);
    try {
      const { rows } = await db.pool.query(
        "SELECT 9007199254740991::int8 AS big, ARRAY[1, NULL, 3]::int8[] AS list, count(*) AS n, 12.5::numeric AS dec",
      );
      expect(rows[0]).toEqual({ big: Number.MAX_SAFE_INTEGER, list: [1, null, 3], n: 1, dec: "12.5" });

      await db.prisma.user.create({ data: { id: "prisma-user", extra: { tier: "gold" } } });
      await db.prisma.device.create({ data: { uid: "prisma-user", deviceId: "d1", deviceType: 2, ackedSeq: 42n } });
      const device = await db.prisma.device.findUniqueOrThrow({
        where: { uid_deviceId: { uid: "prisma-user", deviceId: "d1" } },
      });
      expect(device.ackedSeq).toBe(42n);
      // Both share one pool: what Prisma wrote, plain SQL reads (as a number).
      const { rows: raw } = await db.pool.query("SELECT acked_seq FROM devices WHERE uid = 'prisma-user'");
      expect(raw).toEqual([{ acked_seq: 42 }]);
      expect((await db.prisma.user.findUniqueOrThrow({ where: { id: "prisma-user" } })).extra).toEqual({
        tier: "gold",
      });
    } finally {
      await db.close();
      await db.close();
    }
    // The process-wide parser stays untouched.
    expect(pg.types.getTypeParser(20, "text")("5")).toBe("5");
  });

  it("uses an injected pool as is and leaves ending it to its owner", async () => {
    const pool = new pg.Pool({ connectionString: testDb.url, types: pgTypes, max: 2 });
    const db = createDb({ pool });
    expect(db.pool).toBe(pool);
    // Prisma's query opens the injected pool's first connection: nothing else could have.
    expect(pool.totalCount).toBe(0);
    expect(typeof (await db.prisma.user.count())).toBe("number");
    expect(pool.totalCount).toBe(1);
    await db.close();
    expect((await pool.query("SELECT 2::int8 AS two")).rows[0].two).toBe(2);
    await pool.end();
  });
  it("survives the server cutting a checked-out connection, and the pool serves again", async () => {
    const db = createDb(testDb.url);
    const admin = new pg.Client({ connectionString: testDb.url });
    await admin.connect();
    try {
      const held = await db.pool.connect();
      const { rows } = await held.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      // What a PostgreSQL restart does to every connection: the holder is between two queries.
      await admin.query("SELECT pg_terminate_backend($1)", [rows[0]!.pid]);
      const failure = await held.query("SELECT 1").then(
        () => null,
        (err: Error) => err,
      );
      expect(failure).toBeInstanceOf(Error);
      held.release(failure ?? undefined);
      const { rows: again } = await db.pool.query("SELECT 1 AS one");
      expect(again).toEqual([{ one: 1 }]);
    } finally {
      await admin.end();
      await db.close();
    }
  });
});
