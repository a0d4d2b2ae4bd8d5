import { randomUUID } from "node:crypto";
import type { MemoryNodeRegistry, MemoryPresence } from "@im/cluster";
import type { Db } from "@im/db";
import type { Storage } from "@im/storage";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { describe, expect, it } from "vitest";
import { createBusinessLine, findApiKey } from "../business-keys.ts";
import { type GatewayFixture, goOnline, useGateway } from "../test-support.ts";
import { DEFAULT_LOGIN_BUDGETS } from "./login-throttle.ts";
import { createOperator } from "./operators.ts";
import { SESSION_COOKIE } from "./session-hook.ts";

let db: Db;
let storage: Storage;
let presence: MemoryPresence;
let registry: MemoryNodeRegistry;
let app: FastifyInstance;
let delivered: GatewayFixture["delivered"];
let kicks: GatewayFixture["kicks"];

const ADMIN = { username: "root", password: "correct horse battery" };
const VIEWER = { username: "watcher", password: "just looking around" };

interface Signed {
  cookie: string;
  csrfToken: string;
}

function cookieOf(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error("no session cookie");
  return cookie.value;
}

async function login(credentials: { username: string; password: string }): Promise<Signed> {
  const res = await app.inject({ method: "POST", url: "/admin/login", payload: credentials });
  expect(res.statusCode).toBe(200);
  return { cookie: cookieOf(res), csrfToken: res.json().csrfToken };
}

/** A console request: the session cookie, and the CSRF header unless `csrf` says otherwise. */
function call(as: Signed, opts: InjectOptions, csrf: string | null = as.csrfToken) {
  return app.inject({
    ...opts,
    cookies: { [SESSION_COOKIE]: as.cookie },
    headers: { ...(csrf === null ? {} : { "x-csrf-token": csrf }), ...opts.headers },
  });
}

async function user(name: string): Promise<string> {
  const uid = `${name}-${randomUUID().slice(0, 8)}`;
  await db.pool.query("INSERT INTO users (id, name) VALUES ($1, $2)", [uid, name]);
  return uid;
}

useGateway(async (gateway) => {
  ({ db, storage, presence, registry, app, delivered, kicks } = gateway);
  await createOperator(db.pool, { ...ADMIN, role: "admin" });
  await createOperator(db.pool, { ...VIEWER, role: "viewer" });
  await createBusinessLine(db, { id: "shop", name: "Shop" });
});

describe("sign-in", () => {
  it("signs in with an HttpOnly, SameSite=Strict cookie and stores only hashes", async () => {
    const res = await app.inject({ method: "POST", url: "/admin/login", payload: ADMIN });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.operator).toMatchObject({ username: "root", role: "admin" });
    expect(body.csrfToken).toEqual(expect.any(String));
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/admin" });
    const { rows } = await db.pool.query("SELECT id FROM operator_sessions");
    expect(rows.map((r) => r.id)).not.toContain(cookie?.value);
    const { rows: ops } = await db.pool.query("SELECT password_hash FROM operators WHERE username = 'root'");
    expect(ops[0].password_hash).toMatch(/^\$argon2id\$/);

    const me = await call(
      { cookie: cookie?.value ?? "", csrfToken: body.csrfToken },
      { method: "GET", url: "/admin/me" },
    );
    expect(me.json()).toMatchObject({ operator: { username: "root" }, csrfToken: body.csrfToken });
  });

  it("answers a wrong password and an unknown user alike", async () => {
    const wrong = await app.inject({ method: "POST", url: "/admin/login", payload: { ...ADMIN, password: "nope" } });
    const unknown = await app.inject({ method: "POST", url: "/admin/login", payload: { ...ADMIN, username: "ghost" } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.cookies).toEqual([]);
  });

  it("refuses further tries after repeated wrong passwords, even the right one", async () => {
    const guessed = { username: "guessed", password: "the real password" };
    await createOperator(db.pool, { ...guessed, role: "admin" });
    for (let i = 0; i < DEFAULT_LOGIN_BUDGETS.perPair; i++) {
      const res = await app.inject({
        method: "POST",
        url: "/admin/login",
        payload: { ...guessed, password: `guess ${i}` },
      });
      expect(res.statusCode).toBe(401);
    }
    const locked = await app.inject({ method: "POST", url: "/admin/login", payload: guessed });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("requires a session everywhere else", async () => {
    for (const url of ["/admin/me", "/admin/nodes", "/admin/stats", "/admin/users", "/admin/audit"]) {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.code).toBe("NOT_AUTHENTICATED");
    }
    const forged = await app.inject({ method: "GET", url: "/admin/me", cookies: { [SESSION_COOKIE]: "forged" } });
    expect(forged.statusCode).toBe(401);
  });

  it("ends the session on logout", async () => {
    const s = await login(ADMIN);
    expect((await call(s, { method: "POST", url: "/admin/logout" })).statusCode).toBe(200);
    expect((await call(s, { method: "GET", url: "/admin/me" })).statusCode).toBe(401);
  });

  it("shuts a disabled operator out, session and sign-in alike", async () => {
    const gone = { username: "leaver", password: "soon to be disabled" };
    await createOperator(db.pool, { ...gone, role: "admin" });
    const s = await login(gone);
    await db.pool.query("UPDATE operators SET disabled_at = now() WHERE username = 'leaver'");
    expect((await call(s, { method: "GET", url: "/admin/me" })).statusCode).toBe(401);
    expect((await app.inject({ method: "POST", url: "/admin/login", payload: gone })).statusCode).toBe(401);
  });

  it("rejects an expired session", async () => {
    const s = await login(ADMIN);
    await db.pool.query("UPDATE operator_sessions SET expires_at = now() - interval '1 second'");
    expect((await call(s, { method: "GET", url: "/admin/me" })).statusCode).toBe(401);
  });
});

describe("writes", () => {
  it("rejects a missing or wrong CSRF token and does nothing", async () => {
    const s = await login(ADMIN);
    const u = await user("ann");
    for (const csrf of [null, "wrong", `${s.csrfToken}x`]) {
      const res = await call(s, { method: "POST", url: `/admin/users/${u}/kickout`, payload: { reason: "x" } }, csrf);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.message).toContain("CSRF_REJECTED");
    }
    expect(kicks).toEqual([]);
    const { rows } = await db.pool.query("SELECT 1 FROM audit_log WHERE target = $1", [u]);
    expect(rows).toEqual([]);
  });

  it("lets a viewer read but not kick", async () => {
    const s = await login(VIEWER);
    const u = await user("ben");
    expect((await call(s, { method: "GET", url: "/admin/users" })).statusCode).toBe(200);
    const res = await call(s, { method: "POST", url: `/admin/users/${u}/kickout`, payload: { reason: "x" } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("FORBIDDEN");
    expect(kicks).toEqual([]);
  });

  it("kicks as an admin and records it in the audit log", async () => {
    const s = await login(ADMIN);
    const u = await user("carl");
    await goOnline(presence, u, 2, ["tablet-1", "tablet-2"]);
    await goOnline(presence, u, 1, ["phone"]);
    const res = await call(s, {
      method: "POST",
      url: `/admin/users/${u}/kickout`,
      payload: { deviceType: 2, reason: "spam" },
    });
    // Both sessions of the device type, not the phone: the count is the kick's own answer.
    expect(res.json()).toEqual({ kicked: 2 });
    expect(kicks).toEqual([{ uid: u, deviceType: 2, reason: "spam" }]);
    expect((await presence.routes(u)).map((r) => r.deviceId)).toEqual(["phone"]);
    const audit = (await call(s, { method: "GET", url: "/admin/audit?limit=5" })).json();
    expect(audit.entries[0]).toMatchObject({
      username: "root",
      action: "user.kickout",
      target: u,
      detail: { deviceType: 2, reason: "spam", intent: true },
    });
    const older = (await call(s, { method: "GET", url: `/admin/audit?limit=5&before=${audit.entries[0].id}` })).json();
    expect(older.entries.every((e: { id: number }) => e.id < audit.entries[0].id)).toBe(true);
    expect(older.entries.map((e: { action: string }) => e.action)).toContain("login");
  });

  it("stores and delivers a system message, then finds it by text and by sender", async () => {
    const s = await login(ADMIN);
    const [a, b] = [await user("dora"), await user("emil")];
    const unknownLine = await call(s, {
      method: "POST",
      url: "/admin/messages/system",
      payload: { toUids: [a], content: "x", businessId: "nope" },
    });
    expect(unknownLine.statusCode).toBe(404);
    const res = await call(s, {
      method: "POST",
      url: "/admin/messages/system",
      payload: { toUids: [a, b], content: "Maintenance 100% tonight", businessId: "shop" },
    });
    expect(res.statusCode).toBe(200);
    const { msgId } = res.json();
    expect(delivered.flat().map((w) => w.ownerUid)).toEqual([a, b]);

    const byText = (await call(s, { method: "GET", url: "/admin/messages?text=100%25%20TONIGHT" })).json();
    expect(byText.messages).toMatchObject([
      { msgId, senderId: "shop", convType: 3, content: "Maintenance 100% tonight" },
    ]);
    expect((await call(s, { method: "GET", url: "/admin/messages?text=200%25" })).json().messages).toEqual([]);
    const bySender = (await call(s, { method: "GET", url: "/admin/messages?uid=shop&convType=3&convId=shop" })).json();
    expect(bySender.messages.map((m: { msgId: number }) => m.msgId)).toContain(msgId);
    const half = await call(s, { method: "GET", url: "/admin/messages?convType=2" });
    expect(half.statusCode).toBe(400);
    const later = (
      await call(s, { method: "GET", url: `/admin/messages?uid=shop&from=${Date.now() + 60_000}` })
    ).json();
    expect(later.messages).toEqual([]);
  });

  it("creates a business line and a key shown once, never exposing hashes", async () => {
    const s = await login(ADMIN);
    const line = await call(s, { method: "POST", url: "/admin/business-lines", payload: { id: "crm", name: "CRM" } });
    expect(line.statusCode).toBe(201);
    const issued = await call(s, {
      method: "POST",
      url: "/admin/business-lines/crm/keys",
      payload: { scopes: ["messages"], rateLimit: 10 },
    });
    expect(issued.statusCode).toBe(201);
    const { keyId, key } = issued.json();
    expect(await findApiKey(db, key)).toMatchObject({ keyId, businessId: "crm", scopes: ["messages"] });

    const list = await call(s, { method: "GET", url: "/admin/business-lines" });
    const { rows } = await db.pool.query("SELECT key_hash FROM api_keys WHERE id = $1", [keyId]);
    expect(list.body).not.toContain(rows[0].key_hash);
    expect(list.body).not.toContain(key);
    const crm = list.json().businessLines.find((b: { id: string }) => b.id === "crm");
    expect(crm.keys).toMatchObject([{ keyId, scopes: ["messages"], rateLimit: 10, revokedAt: null }]);

    expect((await call(s, { method: "POST", url: `/admin/keys/${keyId}/revoke` })).json()).toEqual({ revoked: true });
    expect(await findApiKey(db, key)).toBeUndefined();
    const audit = (await call(s, { method: "GET", url: "/admin/audit?limit=3" })).json();
    expect(audit.entries.map((e: { action: string }) => e.action)).toEqual([
      "api-key.revoke",
      "api-key.create",
      "business-line.create",
    ]);
    expect(JSON.stringify(audit)).not.toContain(key);
  });

  it("manages a group's name, members and mute, each audited; a viewer cannot", async () => {
    const s = await login(ADMIN);
    const [o, m, n] = [await user("gus"), await user("hana"), await user("ivo")];
    const group = await storage.groups.create({ name: "ops", ownerUid: o, memberUids: [m] });
    const renamed = await call(s, { method: "PATCH", url: `/admin/groups/${group.id}`, payload: { name: "ops-2" } });
    expect(renamed.json()).toMatchObject({ name: "ops-2" });
    const members = await call(s, {
      method: "POST",
      url: `/admin/groups/${group.id}/members`,
      payload: { add: [n], remove: [m] },
    });
    expect(members.json()).toEqual({ added: [n], removed: [m] });
    expect((await storage.groups.members(group.id)).map((x) => x.uid).sort()).toEqual([o, n].sort());
    expect(
      (await call(s, { method: "PUT", url: `/admin/groups/${group.id}/mute`, payload: { muted: true } })).json(),
    ).toEqual({
      mutedAll: true,
    });
    expect((await storage.groups.get(group.id)).mutedAll).toBe(true);
    const audit = (await call(s, { method: "GET", url: "/admin/audit?limit=10" })).json();
    const actions = audit.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["group.update", "group.members", "group.mute"]));
    const viewer = await login(VIEWER);
    const denied = await call(viewer, { method: "PATCH", url: `/admin/groups/${group.id}`, payload: { name: "mine" } });
    expect(denied.statusCode).toBe(403);
    expect((await storage.groups.get(group.id)).name).toBe("ops-2");
  });

  it("dismisses a group", async () => {
    const s = await login(ADMIN);
    const [o, m] = [await user("olga"), await user("max")];
    const group = await storage.groups.create({ name: "team", ownerUid: o, memberUids: [m] });
    const got = (await call(s, { method: "GET", url: `/admin/groups/${group.id}` })).json();
    expect(got.members.map((x: { uid: string }) => x.uid)).toEqual([o, m]);
    const listed = (await call(s, { method: "GET", url: "/admin/groups?limit=500" })).json();
    expect(listed.groups.find((g: { id: string }) => g.id === group.id)).toMatchObject({ members: 2 });
    const res = await call(s, { method: "POST", url: `/admin/groups/${group.id}/dismiss` });
    expect(res.json()).toEqual({ dismissed: true });
    expect((await call(s, { method: "GET", url: `/admin/groups/${group.id}` })).statusCode).toBe(404);
  });
});

describe("dashboards", () => {
  it("reports nodes, stats, users with online state and their sessions", async () => {
    const s = await login(VIEWER);
    const before = (await call(s, { method: "GET", url: "/admin/stats" })).json();
    const u = await user("fay");
    const sent = await call(await login(ADMIN), {
      method: "POST",
      url: "/admin/messages/system",
      payload: { toUids: [u], content: "counted", businessId: "shop" },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    await presence.add({
      uid: u,
      deviceType: 1,
      deviceId: "phone",
      nodeId: "n1",
      connId: "c1",
      loginSeq: 1,
      loginAt: 1,
      lastActiveAt: 2,
    });
    await registry.announce(
      { nodeId: "n1", tcp: "h:1", ws: "ws://h:2", connections: 1, cpu: 0, draining: false, startedAt: 0, updatedAt: 0 },
      60_000,
    );
    expect((await call(s, { method: "GET", url: "/admin/nodes" })).json().nodes).toMatchObject([{ nodeId: "n1" }]);
    const stats = (await call(s, { method: "GET", url: "/admin/stats" })).json();
    // One more of each since the first reading, so zeros (or a stale figure) cannot pass.
    expect(stats).toEqual({
      online: before.online + 1,
      nodes: 1,
      users: before.users + 1,
      messagesLastMinute: before.messagesLastMinute + 1,
      messagesLastHour: before.messagesLastHour + 1,
    });
    const users = (await call(s, { method: "GET", url: `/admin/users?q=${u}` })).json();
    expect(users.users).toMatchObject([{ uid: u, online: true }]);
    const sessions = (await call(s, { method: "GET", url: `/admin/users/${u}/sessions` })).json();
    expect(sessions.sessions).toMatchObject([{ deviceId: "phone", nodeId: "n1" }]);
  });

  it("lists the /admin routes in the OpenAPI document", async () => {
    const doc = (await app.inject({ method: "GET", url: "/openapi.json" })).json();
    const listed = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    for (const e of [
      "POST /admin/login",
      "POST /admin/logout",
      "GET /admin/me",
      "GET /admin/nodes",
      "GET /admin/stats",
      "GET /admin/users",
      "GET /admin/users/{uid}/sessions",
      "GET /admin/groups",
      "GET /admin/groups/{id}",
      "GET /admin/messages",
      "GET /admin/business-lines",
      "GET /admin/audit",
      "POST /admin/users/{uid}/kickout",
      "POST /admin/messages/system",
      "POST /admin/groups/{id}/dismiss",
      "PATCH /admin/groups/{id}",
      "POST /admin/groups/{id}/members",
      "PUT /admin/groups/{id}/mute",
      "POST /admin/business-lines",
      "POST /admin/business-lines/{id}/keys",
      "POST /admin/keys/{keyId}/revoke",
    ])
      expect(listed).toContain(e);
    expect(doc.paths["/admin/login"].post.tags).toEqual(["admin"]);
  });
});
