import type { LightMyRequestResponse } from "fastify";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOperator } from "./admin/operators.ts";
import { SESSION_COOKIE } from "./admin/session-hook.ts";
import { createApiKey, createBusinessLine } from "./business-keys.ts";
import { type GatewayFixture, goOnline, startGateway } from "./test-support.ts";

let f: GatewayFixture;
let key: string;
let usersOnlyKey: string;

beforeAll(async () => {
  f = await startGateway();
  await createBusinessLine(f.db, { id: "mod-line", name: "Moderation" });
  key = (await createApiKey(f.db, "mod-line")).key;
  usersOnlyKey = (await createApiKey(f.db, "mod-line", { scopes: ["users"] })).key;
  await createOperator(f.db.pool, { username: "mod-admin", password: "moderation admin pw", role: "admin" });
  await createOperator(f.db.pool, { username: "mod-viewer", password: "moderation viewer pw", role: "viewer" });
});
afterAll(async () => {
  await f?.stop();
});

async function newUser(uid: string): Promise<string> {
  await f.db.pool.query("INSERT INTO users (id) VALUES ($1)", [uid]);
  return uid;
}

function v1(url: string, payload: object = {}, apiKey = key) {
  return f.app.inject({ method: "POST", url, payload, headers: { authorization: `Bearer ${apiKey}` } });
}

async function state(uid: string) {
  const banned = await f.db.pool.query("SELECT banned_at FROM users WHERE id = $1", [uid]);
  const revoked = await f.db.pool.query(
    "SELECT device_type, revoked_before FROM token_revocations WHERE uid = $1 ORDER BY device_type",
    [uid],
  );
  return { bannedAt: banned.rows[0]?.banned_at ?? null, revocations: revoked.rows.map((r) => r.device_type) };
}

async function audit(target: string) {
  const { rows } = await f.db.pool.query(
    "SELECT action, operator_id, business_line_id, key_id FROM audit_log WHERE target = $1 ORDER BY id",
    [target],
  );
  return rows;
}

describe("POST /v1/tokens", () => {
  it("issues expiring tokens by default (7 days)", async () => {
    const res = await v1("/v1/tokens", { uid: "ttl-user" });
    expect(res.statusCode).toBe(200);
    const { exp = 0, iat = 0 } = decodeJwt(res.json().token);
    expect(exp - iat).toBe(7 * 24 * 3600);
    expect(res.json().expiresAt).toBe(exp * 1000);
  });
});

describe("/v1 ban, unban and token revocation", () => {
  it("bans and unbans, kicking live sessions and auditing each action with the key", async () => {
    const uid = await newUser("banned-bob");
    await goOnline(f.presence, uid, 1, ["phone"]);
    await goOnline(f.presence, uid, 4, ["web"]);
    const kicksBefore = f.kicks.length;
    const ban = await v1(`/v1/users/${uid}/ban`, { reason: "spam" });
    expect(ban.statusCode).toBe(200);
    expect(ban.json()).toMatchObject({ kicked: 2, bannedAt: expect.any(Number) });
    expect(f.kicks.slice(kicksBefore)).toEqual([{ uid, deviceType: undefined, reason: "banned: spam" }]);
    expect((await state(uid)).bannedAt).not.toBeNull();

    expect((await v1(`/v1/users/${uid}/unban`)).json()).toEqual({ banned: false });
    expect((await state(uid)).bannedAt).toBeNull();
    expect((await audit(uid)).map((r) => [r.action, r.business_line_id])).toEqual([
      ["user.ban", "mod-line"],
      ["user.unban", "mod-line"],
    ]);
  });

  it("revokes tokens per device type or for all, and kicks those sessions", async () => {
    const uid = await newUser("revoked-ria");
    const kicksBefore = f.kicks.length;
    expect((await v1(`/v1/users/${uid}/tokens/revoke`, { deviceType: 2 })).statusCode).toBe(200);
    expect((await v1(`/v1/users/${uid}/tokens/revoke`)).statusCode).toBe(200);
    expect((await state(uid)).revocations).toEqual([0, 2]);
    expect(f.kicks.slice(kicksBefore).map((k) => k.deviceType)).toEqual([2, undefined]);
    expect((await audit(uid)).map((r) => r.action)).toEqual(["user.tokens.revoke", "user.tokens.revoke"]);
  });

  it("revokes the tokens of one device and kicks only that device's sessions, audited with the device id", async () => {
    const uid = await newUser("device-dee");
    const kicksBefore = f.kicks.length;
    const res = await v1(`/v1/users/${uid}/tokens/revoke`, { deviceId: "dee-phone" });
    expect(res.statusCode).toBe(200);
    const { rows } = await f.db.pool.query("SELECT device_type, device_id FROM token_revocations WHERE uid = $1", [
      uid,
    ]);
    expect(rows).toEqual([{ device_type: 0, device_id: "dee-phone" }]);
    expect(f.kicks.slice(kicksBefore)).toEqual([
      { uid, deviceType: undefined, reason: "login token revoked", deviceId: "dee-phone", kickReason: 3 },
    ]);
    const { rows: entries } = await f.db.pool.query("SELECT action, detail FROM audit_log WHERE target = $1", [uid]);
    expect(entries).toEqual([
      { action: "user.tokens.revoke", detail: expect.objectContaining({ deviceId: "dee-phone", deviceType: null }) },
    ]);
    // A device id that breaks the id rule, or a device id with a device type, changes nothing.
    expect((await v1(`/v1/users/${uid}/tokens/revoke`, { deviceId: "../x" })).statusCode).toBe(400);
    expect((await v1(`/v1/users/${uid}/tokens/revoke`, { deviceId: "x", deviceType: 1 })).statusCode).toBe(400);
    expect((await state(uid)).revocations).toEqual([0]);
  });

  it("mints tokens bound to a device id", async () => {
    const res = await v1("/v1/tokens", { uid: "bound-bea", deviceId: "bea-phone" });
    expect(res.statusCode).toBe(200);
    expect(decodeJwt(res.json().token).did).toBe("bea-phone");
    expect((await v1("/v1/tokens", { uid: "bound-bea", deviceId: "a/b" })).statusCode).toBe(400);
  });

  it("needs the route's scope and an existing user, and changes nothing otherwise", async () => {
    const uid = await newUser("scoped-sam");
    const denied = await v1(`/v1/users/${uid}/tokens/revoke`, {}, usersOnlyKey);
    expect(denied.statusCode).toBe(403);
    expect((await v1("/v1/users/nobody-here/ban", { reason: "x" })).statusCode).toBe(404);
    expect((await state(uid)).revocations).toEqual([]);
    expect(await audit("nobody-here")).toEqual([]);
  });
});

describe("/admin ban and unban", () => {
  async function login(username: string, password: string) {
    const res = await f.app.inject({ method: "POST", url: "/admin/login", payload: { username, password } });
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? "";
    return { cookie, csrf: res.json().csrfToken as string };
  }
  function post(as: { cookie: string; csrf: string }, url: string, payload: object, csrf: string | null = as.csrf) {
    return f.app.inject({
      method: "POST",
      url,
      payload,
      cookies: { [SESSION_COOKIE]: as.cookie },
      headers: csrf === null ? {} : { "x-csrf-token": csrf },
    });
  }
  const code = (res: LightMyRequestResponse) => res.statusCode;

  it("lets admins ban with CSRF, audited under the operator; viewers and forged requests change nothing", async () => {
    const uid = await newUser("admin-banned-al");
    const admin = await login("mod-admin", "moderation admin pw");
    const viewer = await login("mod-viewer", "moderation viewer pw");
    expect(code(await post(viewer, `/admin/users/${uid}/ban`, { reason: "x" }))).toBe(403);
    expect(code(await post(admin, `/admin/users/${uid}/ban`, { reason: "x" }, null))).toBe(403);
    expect((await state(uid)).bannedAt).toBeNull();

    expect(code(await post(admin, `/admin/users/${uid}/ban`, { reason: "abuse" }))).toBe(200);
    expect((await state(uid)).bannedAt).not.toBeNull();
    expect(code(await post(admin, `/admin/users/${uid}/unban`, {}))).toBe(200);
    expect((await state(uid)).bannedAt).toBeNull();
    const entries = await audit(uid);
    expect(entries.map((r) => r.action)).toEqual(["user.ban", "user.unban"]);
    expect(entries.every((r) => r.operator_id !== null && r.business_line_id === null)).toBe(true);
  });

  it("lets admins revoke one device's tokens, audited under the operator; viewers change nothing", async () => {
    const uid = await newUser("admin-revoked-di");
    const admin = await login("mod-admin", "moderation admin pw");
    const viewer = await login("mod-viewer", "moderation viewer pw");
    const url = `/admin/users/${uid}/tokens/revoke`;
    expect(code(await post(viewer, url, { deviceId: "di-tab" }))).toBe(403);
    expect((await state(uid)).revocations).toEqual([]);
    const kicksBefore = f.kicks.length;
    expect(code(await post(admin, url, { deviceId: "di-tab" }))).toBe(200);
    expect(f.kicks.slice(kicksBefore).map((k) => k.deviceId)).toEqual(["di-tab"]);
    const entries = await audit(uid);
    expect(entries.map((r) => [r.action, r.operator_id !== null])).toEqual([["user.tokens.revoke", true]]);
  });
});
