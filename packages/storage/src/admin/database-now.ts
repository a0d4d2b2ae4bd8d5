import type { PrismaDb } from "./queryable.ts";

/** The database's now(): in a transaction, the time it began, as PostgreSQL's now() is. */
export async function databaseNow(db: PrismaDb): Promise<Date> {
  // Prisma Client has no way to ask for the server's clock.
  const [row] = await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
  if (!row) throw new Error("SELECT now() returned no row");
  return row.now;
}
