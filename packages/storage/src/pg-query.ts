import { ImError } from "@im/core";
import type pg from "pg";

export interface NamedQuery {
  name: string;
  text: string;
}

/**
 * Runs one named statement on the pool. A database failure is reported to
 * `onError` and surfaces as a retryable UNAVAILABLE that names what was unavailable,
 * never as the driver's own error (which may carry internals).
 */
export async function queryOrUnavailable<R extends pg.QueryResultRow>(
  pool: pg.Pool,
  query: NamedQuery,
  values: unknown[],
  what: string,
  onError: (err: unknown) => void,
): Promise<pg.QueryResult<R>> {
  try {
    return await pool.query<R>({ ...query, values });
  } catch (err) {
    onError(err);
    throw new ImError("UNAVAILABLE", `${what} unavailable`);
  }
}
