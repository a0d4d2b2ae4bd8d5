export { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from "./db.ts";
export * from "./http-server.ts";
export { type UsedTestDb, useTestDb } from "./use-test-db.ts";
