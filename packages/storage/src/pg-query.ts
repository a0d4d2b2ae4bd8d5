import type pg from "pg";
import { type DatabaseErrorMapping, databaseError } from "./database-errors.ts";
import { type TransactionOptions, withTransaction } from "./transaction.ts";

export interface NamedQuery {
  name: string;
  text: string;
}

/**
 * A store's way to the database: single statements and transactions on one
 * pool, every failure reported through the store's one error mapping (so the
 * caller gets an ImError, never the driver's error).
 */
export class StorePool {
  constructor(
    readonly pool: pg.Pool,
    readonly errors: DatabaseErrorMapping,
  ) {}

  /** Runs one named statement on the pool. */
  async query<R extends pg.QueryResultRow>(query: NamedQuery, values: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>({ ...query, values });
    } catch (err) {
      throw databaseError(err, this.errors);
    }
  }

  /** Runs `fn` in one transaction (see withTransaction). */
  transaction<T>(fn: (client: pg.PoolClient) => Promise<T>, opts: Omit<TransactionOptions, "errors"> = {}): Promise<T> {
    return withTransaction(this.pool, fn, { ...opts, errors: this.errors });
  }
}
