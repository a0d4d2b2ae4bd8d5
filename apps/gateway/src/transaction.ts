import type pg from "pg";

/**
 * Runs `fn` in one transaction on one client: committed when it resolves,
 * rolled back when it throws. Writes that must be audited pass the client to
 * appendAudit, so the action and its entry commit together or not at all.
 */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
