import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, createBusinessLine, SCOPES } from "./business-keys.ts";
import { type GatewayFixture, startGateway } from "./test-support.ts";

let f: GatewayFixture;
let keyA: string;
let keyB: string;
let keyBAllScopes: string;
let keyBCross: string;

beforeAll(async () => {
  f = await startGateway();
  await createBusinessLine(f.db, { id: "line-a", name: "A" });
  await createBusinessLine(f.db, { id: "line-b", name: "B" });
  keyA = (await createApiKey(f.db, "line-a")).key;
  // No scopes listed means every scope except cross-line, which is never implied.
  keyB = (await createApiKey(f.db, "line-b")).key;
  keyBAllScopes = (await createApiKey(f.db, "line-b", { scopes: SCOPES.filter((s) => s !== "cross-line") })).key;
  keyBCross = (await createApiKey(f.db, "line-b", { scopes: [...SCOPES] })).key;
});
afterAll(async () => {
  await f?.stop();
});

function as(key: string, opts: InjectOptions) {
  return f.app.inject({ ...opts, headers: { authorization: `Bearer ${key}`, ...opts.headers } });
}

async function ownerOf(uid: string): Promise<string | null> {
  const { rows } = await f.db.pool.query("SELECT business_line_id FROM users WHERE id = $1", [uid]);
  return rows[0]?.business_line_id ?? null;
}

describe("a business line's users", () => {
  const uid = "iso-alice";

  beforeAll(async () => {
    const created = await as(keyA, { method: "PUT", url: `/v1/users/${uid}`, payload: { name: "Alice" } });
    expect(created.statusCode).toBe(201);
    expect(await ownerOf(uid)).toBe("line-a");
  });

  // One entry per rule: each route another line must not use on line A's user.
  const foreign: { name: string; req: InjectOptions; unchanged?: () => Promise<void> }[] = [
    { name: "read the profile", req: { method: "GET", url: `/v1/users/${uid}` } },
    {
      name: "change the profile",
      req: { method: "PUT", url: `/v1/users/${uid}`, payload: { name: "Mallory" } },
      unchanged: async () => {
        const { rows } = await f.db.pool.query("SELECT name FROM users WHERE id = $1", [uid]);
        expect(rows[0].name).toBe("Alice");
      },
    },
    {
      name: "kick",
      req: { method: "POST", url: `/v1/users/${uid}/kickout`, payload: { reason: "x" } },
      unchanged: async () => expect(f.kicks.filter((k) => k.uid === uid)).toEqual([]),
    },
    { name: "mint tokens", req: { method: "POST", url: "/v1/tokens", payload: { uid } } },
    {
      name: "ban",
      req: { method: "POST", url: `/v1/users/${uid}/ban`, payload: { reason: "x" } },
      unchanged: async () => {
        const { rows } = await f.db.pool.query("SELECT banned_at FROM users WHERE id = $1", [uid]);
        expect(rows[0].banned_at).toBeNull();
      },
    },
    { name: "unban", req: { method: "POST", url: `/v1/users/${uid}/unban` } },
    {
      name: "revoke tokens",
      req: { method: "POST", url: `/v1/users/${uid}/tokens/revoke`, payload: {} },
      unchanged: async () => {
        const { rows } = await f.db.pool.query("SELECT 1 FROM token_revocations WHERE uid = $1", [uid]);
        expect(rows).toEqual([]);
      },
    },
    { name: "list conversations", req: { method: "GET", url: `/v1/conversations/${uid}` } },
    { name: "read history", req: { method: "GET", url: `/v1/conversations/${uid}/1/iso-bob/messages` } },
    { name: "list groups", req: { method: "GET", url: `/v1/users/${uid}/groups` } },
    {
      name: "send messages",
      req: {
        method: "POST",
        url: "/v1/messages",
        payload: { toUids: [uid], contentType: 1, content: "hi", idempotencyKey: "iso-1" },
      },
      unchanged: async () => {
        const { rows } = await f.db.pool.query("SELECT 1 FROM messages WHERE sender_id = 'line-b'");
        expect(rows).toEqual([]);
      },
    },
  ];

  for (const rule of foreign) {
    it(`another line cannot ${rule.name}, even with every ordinary scope`, async () => {
      for (const key of [keyB, keyBAllScopes]) {
        const res = await as(key, rule.req);
        expect(res.statusCode, `${rule.req.method} ${rule.req.url}`).toBe(403);
        expect(res.json().error.message).toMatch(/belongs to another business line/);
      }
      await rule.unchanged?.();
      expect(await ownerOf(uid)).toBe("line-a");
    });
  }

  it("the owning line can, and sees only its own users in the list", async () => {
    expect((await as(keyA, { method: "GET", url: `/v1/users/${uid}` })).statusCode).toBe(200);
    expect((await as(keyA, { method: "POST", url: "/v1/tokens", payload: { uid } })).statusCode).toBe(200);
    await as(keyB, { method: "PUT", url: "/v1/users/iso-bobby", payload: {} });
    const listA = (await as(keyA, { method: "GET", url: "/v1/users?limit=500" })).json();
    const listB = (await as(keyB, { method: "GET", url: "/v1/users?limit=500" })).json();
    expect(listA.users.map((u: { uid: string }) => u.uid)).toContain(uid);
    expect(listA.users.map((u: { uid: string }) => u.uid)).not.toContain("iso-bobby");
    expect(listB.users.map((u: { uid: string }) => u.uid)).toEqual(["iso-bobby"]);
  });

  it("a key with the explicit cross-line scope acts on any line's users", async () => {
    expect((await as(keyBCross, { method: "GET", url: `/v1/users/${uid}` })).statusCode).toBe(200);
    const list = (await as(keyBCross, { method: "GET", url: "/v1/users?limit=500" })).json();
    expect(list.users.map((u: { uid: string }) => u.uid)).toEqual(expect.arrayContaining([uid, "iso-bobby"]));
    expect(await ownerOf(uid)).toBe("line-a");
  });
});

describe("users no line has claimed yet", () => {
  it("cannot be read by anyone, and belong to the first line that acts on them", async () => {
    await f.db.pool.query("INSERT INTO users (id) VALUES ('iso-orphan')");
    expect((await as(keyA, { method: "GET", url: "/v1/users/iso-orphan" })).statusCode).toBe(403);
    expect(await ownerOf("iso-orphan")).toBeNull();
    expect((await as(keyB, { method: "POST", url: "/v1/tokens", payload: { uid: "iso-orphan" } })).statusCode).toBe(
      200,
    );
    expect(await ownerOf("iso-orphan")).toBe("line-b");
    expect((await as(keyA, { method: "POST", url: "/v1/tokens", payload: { uid: "iso-orphan" } })).statusCode).toBe(
      403,
    );
  });
});

describe("a business line's groups and org units", () => {
  let groupId: string;

  beforeAll(async () => {
    await as(keyA, { method: "PUT", url: "/v1/users/iso-gina", payload: {} });
    const group = await as(keyA, {
      method: "POST",
      url: "/v1/groups",
      payload: { name: "A's group", ownerUid: "iso-gina", memberUids: [] },
    });
    expect(group.statusCode).toBe(201);
    groupId = group.json().id;
    expect(
      (
        await as(keyA, {
          method: "POST",
          url: "/v1/org/units",
          payload: { id: "iso-unit-a", parentId: null, name: "A" },
        })
      ).statusCode,
    ).toBe(201);
  });

  it("another line can neither read nor change them; the owner and a cross-line key can", async () => {
    expect((await as(keyB, { method: "GET", url: `/v1/groups/${groupId}` })).statusCode).toBe(403);
    expect((await as(keyB, { method: "DELETE", url: `/v1/groups/${groupId}` })).statusCode).toBe(403);
    expect(
      (await as(keyB, { method: "PATCH", url: `/v1/groups/${groupId}`, payload: { name: "taken" } })).statusCode,
    ).toBe(403);
    const { rows } = await f.db.pool.query("SELECT name, dismissed_at FROM groups WHERE id = $1", [groupId]);
    expect(rows[0]).toEqual({ name: "A's group", dismissed_at: null });
    expect((await as(keyA, { method: "GET", url: `/v1/groups/${groupId}` })).statusCode).toBe(200);
    expect((await as(keyBCross, { method: "GET", url: `/v1/groups/${groupId}` })).statusCode).toBe(200);

    expect(
      (await as(keyB, { method: "PATCH", url: "/v1/org/units/iso-unit-a", payload: { name: "B" } })).statusCode,
    ).toBe(403);
    const under = await as(keyB, {
      method: "POST",
      url: "/v1/org/units",
      payload: { parentId: "iso-unit-a", name: "graft" },
    });
    expect(under.statusCode).toBe(403);
    expect(
      (await as(keyA, { method: "PATCH", url: "/v1/org/units/iso-unit-a", payload: { name: "A2" } })).statusCode,
    ).toBe(200);
  });

  it("the org tree shows a line its own units only", async () => {
    await as(keyB, { method: "POST", url: "/v1/org/units", payload: { id: "iso-unit-b", parentId: null, name: "B" } });
    const ids = async (key: string, query = "") =>
      (await as(key, { method: "GET", url: `/v1/org/tree${query}` })).json().units.map((u: { id: string }) => u.id);
    expect(await ids(keyA)).toContain("iso-unit-a");
    expect(await ids(keyA)).not.toContain("iso-unit-b");
    expect(await ids(keyB)).toEqual(["iso-unit-b"]);
    expect(await ids(keyBCross)).toEqual(expect.arrayContaining(["iso-unit-a", "iso-unit-b"]));
    expect((await as(keyB, { method: "GET", url: "/v1/org/tree?rootId=iso-unit-a" })).statusCode).toBe(403);
  });

  it("a line cannot put another line's users into its groups or units", async () => {
    await as(keyB, { method: "PUT", url: "/v1/users/iso-bea", payload: {} });
    const add = await as(keyA, {
      method: "POST",
      url: `/v1/groups/${groupId}/members`,
      payload: { uids: ["iso-bea"] },
    });
    expect(add.statusCode).toBe(403);
    const created = await as(keyA, {
      method: "POST",
      url: "/v1/groups",
      payload: { name: "with B's user", ownerUid: "iso-gina", memberUids: ["iso-bea"] },
    });
    expect(created.statusCode).toBe(403);
    const listed = await as(keyA, { method: "PUT", url: "/v1/org/units/iso-unit-a/members/iso-bea", payload: {} });
    expect(listed.statusCode).toBe(403);
    const { rows } = await f.db.pool.query(
      `SELECT (SELECT count(*) FROM group_members WHERE uid = 'iso-bea')::int AS g,
              (SELECT count(*) FROM org_members WHERE uid = 'iso-bea')::int AS o`,
    );
    expect(rows[0]).toEqual({ g: 0, o: 0 });
    const own = await as(keyA, {
      method: "POST",
      url: `/v1/groups/${groupId}/members`,
      payload: { uids: ["iso-gina"] },
    });
    expect(own.statusCode).toBe(200);
  });
});

describe("business-line writes", () => {
  it("are each audited with the line, the key and the route; reads are not", async () => {
    const { rows: before } = await f.db.pool.query("SELECT max(id)::int AS id FROM audit_log");
    const since = before[0].id ?? 0;
    await as(keyA, { method: "PUT", url: "/v1/users/iso-audit", payload: { name: "x" } });
    await as(keyA, { method: "GET", url: "/v1/users/iso-audit" });
    await as(keyA, { method: "POST", url: "/v1/users/iso-audit/kickout", payload: { reason: "x" } });
    await as(keyA, { method: "POST", url: "/v1/users/iso-audit/ban", payload: { reason: "x" } });
    await as(keyB, { method: "POST", url: "/v1/users/iso-audit/kickout", payload: { reason: "x" } }); // refused: no entry
    const { rows } = await f.db.pool.query(
      "SELECT action, target, business_line_id, key_id FROM audit_log WHERE id > $1 ORDER BY id",
      [since],
    );
    expect(rows.map((r) => [r.action, r.target, r.business_line_id])).toEqual([
      ["v1 PUT /v1/users/:uid", "iso-audit", "line-a"],
      ["v1 POST /v1/users/:uid/kickout", "iso-audit", "line-a"],
      ["user.ban", "iso-audit", "line-a"],
    ]);
    expect(rows.every((r) => keyA.includes(r.key_id))).toBe(true);
  });
});
