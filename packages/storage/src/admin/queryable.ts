import type { Prisma, PrismaClient } from "@im/db";

/** Prisma Client, or the client of an interactive transaction (see withPrismaTransaction). */
export type PrismaDb = PrismaClient | Prisma.TransactionClient;
