import type pg from "pg";

/** Whether the database answers (for readiness checks); a failure is the driver's error. */
export async function pingDatabase(pool: Pick<pg.Pool, "query">): Promise<void> {
  await pool.query("SELECT 1");
}
