import { ImError } from "@im/core";
import type pg from "pg";

/**
 * Runs `fn` in one transaction on one client: committed when it resolves,
 * rolled back when it throws. Writes that must be audited pass the client to
 * appendAudit, so the action and its entry commit together or not at all.
 * A database failure (the audit insert's included) is a retryable
 * UNAVAILABLE, never a 500: nothing was changed.
 */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect().catch((err: unknown) => {
    throw isDatabaseFailure(err) ? unavailable() : err;
  });
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw isDatabaseFailure(err) ? unavailable() : err;
  } finally {
    client.release();
  }
}

/** Errors of the server or the connection carry a SQLSTATE or errno code; bugs in `fn` do not. */
function isDatabaseFailure(err: unknown): boolean {
  return !(err instanceof ImError) && err instanceof Error && typeof (err as { code?: unknown }).code === "string";
}

const unavailable = () => new ImError("UNAVAILABLE", "storage unavailable, nothing was changed; retry");
