import { ImError } from "@im/core";
import type pg from "pg";
import { type DatabaseErrorMapping, databaseError, isTransientFailure } from "./database-errors.ts";

export interface TransactionOptions {
  /** The isolation level (default: the server's, READ COMMITTED unless configured otherwise). */
  isolation?: "READ COMMITTED" | "REPEATABLE READ" | "SERIALIZABLE";
  /**
   * Declares that `fn` may run again from BEGIN: every effect it has is inside
   * the transaction (or harmless to repeat). Then a serialization failure or a
   * deadlock reruns it, up to `attempts` runs in all (default 3); `also` names
   * further errors worth a rerun (e.g. a race the store detects itself).
   * Without it, a failure is reported at once.
   */
  rerunnable?: boolean | { attempts?: number; also?: (err: unknown) => boolean };
  /** How a failure that is not an ImError is reported (default: UNAVAILABLE for "storage"). */
  errors?: DatabaseErrorMapping;
}

const DEFAULT_ATTEMPTS = 3;
const DEFAULT_ERRORS: DatabaseErrorMapping = { what: "storage" };

/**
 * Runs `fn` in one transaction on one pooled client: committed when it
 * resolves, rolled back when it throws, so everything `fn` writes with the
 * client (an action and its audit entry, say) commits together or not at all.
 * An ImError from `fn` passes unchanged; any other failure becomes the error
 * of the database-error mapping. A client whose ROLLBACK failed is discarded.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  opts: TransactionOptions = {},
): Promise<T> {
  const errors = opts.errors ?? DEFAULT_ERRORS;
  const rerun = opts.rerunnable === true ? {} : opts.rerunnable || undefined;
  const attempts = rerun ? (rerun.attempts ?? DEFAULT_ATTEMPTS) : 1;
  const begin = opts.isolation ? `BEGIN ISOLATION LEVEL ${opts.isolation}` : "BEGIN";
  for (let attempt = 1; ; attempt++) {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      throw databaseError(err, errors);
    }
    let broken: Error | undefined;
    try {
      await client.query(begin);
      const result = await fn(client);
      await client.query("COMMIT");
      return result;
    } catch (err) {
      await client.query("ROLLBACK").catch((rollbackErr: Error) => {
        broken = rollbackErr;
      });
      if (err instanceof ImError) throw err;
      if (attempt < attempts && (isTransientFailure(err) || rerun?.also?.(err))) continue;
      throw databaseError(err, errors);
    } finally {
      client.release(broken);
    }
  }
}

/** Prisma Client's names for the isolation levels. */
const PRISMA_ISOLATION = {
  "READ COMMITTED": "ReadCommitted",
  "REPEATABLE READ": "RepeatableRead",
  SERIALIZABLE: "Serializable",
} as const;

/** What withPrismaTransaction runs on: Prisma Client's interactive transactions. */
interface PrismaTransactions<Tx> {
  $transaction<T>(
    fn: (tx: Tx) => Promise<T>,
    options?: {
      maxWait?: number;
      timeout?: number;
      isolationLevel?: (typeof PRISMA_ISOLATION)[keyof typeof PRISMA_ISOLATION];
    },
  ): Promise<T>;
}

/**
 * Prisma's defaults (2 s to get a connection, 5 s to finish) are shorter than
 * the pool's own wait (createDb: 10 s): under load a change would fail where
 * the same change on the pool waits its turn. These match the pool.
 */
const PRISMA_TRANSACTION_LIMITS = { maxWait: 10_000, timeout: 15_000 };

/**
 * withTransaction for the stores on Prisma Client: `fn` gets the interactive
 * transaction's client; the same isolation levels, the same rules for reruns
 * (P2034, Prisma's serialization failure or deadlock) and the same error mapping.
 */
export async function withPrismaTransaction<Tx, T>(
  prisma: PrismaTransactions<Tx>,
  fn: (tx: Tx) => Promise<T>,
  opts: TransactionOptions = {},
): Promise<T> {
  const errors = opts.errors ?? DEFAULT_ERRORS;
  const rerun = opts.rerunnable === true ? {} : opts.rerunnable || undefined;
  const attempts = rerun ? (rerun.attempts ?? DEFAULT_ATTEMPTS) : 1;
  const options = opts.isolation
    ? { ...PRISMA_TRANSACTION_LIMITS, isolationLevel: PRISMA_ISOLATION[opts.isolation] }
    : PRISMA_TRANSACTION_LIMITS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(fn, options);
    } catch (err) {
      if (err instanceof ImError) throw err;
      if (attempt < attempts && (isTransientFailure(err) || rerun?.also?.(err))) continue;
      throw databaseError(err, errors);
    }
  }
}
