import { ImError } from "@im/core";
import type pg from "pg";

export interface NamedQuery {
  name: string;
  text: string;
}

/**
 * How a store reports a database failure: the driver's error goes to `onError`
 * and the caller gets a retryable UNAVAILABLE naming what was unavailable,
 * never the driver's own error (which may carry internals).
 */
export function unavailableAs(message: string, onError: (err: unknown) => void, retryAfterMs = 0) {
  return (err: unknown): ImError => {
    onError(err);
    return new ImError("UNAVAILABLE", message, retryAfterMs);
  };
}

/** Runs one named statement on the pool; a failure becomes `fail(err)`. */
export async function queryOrUnavailable<R extends pg.QueryResultRow>(
  pool: pg.Pool,
  query: NamedQuery,
  values: unknown[],
  fail: (err: unknown) => Error,
): Promise<pg.QueryResult<R>> {
  try {
    return await pool.query<R>({ ...query, values });
  } catch (err) {
    throw fail(err);
  }
}
