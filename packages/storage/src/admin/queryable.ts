import type { Prisma, PrismaClient } from "@im/db";
import type pg from "pg";

/**
 * A pool, or a client inside an open transaction (see withTransaction): pass
 * the client so a change and its audit entry commit together.
 */
export type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

/** Prisma Client, or the client of an interactive transaction (see withPrismaTransaction). */
export type PrismaDb = PrismaClient | Prisma.TransactionClient;
