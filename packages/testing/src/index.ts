export { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from "@im/db/testing";
export * from "./http-server.ts";
export { type UsedTestDb, useTestDb } from "./use-test-db.ts";
