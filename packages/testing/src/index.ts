export { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from "./db.ts";
