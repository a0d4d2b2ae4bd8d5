// Configuration for the Prisma CLI (generate; `migrate deploy`/`status` where the migrate engine is available).
// The application itself migrates with src/migrate.ts and never reads this file.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
