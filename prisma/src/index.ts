export * from "../generated/client.ts";
export { createDb, type Db, type DbTarget, pgTypes } from "./client.ts";
export {
  EMBEDDED_PASSWORD_FILE,
  EMBEDDED_URL_FILE,
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
  startEmbeddedPostgres,
} from "./embedded.ts";
export {
  MIGRATIONS_DIR,
  type MigrateOptions,
  type MigrateResult,
  MigrationError,
  type MigrationFile,
  migrate,
  migrationChecksum,
  readMigrations,
} from "./migrate.ts";
