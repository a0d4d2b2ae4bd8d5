import type { Prisma, PrismaClient } from "@im/db";
import { type DatabaseErrorMapping, databaseError } from "./database-errors.ts";
import { type TransactionOptions, withPrismaTransaction } from "./transaction.ts";

/**
 * StorePool for the stores on Prisma Client: reads and interactive
 * transactions, every failure reported through the store's one error mapping
 * (so the caller gets an ImError, never Prisma's error).
 */
export class PrismaStore {
  constructor(
    readonly prisma: PrismaClient,
    readonly errors: DatabaseErrorMapping,
  ) {}

  /** Runs `fn` outside a transaction (one or more independent reads). */
  async read<T>(fn: (db: PrismaClient) => Promise<T>): Promise<T> {
    try {
      return await fn(this.prisma);
    } catch (err) {
      throw databaseError(err, this.errors);
    }
  }

  /** Runs `fn` in one interactive transaction (see withPrismaTransaction). */
  transaction<T>(
    fn: (tx: Prisma.TransactionClient) => Promise<T>,
    opts: Omit<TransactionOptions, "errors"> = {},
  ): Promise<T> {
    return withPrismaTransaction(this.prisma, fn, { ...opts, errors: this.errors });
  }
}
