import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrate } from "./migrate.ts";

const DEFAULT_BASE_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const PREFIX = "im_test_";
/** Databases left behind by test runs that died before drop() are swept after this long. */
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

export interface TestDatabase {
  /** Connection url of the new database. */
  url: string;
  name: string;
  /** Drops the database, closing any connection still open to it. Idempotent. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Server to create the database on; default TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres. */
  baseUrl?: string;
  /** Apply the project's migrations (default true). */
  migrate?: boolean;
}

/**
 * Creates a uniquely named, migrated database for one test file on the
 * developer/CI PostgreSQL. Call drop() in afterAll.
 */
export async function createTestDatabase(opts: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const baseUrl = opts.baseUrl ?? process.env.TEST_DATABASE_URL ?? DEFAULT_BASE_URL;
  // The creation time in the name lets later runs sweep what a crashed run left.
  const name = `${PREFIX}${Date.now()}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await sweepStale(admin);
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)} ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(baseUrl, name);
  let dropping: Promise<void> | null = null;
  const drop = (): Promise<void> => {
    dropping ??= dropDatabase(baseUrl, name);
    return dropping;
  };
  if (opts.migrate !== false) {
    try {
      await migrate(url);
    } catch (err) {
      await drop().catch(() => {});
      throw err;
    }
  }
  return { url, name, drop };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

async function dropDatabase(baseUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

async function sweepStale(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
    `${PREFIX}%`,
  ]);
  const now = Date.now();
  for (const { datname } of rows) {
    const createdAt = Number(datname.slice(PREFIX.length).split("_")[0]);
    if (!Number.isFinite(createdAt) || now - createdAt < STALE_AFTER_MS) continue;
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(datname)} WITH (FORCE)`).catch(() => {});
  }
}
