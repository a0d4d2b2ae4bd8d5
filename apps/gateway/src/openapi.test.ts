import { MemoryNodeRegistry, MemoryPresence } from "@im/cluster";
import { createDb } from "@im/db";
import { createPgStorage } from "@im/storage";
import { createTestDatabase, type TestDatabase } from "@im/testing";
import { Validator } from "@seriousme/openapi-schema-validator";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildApp } from "./app.ts";

let database: TestDatabase;
let db: ReturnType<typeof createDb>;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  app = await buildApp({
    db,
    storage: createPgStorage(db),
    presence: new MemoryPresence(),
    registry: new MemoryNodeRegistry(),
    deliver: async () => {},
    kick: async () => 0,
    tokenSecret: "openapi-test-secret-0123456789",
    logger: { level: "silent" },
  });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
  await database?.drop();
});

it("the served OpenAPI document is valid against the OpenAPI 3.1 schema and lists every route", async () => {
  const res = await app.inject({ method: "GET", url: "/openapi.json" });
  expect(res.statusCode).toBe(200);
  const doc = res.json();
  const result = await new Validator().validate(doc);
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
  const documented = new Set<string>();
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>))
    for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
  // Every documented operation is a route the app really serves.
  for (const d of documented) {
    const [method, path] = d.split(" ") as [string, string];
    const url = path.replace(/\{([^}]+)\}/g, ":$1");
    expect(app.hasRoute({ method: method as "GET", url }), d).toBe(true);
  }
  for (const p of ["/v1/messages", "/v1/users/{uid}", "/v1/tokens", "/v1/iplist"])
    expect(
      [...documented].some((d) => d.endsWith(` ${p}`)),
      p,
    ).toBe(true);
});
