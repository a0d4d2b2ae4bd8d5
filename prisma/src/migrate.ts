import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

/** The migration folders shipped with this package (`prisma/migrations`). */
export const MIGRATIONS_DIR = fileURLToPath(new URL("../migrations", import.meta.url));

/** The advisory lock key Prisma Migrate takes, so this runner and `prisma migrate deploy` exclude each other. */
const MIGRATION_LOCK_KEY = 72707369;

/** The bookkeeping table exactly as Prisma Migrate creates it. */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MigrationError";
  }
}

export interface MigrationFile {
  /** Folder name, e.g. `20251127120000_init`; migrations run in name order. */
  name: string;
  sql: string;
  /** sha256 hex of migration.sql, as Prisma records it. */
  checksum: string;
}

export interface MigrateOptions {
  migrationsDir?: string;
}

export interface MigrateResult {
  /** Migrations applied by this call, in order. */
  applied: string[];
  /** Migrations that were already applied. */
  skipped: string[];
}

export function migrationChecksum(sql: string | Buffer): string {
  return createHash("sha256").update(sql).digest("hex");
}

/** Reads the Prisma-format migration folders (`<name>/migration.sql`), sorted by name. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const files: MigrationFile[] = [];
  for (const name of names) {
    const path = join(dir, name, "migration.sql");
    const exists = await stat(path).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!exists) continue;
    const bytes = await readFile(path);
    files.push({ name, sql: bytes.toString("utf8"), checksum: migrationChecksum(bytes) });
  }
  return files;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies pending migrations in name order, each in its own transaction, and
 * records them in `_prisma_migrations` the way Prisma Migrate does, so
 * `prisma migrate deploy` elsewhere sees them as applied. Safe to call from
 * several processes at once (they serialise on Prisma's advisory lock).
 * Refuses to run when an applied migration was edited afterwards or when
 * a migration failed earlier and was not resolved.
 */
export async function migrate(target: string | pg.Pool, opts: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = await readMigrations(opts.migrationsDir);
  if (typeof target === "string") {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    try {
      return await migrateWith(client, migrations);
    } finally {
      await client.end().catch(() => {});
    }
  }
  const client = await target.connect();
  let broken: Error | undefined;
  try {
    return await migrateWith(client, migrations);
  } catch (err) {
    broken = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    // A failed run may leave the session in an unknown state: do not reuse it.
    client.release(broken);
  }
}

async function migrateWith(client: pg.ClientBase, migrations: MigrationFile[]): Promise<MigrateResult> {
  await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
  try {
    await client.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
    );
    const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
    if (failed) {
      throw new MigrationError(
        `migration ${failed.migration_name} failed earlier and is not resolved; fix the database, then mark it with \`prisma migrate resolve\``,
      );
    }
    const applied = new Map<string, AppliedRow>();
    for (const r of rows) if (r.finished_at !== null && r.rolled_back_at === null) applied.set(r.migration_name, r);

    const result: MigrateResult = { applied: [], skipped: [] };
    for (const m of migrations) {
      const done = applied.get(m.name);
      if (done) {
        if (done.checksum !== m.checksum) {
          throw new MigrationError(
            `migration ${m.name} was modified after it was applied (checksum ${done.checksum} in the database, ${m.checksum} on disk); add a new migration instead of editing an applied one`,
          );
        }
        result.skipped.push(m.name);
        continue;
      }
      await applyOne(client, m);
      result.applied.push(m.name);
    }
    return result;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
  }
}

async function applyOne(client: pg.ClientBase, m: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query("BEGIN");
  try {
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 0)`,
      [id, m.checksum, m.name],
    );
    // No parameters: the simple query protocol runs the whole multi-statement script.
    await client.query(m.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    const reason = err instanceof Error ? err.message : String(err);
    throw new MigrationError(`migration ${m.name} failed: ${reason}`, { cause: err });
  }
}
