import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createApiKey, createBusinessLine, SCOPES } from "./business-keys.ts";
import { type GatewayFixture, startGateway } from "./test-support.ts";

/**
 * The scope each business-API operation needs, written down once. Every /v1
 * operation must be listed, and a key holding every other scope is refused.
 */
const REQUIRED: Record<string, (typeof SCOPES)[number]> = {
  "PUT /v1/users/{uid}": "users",
  "GET /v1/users/{uid}": "users",
  "GET /v1/users": "users",
  "POST /v1/users/{uid}/kickout": "kick",
  "POST /v1/tokens": "tokens",
  "POST /v1/users/{uid}/tokens/revoke": "tokens",
  "POST /v1/users/{uid}/ban": "users",
  "POST /v1/users/{uid}/unban": "users",
  "POST /v1/messages": "messages",
  "GET /v1/messages/{msgId}/delivery": "messages",
  "GET /v1/iplist": "iplist",
  "POST /v1/groups": "groups",
  "GET /v1/groups/{groupId}": "groups",
  "DELETE /v1/groups/{groupId}": "groups",
  "PATCH /v1/groups/{groupId}": "groups",
  "POST /v1/groups/{groupId}/members": "groups",
  "GET /v1/groups/{groupId}/members": "groups",
  "POST /v1/groups/{groupId}/members/remove": "groups",
  "POST /v1/groups/{groupId}/owner": "groups",
  "PUT /v1/groups/{groupId}/members/{uid}/role": "groups",
  "PUT /v1/groups/{groupId}/members/{uid}/mute": "groups",
  "PUT /v1/groups/{groupId}/mute": "groups",
  "GET /v1/users/{uid}/groups": "groups",
  "GET /v1/conversations/{uid}": "conversations",
  "GET /v1/conversations/{uid}/{convType}/{convId}/messages": "conversations",
  "POST /v1/org/units": "users",
  "PATCH /v1/org/units/{id}": "users",
  "DELETE /v1/org/units/{id}": "users",
  "GET /v1/org/tree": "users",
  "PUT /v1/org/units/{id}/members/{uid}": "users",
  "DELETE /v1/org/units/{id}/members/{uid}": "users",
  "GET /v1/org/units/{id}/members": "users",
  "GET /v1/c2s/target": "c2s",
  "PATCH /v1/c2s/target": "c2s",
  "GET /v1/c2s/dead-letters": "c2s",
  "POST /v1/c2s/dead-letters/{eventId}/retry": "c2s",
  "POST /v1/c2s/dead-letters/retry-all": "c2s",
  "POST /v1/c2s/dead-letters/{eventId}/discard": "c2s",
};

let gateway: GatewayFixture;
let app: FastifyInstance;

beforeAll(async () => {
  gateway = await startGateway();
  app = gateway.app;
  await createBusinessLine(gateway.db, { id: "scoped", name: "Scoped" });
});
afterAll(async () => {
  await gateway?.stop();
});

it("every /v1 operation has its scope written down here", async () => {
  const doc = (await app.inject({ method: "GET", url: "/openapi.json" })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  const served = Object.entries(doc.paths)
    .filter(([path]) => path.startsWith("/v1/"))
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
  expect(served).toEqual(Object.keys(REQUIRED).sort());
});

it("a key without an operation's scope is refused on it, whatever other scopes it holds", async () => {
  const keys = new Map<string, string>();
  for (const scope of new Set(Object.values(REQUIRED))) {
    const others = SCOPES.filter((s) => s !== scope && s !== "cross-line");
    keys.set(scope, (await createApiKey(gateway.db, "scoped", { scopes: others })).key);
  }
  const wrong: string[] = [];
  for (const [operation, scope] of Object.entries(REQUIRED)) {
    const [method, path] = operation.split(" ") as [string, string];
    const url = path.replace(/\{[^}]+\}/g, "x1");
    const res = await app.inject({
      method: method as "GET",
      url,
      headers: { authorization: `Bearer ${keys.get(scope)}` },
      ...(method === "GET" || method === "DELETE" ? {} : { payload: {} }),
    });
    const body = res.json() as { error?: { message?: string } };
    if (res.statusCode !== 403 || !body.error?.message?.includes(`lacks the ${scope} scope`))
      wrong.push(`${operation}: ${res.statusCode} ${res.body.slice(0, 120)}`);
  }
  expect(wrong).toEqual([]);
});
