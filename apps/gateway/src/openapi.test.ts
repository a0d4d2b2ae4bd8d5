import { Validator } from "@seriousme/openapi-schema-validator";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type GatewayFixture, startGateway } from "./test-support.ts";

let gateway: GatewayFixture;
let app: FastifyInstance;

beforeAll(async () => {
  gateway = await startGateway();
  app = gateway.app;
});
afterAll(async () => {
  await gateway?.stop();
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
