import { describe, expect, it } from "vitest";
import { useTestDb } from "./use-test-db.ts";

const used = useTestDb({ max: 2 });

describe("useTestDb", () => {
  it("gives the file a migrated database of its own, with a pool and Prisma Client on it", async () => {
    expect(new URL(used.url).pathname).toMatch(/^\/im_test_/);
    const { rows } = await used.db.pool.query<{ db: string }>("SELECT current_database() AS db");
    expect(`/${rows[0]?.db}`).toBe(new URL(used.url).pathname);
    // Migrated: the project's tables are there, and Prisma Client writes to them.
    await used.db.prisma.user.create({ data: { id: "use-test-db" } });
    expect(await used.db.prisma.user.count()).toBe(1);
    expect(used.db.pool.options.max).toBe(2);
  });
});
