import { GroupRole } from "@im/core";
import type { Db } from "@im/db";
import type { Storage } from "@im/storage";
import type { FastifyInstance, InjectOptions } from "fastify";
import { describe, expect, it } from "vitest";
import { createApiKey, createBusinessLine } from "./business-keys.ts";
import {
  createUser,
  expectFieldNamed,
  expectKeyRequired,
  expectNotFound,
  expectRateLimited,
  injectWithKey,
  type RouteCase,
  uniqueId,
  useGateway,
} from "./test-support.ts";

let db: Db;
let storage: Storage;
let app: FastifyInstance;
let key: string;

const call = (opts: InjectOptions, apiKey: string | null = key) => injectWithKey(app, opts, apiKey);
const user = (name: string) => createUser(call, name);

async function ok(opts: InjectOptions, status = 200) {
  const res = await call(opts);
  expect(res.statusCode, `${opts.method} ${opts.url}: ${res.body}`).toBe(status);
  return res.json();
}

async function refused(opts: InjectOptions, status: number, code: string) {
  const res = await call(opts);
  expect(res.statusCode, `${opts.method} ${opts.url}: ${res.body}`).toBe(status);
  expect(res.json().error.code).toBe(code);
  return res.json().error as { code: string; message: string; field?: string };
}

/** One request per route added here, with a valid shape, and one with a bad field. */
function routes(u: string) {
  return [
    {
      method: "PATCH",
      url: "/v1/groups/nope",
      payload: { name: "n" },
      bad: { announcement: 7 },
      field: "announcement",
    },
    { method: "POST", url: "/v1/groups/nope/owner", payload: { uid: u }, bad: { uid: "" }, field: "uid" },
    {
      method: "PUT",
      url: `/v1/groups/nope/members/${u}/role`,
      payload: { role: "admin" },
      bad: { role: "owner" },
      field: "role",
    },
    {
      method: "PUT",
      url: `/v1/groups/nope/members/${u}/mute`,
      payload: { until: null },
      bad: { until: -1 },
      field: "until",
    },
    { method: "PUT", url: "/v1/groups/nope/mute", payload: { muted: true }, bad: { muted: "yes" }, field: "muted" },
    // No bad groupId reaches validation: the router answers 414 to one over 100 characters.
    { method: "GET", url: "/v1/groups/nope/members" },
    { method: "GET", url: `/v1/users/${u}/groups`, badUrl: "/v1/users/a%01b/groups", field: "uid" },
    {
      method: "POST",
      url: "/v1/org/units",
      payload: { parentId: "nope", name: "x" },
      bad: { parentId: null },
      field: "name",
    },
    {
      method: "PATCH",
      url: "/v1/org/units/nope",
      payload: { name: "x" },
      bad: { parentId: "a/b" },
      field: "parentId",
    },
    { method: "DELETE", url: "/v1/org/units/nope", badUrl: "/v1/org/units/a%2Fb", field: "id" },
    { method: "GET", url: "/v1/org/tree", badUrl: "/v1/org/tree?rootId=", field: "rootId" },
    {
      method: "PUT",
      url: `/v1/org/units/nope/members/${u}`,
      payload: { title: "cto" },
      bad: { sort: 1.5 },
      field: "sort",
    },
    {
      method: "DELETE",
      url: `/v1/org/units/nope/members/${u}`,
      badUrl: "/v1/org/units/nope/members/a%01b",
      field: "uid",
    },
    {
      method: "GET",
      url: "/v1/org/units/nope/members?recursive=true",
      badUrl: "/v1/org/units/nope/members?recursive=yes",
      field: "recursive",
    },
  ] as const satisfies readonly RouteCase[];
}

useGateway(async (gateway) => {
  ({ db, storage, app } = gateway);
  await createBusinessLine(db, { id: "shop", name: "Shop" });
  key = (await createApiKey(db, "shop", { rateLimit: 1000 })).key;
});

describe("group and org routes", () => {
  it("answer 401 without a key and with an unknown key", async () => {
    await expectKeyRequired(call, routes("u1"), [null, `imk_0123456789abcdef_${"A".repeat(43)}`]);
  });

  it("answer 400 naming the field for invalid input", async () => {
    await expectFieldNamed(call, routes("u1"));
  });

  it("answer 400 for an update that changes nothing, and for text the database cannot store", async () => {
    expect((await refused({ method: "PATCH", url: "/v1/groups/g", payload: {} }, 400, "INVALID_ARGUMENT")).field).toBe(
      "body",
    );
    expect(
      (await refused({ method: "PATCH", url: "/v1/org/units/u", payload: {} }, 400, "INVALID_ARGUMENT")).field,
    ).toBe("body");
    const nul = await refused(
      { method: "PATCH", url: "/v1/groups/g", payload: { name: "a\u0000b" } },
      400,
      "INVALID_ARGUMENT",
    );
    expect(nul.field).toBe("name");
  });

  it("answer 429 with Retry-After beyond the key's rate limit", async () => {
    await expectRateLimited(call, routes("u1"), async () => (await createApiKey(db, "shop", { rateLimit: 1 })).key);
  });

  it("answer 404 for unknown groups, members, users and units", async () => {
    const ghost = uniqueId("ghost");
    const owner = await user("owner");
    const g = await ok({ method: "POST", url: "/v1/groups", payload: { name: "g", ownerUid: owner } }, 201);
    const cases: InjectOptions[] = [
      ...routes(owner).map((r) => ({
        method: r.method,
        url: r.url,
        ...("payload" in r ? { payload: r.payload } : {}),
      })),
      { method: "GET", url: `/v1/users/${ghost}/groups` },
      { method: "PUT", url: `/v1/groups/${g.id}/members/${ghost}/role`, payload: { role: "admin" } },
      { method: "PUT", url: `/v1/groups/${g.id}/members/${ghost}/mute`, payload: { until: 1 } },
      { method: "GET", url: "/v1/org/tree?rootId=nope" },
    ].filter((c) => c.url !== "/v1/org/tree" && c.url !== `/v1/users/${owner}/groups`);
    await expectNotFound(call, cases);
  });

  it("need the groups scope for groups and the users scope for the org tree", async () => {
    const groupsOnly = (await createApiKey(db, "shop", { scopes: ["groups"] })).key;
    const usersOnly = (await createApiKey(db, "shop", { scopes: ["users"] })).key;
    const org = { method: "GET", url: "/v1/org/tree" } as const;
    const group = { method: "GET", url: "/v1/groups/nope/members" } as const;
    expect((await call(org, groupsOnly)).statusCode).toBe(403);
    expect((await call(group, groupsOnly)).statusCode).toBe(404);
    expect((await call(org, usersOnly)).statusCode).toBe(200);
    expect((await call(group, usersOnly)).statusCode).toBe(403);
  });

  it("are listed in the OpenAPI document", async () => {
    const doc = (await app.inject({ method: "GET", url: "/openapi.json" })).json();
    const listed = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    for (const e of [
      "PATCH /v1/groups/{groupId}",
      "POST /v1/groups/{groupId}/owner",
      "PUT /v1/groups/{groupId}/members/{uid}/role",
      "PUT /v1/groups/{groupId}/members/{uid}/mute",
      "PUT /v1/groups/{groupId}/mute",
      "GET /v1/groups/{groupId}/members",
      "GET /v1/users/{uid}/groups",
      "POST /v1/org/units",
      "PATCH /v1/org/units/{id}",
      "DELETE /v1/org/units/{id}",
      "GET /v1/org/tree",
      "PUT /v1/org/units/{id}/members/{uid}",
      "DELETE /v1/org/units/{id}/members/{uid}",
      "GET /v1/org/units/{id}/members",
    ])
      expect(listed).toContain(e);
  });
});

describe("a group's life over REST", () => {
  it("is created, renamed, grown, administered, muted, handed over and dismissed", async () => {
    const [owner, ann, ben, stranger] = [await user("owner"), await user("ann"), await user("ben"), await user("x")];
    const g = await ok(
      { method: "POST", url: "/v1/groups", payload: { name: "team", ownerUid: owner, memberUids: [ann] } },
      201,
    );

    const renamed = await ok({
      method: "PATCH",
      url: `/v1/groups/${g.id}`,
      payload: { name: "crew", announcement: "standup at 10" },
    });
    expect(renamed).toMatchObject({ id: g.id, name: "crew", announcement: "standup at 10", ownerUid: owner });
    expect(await storage.groups.get(g.id)).toMatchObject({ name: "crew", announcement: "standup at 10" });

    expect(await ok({ method: "POST", url: `/v1/groups/${g.id}/members`, payload: { uids: [ben] } })).toEqual({
      added: [ben],
    });
    expect(
      await ok({ method: "PUT", url: `/v1/groups/${g.id}/members/${ann}/role`, payload: { role: "admin" } }),
    ).toEqual({ uid: ann, role: "admin" });

    const until = Date.now() + 3_600_000;
    expect(await ok({ method: "PUT", url: `/v1/groups/${g.id}/members/${ben}/mute`, payload: { until } })).toEqual({
      uid: ben,
      mutedUntil: until,
    });
    expect(await ok({ method: "PUT", url: `/v1/groups/${g.id}/mute`, payload: { muted: true } })).toEqual({
      mutedAll: true,
    });
    expect((await storage.groups.get(g.id)).mutedAll).toBe(true);

    const listed = await ok({ method: "GET", url: `/v1/groups/${g.id}/members` });
    expect(
      listed.members.map((m: { uid: string; role: number; mutedUntil: number | null }) => [
        m.uid,
        m.role,
        m.mutedUntil,
      ]),
    ).toEqual([
      [owner, GroupRole.OWNER, null],
      [ann, GroupRole.ADMIN, null],
      [ben, GroupRole.MEMBER, until],
    ]);

    // The owner's role moves only by transfer, and only to a member.
    await refused(
      { method: "PUT", url: `/v1/groups/${g.id}/members/${owner}/role`, payload: { role: "member" } },
      409,
      "CONFLICT",
    );
    await refused({ method: "POST", url: `/v1/groups/${g.id}/owner`, payload: { uid: stranger } }, 409, "CONFLICT");

    const handed = await ok({ method: "POST", url: `/v1/groups/${g.id}/owner`, payload: { uid: ann } });
    expect(handed.ownerUid).toBe(ann);
    const roles = new Map((await storage.groups.members(g.id)).map((m) => [m.uid, m.role]));
    expect(roles).toEqual(
      new Map([
        [ann, GroupRole.OWNER],
        [owner, GroupRole.ADMIN],
        [ben, GroupRole.MEMBER],
      ]),
    );

    expect(
      await ok({ method: "PUT", url: `/v1/groups/${g.id}/members/${ben}/mute`, payload: { until: null } }),
    ).toEqual({ uid: ben, mutedUntil: null });
    expect((await storage.groups.members(g.id)).find((m) => m.uid === ben)?.mutedUntil).toBeNull();

    const mine = await ok({ method: "GET", url: `/v1/users/${ben}/groups` });
    expect(mine.groups.map((x: { id: string }) => x.id)).toEqual([g.id]);
    expect(await ok({ method: "GET", url: `/v1/users/${stranger}/groups` })).toEqual({ groups: [] });

    expect(await ok({ method: "DELETE", url: `/v1/groups/${g.id}` })).toEqual({ dismissed: true });
    await refused({ method: "GET", url: `/v1/groups/${g.id}/members` }, 404, "NOT_FOUND");
    await refused({ method: "PATCH", url: `/v1/groups/${g.id}`, payload: { name: "late" } }, 404, "NOT_FOUND");
    expect(await ok({ method: "GET", url: `/v1/users/${ben}/groups` })).toEqual({ groups: [] });
    expect(await storage.groups.isMember(g.id, ben)).toBe(false);
  });
});

describe("the organisation tree over REST", () => {
  it("is built, reshaped without cycles, listed with members, and keeps units that are not empty", async () => {
    const p = uniqueId("t");
    const unit = (id: string, parentId: string | null, name: string, sort?: number) =>
      ok(
        {
          method: "POST",
          url: "/v1/org/units",
          payload: {
            id: `${p}-${id}`,
            parentId: parentId && `${p}-${parentId}`,
            name,
            ...(sort === undefined ? {} : { sort }),
          },
        },
        201,
      );
    const co = await unit("co", null, "Company");
    expect(co).toEqual({ id: `${p}-co`, parentId: null, name: "Company", sort: 0, path: [`${p}-co`], depth: 0 });
    await unit("eng", "co", "Engineering", 1);
    await unit("sales", "co", "Sales", 2);
    const backend = await unit("backend", "eng", "Backend");
    expect(backend.depth).toBe(2);
    await refused(
      { method: "POST", url: "/v1/org/units", payload: { id: `${p}-eng`, parentId: null, name: "again" } },
      409,
      "CONFLICT",
    );

    const [ann, ben, cat] = ["ann", "ben", "cat"].map(uniqueId) as [string, string, string];
    const member = (unitId: string, who: string, body: object) =>
      ok({ method: "PUT", url: `/v1/org/units/${p}-${unitId}/members/${who}`, payload: body });
    expect(await member("co", ann, { title: "CEO" })).toEqual({ unitId: `${p}-co`, uid: ann, title: "CEO", sort: 0 });
    await member("backend", ben, { title: "engineer", sort: 2 });
    await member("backend", cat, { sort: 1 });
    expect(await member("backend", cat, { title: "lead" })).toEqual({
      unitId: `${p}-backend`,
      uid: cat,
      title: "lead",
      sort: 1,
    });

    // Backend moves to Sales, with a new name.
    const moved = await ok({
      method: "PATCH",
      url: `/v1/org/units/${p}-backend`,
      payload: { parentId: `${p}-sales`, name: "Sales engineering" },
    });
    expect(moved).toMatchObject({
      parentId: `${p}-sales`,
      name: "Sales engineering",
      path: [`${p}-co`, `${p}-sales`, `${p}-backend`],
      depth: 2,
    });

    // Sales under its own child, or under itself, would close a cycle.
    await refused(
      { method: "PATCH", url: `/v1/org/units/${p}-sales`, payload: { parentId: `${p}-backend` } },
      409,
      "CONFLICT",
    );
    await refused(
      { method: "PATCH", url: `/v1/org/units/${p}-sales`, payload: { parentId: `${p}-sales` } },
      409,
      "CONFLICT",
    );
    // Re-sorting alone keeps the parent: Sales now comes before Engineering.
    expect(await ok({ method: "PATCH", url: `/v1/org/units/${p}-sales`, payload: { sort: 0 } })).toMatchObject({
      parentId: `${p}-co`,
      sort: 0,
    });

    const tree = await ok({ method: "GET", url: `/v1/org/tree?rootId=${p}-co` });
    expect(tree.units.map((u: { id: string; depth: number }) => [u.id.slice(p.length + 1), u.depth])).toEqual([
      ["co", 0],
      ["sales", 1],
      ["backend", 2],
      ["eng", 1],
    ]);
    const stored = await storage.org.tree(`${p}-sales`);
    expect(stored.map((u) => u.id)).toEqual([`${p}-sales`, `${p}-backend`]);
    const whole = await ok({ method: "GET", url: "/v1/org/tree" });
    expect(whole.units.map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining([`${p}-co`, `${p}-eng`]));

    const direct = await ok({ method: "GET", url: `/v1/org/units/${p}-co/members` });
    expect(direct.members.map((m: { uid: string }) => m.uid)).toEqual([ann]);
    const all = await ok({ method: "GET", url: `/v1/org/units/${p}-co/members?recursive=true` });
    expect(all.members.map((m: { unitId: string; uid: string }) => [m.unitId.slice(p.length + 1), m.uid])).toEqual([
      ["co", ann],
      ["backend", cat],
      ["backend", ben],
    ]);

    // Nobody is dropped from the directory by deleting a unit.
    await refused({ method: "DELETE", url: `/v1/org/units/${p}-sales` }, 409, "CONFLICT");
    await refused({ method: "DELETE", url: `/v1/org/units/${p}-backend` }, 409, "CONFLICT");
    for (const who of [ben, cat])
      expect(await ok({ method: "DELETE", url: `/v1/org/units/${p}-backend/members/${who}` })).toEqual({
        removed: true,
      });
    expect(await ok({ method: "DELETE", url: `/v1/org/units/${p}-backend/members/${ben}` })).toEqual({
      removed: false,
    });
    expect(await ok({ method: "DELETE", url: `/v1/org/units/${p}-backend` })).toEqual({ deleted: true });
    expect(await ok({ method: "DELETE", url: `/v1/org/units/${p}-sales` })).toEqual({ deleted: true });
    expect((await storage.org.tree(`${p}-co`)).map((u) => u.id)).toEqual([`${p}-co`, `${p}-eng`]);
    await refused({ method: "GET", url: `/v1/org/units/${p}-backend/members` }, 404, "NOT_FOUND");
  });
});
