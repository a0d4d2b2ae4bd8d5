import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/client.ts";

const INT8_OID = 20;
const INT8_ARRAY_OID = 1016;

const defaultParser = pg.types.getTypeParser as (oid: number, format?: "text" | "binary") => (value: string) => unknown;
const parseInt8Array = defaultParser(INT8_ARRAY_OID, "text") as (value: string) => (string | null)[];

/**
 * Type parsers for connections of our pools: int8 (bigint) as a JS number.
 * Ids and seqs stay far below 2^53; everything else keeps pg's defaults.
 * Set per pool, so other pg users in the process are unaffected (and Prisma
 * passes its own parsers per query, so its BigInt fields stay bigint).
 */
export const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (format !== "binary") {
      if (oid === INT8_OID) return (value: string) => Number(value);
      if (oid === INT8_ARRAY_OID)
        return (value: string) => parseInt8Array(value).map((v) => (v === null ? null : Number(v)));
    }
    return defaultParser(oid, format);
  }) as pg.CustomTypesConfig["getTypeParser"],
};

export type DbTarget =
  | string
  | {
      url: string;
      /** Pool size; pg's default is 10. */
      max?: number;
      /** Called for errors on idle pooled connections (default: ignored; the pool replaces the connection). */
      onError?: (err: Error) => void;
    }
  /** An existing pool, used as is and not ended by close(); create it with `types: pgTypes` for number int8s. */
  | { pool: pg.Pool };

export interface Db {
  /** For hot paths: plain SQL with int8 parsed to number. */
  pool: pg.Pool;
  /** For everything else; shares the pool. */
  prisma: PrismaClient;
  /** Disconnects Prisma and ends the pool (when createDb created it). Idempotent. */
  close(): Promise<void>;
}

export function createDb(target: DbTarget): Db {
  let pool: pg.Pool;
  let ownsPool: boolean;
  if (typeof target === "object" && "pool" in target) {
    pool = target.pool;
    ownsPool = false;
  } else {
    const opts = typeof target === "string" ? { url: target } : target;
    pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.max,
      types: pgTypes,
      // Fail instead of waiting forever when the server cannot be reached.
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
    });
    // Without a listener an idle connection's error (e.g. server restart) would crash the process.
    pool.on("error", opts.onError ?? (() => {}));
    // A checked-out client has no pool listener: were its connection cut (server restart) while its holder
    // waits between queries, the unheard error would crash the process. The holder learns of it anyway,
    // from its next query's rejection.
    pool.on("connect", (client) => client.on("error", () => {}));
    ownsPool = true;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  let closing: Promise<void> | null = null;
  return {
    pool,
    prisma,
    close() {
      closing ??= (async () => {
        await prisma.$disconnect();
        if (ownsPool) await pool.end();
      })();
      return closing;
    },
  };
}
