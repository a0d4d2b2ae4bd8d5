import { MAX_EXTRA_BYTES } from "@im/core";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, createBusinessLine, SCOPES } from "./business-keys.ts";
import { type GatewayFixture, startGateway } from "./test-support.ts";

let f: GatewayFixture;
let key: string;

beforeAll(async () => {
  f = await startGateway();
  await createBusinessLine(f.db, { id: "hygiene", name: "Hygiene" });
  key = (await createApiKey(f.db, "hygiene", { scopes: [...SCOPES] })).key;
});
afterAll(async () => {
  await f?.stop();
});

function call(opts: InjectOptions) {
  return f.app.inject({ ...opts, headers: { authorization: `Bearer ${key}`, ...opts.headers } });
}

/** Answers 400 INVALID_ARGUMENT naming `field`. */
async function refused(opts: InjectOptions, field: string): Promise<void> {
  const res = await call(opts);
  const what = `${opts.method} ${opts.url} ${JSON.stringify(opts.payload ?? null).slice(0, 80)}: ${res.body}`;
  expect(res.statusCode, what).toBe(400);
  expect(res.json().error.code, what).toBe("INVALID_ARGUMENT");
  expect(res.json().error.field, what).toBe(field);
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await f.db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params);
  return Number(rows[0]?.n);
}

describe("identifiers", () => {
  it.each([
    ["a/b", "a%2Fb"],
    ["../../admin/me", "..%2F..%2Fadmin%2Fme"],
    ["   ", "%20%20%20"],
    [" bob", "%20bob"],
    ["a\\b", "a%5Cb"],
  ])("uid %j in a path is refused and no user is stored", async (raw, encoded) => {
    await refused({ method: "PUT", url: `/v1/users/${encoded}`, payload: { name: "x" } }, "uid");
    expect(await count("users WHERE id = $1", [raw])).toBe(0);
  });

  it('".." is refused where a URL cannot resolve it away: in a body', async () => {
    await refused({ method: "POST", url: "/v1/tokens", payload: { uid: ".." } }, "uid");
    await refused({ method: "POST", url: "/v1/tokens", payload: { uid: "../../admin/me" } }, "uid");
    expect(await count("users WHERE id LIKE '%..%'")).toBe(0);
  });

  it("group ids, owners and members in a body are checked by the same rule", async () => {
    const owner = "owner-7a1c";
    expect((await call({ method: "PUT", url: `/v1/users/${owner}`, payload: { name: "Owner" } })).statusCode).toBe(201);
    await refused({ method: "POST", url: "/v1/groups", payload: { id: "a/b", name: "G", ownerUid: owner } }, "id");
    await refused({ method: "POST", url: "/v1/groups", payload: { id: "..", name: "G", ownerUid: owner } }, "id");
    await refused(
      { method: "POST", url: "/v1/groups", payload: { name: "G", ownerUid: owner, memberUids: ["../../admin/me"] } },
      "memberUids.0",
    );
    await refused({ method: "POST", url: "/v1/org/units", payload: { id: "a/b", parentId: null, name: "U" } }, "id");
    expect(await count("groups")).toBe(0);
    expect(await count("org_units")).toBe(0);
  });
});

describe("names", () => {
  it.each(["", "   ", "\t\n", " padded", "tab\tinside", "bi\u202Edi"])("group name %j is refused", async (name) => {
    const owner = "owner-names";
    await call({ method: "PUT", url: `/v1/users/${owner}`, payload: { name: "Owner" } });
    await refused({ method: "POST", url: "/v1/groups", payload: { name, ownerUid: owner } }, "name");
    await refused({ method: "POST", url: "/v1/org/units", payload: { parentId: null, name } }, "name");
    await refused({ method: "PUT", url: "/v1/users/named-1", payload: { name } }, "name");
    expect(await count("groups")).toBe(0);
    expect(await count("org_units")).toBe(0);
    expect(await count("users WHERE id = 'named-1'")).toBe(0);
  });

  it("one name limit: 128 characters pass, 129 do not", async () => {
    await call({ method: "PUT", url: "/v1/users/owner-long", payload: { name: "Owner" } });
    const ok = await call({
      method: "POST",
      url: "/v1/groups",
      payload: { name: "n".repeat(128), ownerUid: "owner-long" },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    await refused(
      { method: "POST", url: "/v1/groups", payload: { name: "n".repeat(129), ownerUid: "owner-long" } },
      "name",
    );
    expect(await count("groups WHERE name LIKE 'nnn%'")).toBe(1);
  });
});

describe("extra", () => {
  it("an oversized or deeply nested extra is refused and the user is not created", async () => {
    await refused(
      { method: "PUT", url: "/v1/users/extra-1", payload: { extra: { blob: "x".repeat(MAX_EXTRA_BYTES) } } },
      "extra",
    );
    let deep: object = { v: 1 };
    for (let i = 0; i < 9; i++) deep = { d: deep };
    await refused({ method: "PUT", url: "/v1/users/extra-1", payload: { extra: deep } }, "extra");
    expect(await count("users WHERE id = 'extra-1'")).toBe(0);
    const ok = await call({ method: "PUT", url: "/v1/users/extra-1", payload: { extra: { blob: "x".repeat(1000) } } });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});

describe("numbers", () => {
  it.each(["0x10", "%2010", "10%20", "1e3", "%2B1", "010", "1.0"])("limit=%s is refused, not coerced", async (v) => {
    await refused({ method: "GET", url: `/v1/conversations/someone?limit=${v}` }, "limit");
    await refused({ method: "GET", url: `/v1/users?limit=${v}` }, "limit");
  });

  it.each(["0x10", "%2012", "1e3", "%2B1"])("msgId %s in a path is refused", async (v) => {
    await refused({ method: "GET", url: `/v1/messages/${v}/delivery` }, "msgId");
  });

  it("plain decimals still work", async () => {
    await call({ method: "PUT", url: "/v1/users/someone", payload: { name: "Someone" } });
    const res = await call({ method: "GET", url: "/v1/conversations/someone?limit=10" });
    expect(res.statusCode, res.body).toBe(200);
  });
});
