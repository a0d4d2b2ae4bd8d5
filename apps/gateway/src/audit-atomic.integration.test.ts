import { randomUUID } from "node:crypto";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createOperator } from "./admin/operators.ts";
import { SESSION_COOKIE } from "./admin/session-hook.ts";
import { createApiKey, createBusinessLine } from "./business-keys.ts";
import { type GatewayFixture, startGateway } from "./test-support.ts";

// "Both or neither" (README "Security"): with the audit insert made to fail for one
// action, the action must not have happened; with it allowed, both are there.

let f: GatewayFixture;
let key: string;
let session: { cookie: string; csrfToken: string };
const LINE = "atomic-line";
const ADMIN = { username: "atomic-admin", password: "atomic admin password" };

beforeAll(async () => {
  f = await startGateway();
  await createBusinessLine(f.db, { id: LINE, name: "Atomic" });
  key = (await createApiKey(f.db, LINE)).key;
  await createOperator(f.db.pool, { ...ADMIN, role: "admin" });
  const res = await f.app.inject({ method: "POST", url: "/admin/login", payload: ADMIN });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error("no session cookie");
  session = { cookie: cookie.value, csrfToken: res.json().csrfToken };
  // Test-only: audit inserts of the actions listed in audit_refused raise, as a failing audit log would.
  await f.db.pool.query(`
    CREATE TABLE audit_refused (action text PRIMARY KEY);
    CREATE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM audit_refused WHERE action = NEW.action) THEN
        RAISE EXCEPTION 'audit log refuses %', NEW.action;
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER audit_refuse BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_refuse();
  `);
});
afterAll(async () => {
  await f?.stop();
});
afterEach(async () => {
  await f.db.pool.query("DELETE FROM audit_refused");
});

const refuse = (action: string) => f.db.pool.query("INSERT INTO audit_refused (action) VALUES ($1)", [action]);
const allow = (action: string) => f.db.pool.query("DELETE FROM audit_refused WHERE action = $1", [action]);

function v1(opts: InjectOptions) {
  return f.app.inject({ ...opts, headers: { authorization: `Bearer ${key}` } });
}

function admin(opts: InjectOptions) {
  return f.app.inject({
    ...opts,
    cookies: { [SESSION_COOKIE]: session.cookie },
    headers: { "x-csrf-token": session.csrfToken },
  });
}

async function count(sql: string, params: unknown[]): Promise<number> {
  const { rows } = await f.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) t`, params);
  return rows[0]?.n ?? 0;
}

const entries = (action: string, target: string) =>
  count("SELECT 1 FROM audit_log WHERE action = $1 AND target = $2", [action, target]);

function expectUnavailable(res: LightMyRequestResponse) {
  expect(res.statusCode, res.body).toBe(503);
  expect(res.json().error.code).toBe("UNAVAILABLE");
}

async function newUser(): Promise<string> {
  const uid = `atomic-${randomUUID().slice(0, 8)}`;
  const res = await v1({ method: "PUT", url: `/v1/users/${uid}`, payload: { name: uid } });
  expect(res.statusCode).toBe(201);
  return uid;
}

describe("a business line's write and its audit entry", () => {
  it("user upsert: no user without its entry", async () => {
    const action = "v1 PUT /v1/users/:uid";
    const uid = `atomic-${randomUUID().slice(0, 8)}`;
    await refuse(action);
    expectUnavailable(await v1({ method: "PUT", url: `/v1/users/${uid}`, payload: { name: "Ann" } }));
    expect(await count("SELECT 1 FROM users WHERE id = $1", [uid])).toBe(0);
    expect(await entries(action, uid)).toBe(0);

    await allow(action);
    expect((await v1({ method: "PUT", url: `/v1/users/${uid}`, payload: { name: "Ann" } })).statusCode).toBe(201);
    expect(
      await count("SELECT 1 FROM users WHERE id = $1 AND name = 'Ann' AND business_line_id = $2", [uid, LINE]),
    ).toBe(1);
    expect(await entries(action, uid)).toBe(1);
  });

  it("group create: no group (nor claim) without its entry", async () => {
    const action = "v1 POST /v1/groups";
    const owner = await newUser();
    const id = `g-${randomUUID().slice(0, 8)}`;
    const create = () => v1({ method: "POST", url: "/v1/groups", payload: { id, name: "Night", ownerUid: owner } });
    await refuse(action);
    expectUnavailable(await create());
    expect(await count("SELECT 1 FROM groups WHERE id = $1", [id])).toBe(0);
    expect(await count("SELECT 1 FROM group_members WHERE group_id = $1", [id])).toBe(0);

    await allow(action);
    expect((await create()).statusCode).toBe(201);
    expect(await count("SELECT 1 FROM groups WHERE id = $1 AND business_line_id = $2", [id, LINE])).toBe(1);
    expect(await entries(action, id)).toBe(1);
  });

  it("group change inside the store's locked transaction: no mute without its entry", async () => {
    const action = "v1 PUT /v1/groups/:groupId/mute";
    const owner = await newUser();
    const id = `g-${randomUUID().slice(0, 8)}`;
    expect(
      (await v1({ method: "POST", url: "/v1/groups", payload: { id, name: "N", ownerUid: owner } })).statusCode,
    ).toBe(201);
    const mute = () => v1({ method: "PUT", url: `/v1/groups/${id}/mute`, payload: { muted: true } });
    await refuse(action);
    expectUnavailable(await mute());
    expect((await f.storage.groups.get(id)).mutedAll).toBe(false);

    await allow(action);
    expect((await mute()).statusCode).toBe(200);
    expect((await f.storage.groups.get(id)).mutedAll).toBe(true);
    expect(await entries(action, id)).toBe(1);
  });

  it("c2s target change and dead-letter retry: no change without its entry", async () => {
    const target = "v1 PATCH /v1/c2s/target";
    const change = () => v1({ method: "PATCH", url: "/v1/c2s/target", payload: { paused: true } });
    await refuse(target);
    expectUnavailable(await change());
    expect(await count("SELECT 1 FROM business_lines WHERE id = $1 AND paused", [LINE])).toBe(0);
    await allow(target);
    expect((await change()).statusCode).toBe(200);
    expect(await count("SELECT 1 FROM business_lines WHERE id = $1 AND paused", [LINE])).toBe(1);
    expect(await entries(target, LINE)).toBe(1);

    const retry = "v1 POST /v1/c2s/dead-letters/:eventId/retry";
    const eventId = `c2s_atomic_${randomUUID().slice(0, 8)}`;
    await f.db.pool.query(
      "INSERT INTO outbox (business_line_id, event_id, kind, payload, status, attempts) VALUES ($1, $2, 'c2s', '{}', 2, 3)",
      [LINE, eventId],
    );
    const again = () => v1({ method: "POST", url: `/v1/c2s/dead-letters/${eventId}/retry` });
    await refuse(retry);
    expectUnavailable(await again());
    expect(await count("SELECT 1 FROM outbox WHERE event_id = $1 AND status = 2", [eventId])).toBe(1);
    await allow(retry);
    expect((await again()).statusCode).toBe(200);
    expect(await count("SELECT 1 FROM outbox WHERE event_id = $1 AND status = 0", [eventId])).toBe(1);
    expect(await entries(retry, eventId)).toBe(1);
  });

  it("the claim of an unowned group commits with the change and its entry", async () => {
    const action = "v1 PUT /v1/groups/:groupId/mute";
    const owner = await newUser();
    const id = `g-${randomUUID().slice(0, 8)}`;
    // Created past the gateway, as a client would: no line owns it yet.
    await f.storage.groups.create({ id, name: "Unowned", ownerUid: owner, memberUids: [] });
    const ownerLine = async () =>
      (await f.db.pool.query("SELECT business_line_id FROM groups WHERE id = $1", [id])).rows[0]?.business_line_id;
    const mute = () => v1({ method: "PUT", url: `/v1/groups/${id}/mute`, payload: { muted: true } });
    await refuse(action);
    expectUnavailable(await mute());
    expect(await ownerLine()).toBeNull();

    await allow(action);
    expect((await mute()).statusCode).toBe(200);
    expect(await ownerLine()).toBe(LINE);
  });

  it("org unit create: no unit without its entry", async () => {
    const action = "v1 POST /v1/org/units";
    const id = `u-${randomUUID().slice(0, 8)}`;
    const create = () => v1({ method: "POST", url: "/v1/org/units", payload: { id, parentId: null, name: "Sales" } });
    await refuse(action);
    expectUnavailable(await create());
    expect(await count("SELECT 1 FROM org_units WHERE id = $1", [id])).toBe(0);

    await allow(action);
    expect((await create()).statusCode).toBe(201);
    expect(await count("SELECT 1 FROM org_units WHERE id = $1 AND business_line_id = $2", [id, LINE])).toBe(1);
    expect(await entries(action, id)).toBe(1);
  });

  it("org member add: no listing without its entry", async () => {
    const action = "v1 PUT /v1/org/units/:id/members/:uid";
    const uid = await newUser();
    const id = `u-${randomUUID().slice(0, 8)}`;
    const created = await v1({ method: "POST", url: "/v1/org/units", payload: { id, parentId: null, name: "Ops" } });
    expect(created.statusCode).toBe(201);
    const add = () => v1({ method: "PUT", url: `/v1/org/units/${id}/members/${uid}`, payload: { title: "Lead" } });
    await refuse(action);
    expectUnavailable(await add());
    expect(await count("SELECT 1 FROM org_members WHERE unit_id = $1", [id])).toBe(0);

    await allow(action);
    expect((await add()).statusCode).toBe(200);
    expect(await count("SELECT 1 FROM org_members WHERE unit_id = $1", [id])).toBe(1);
  });

  it("sendMsg: the intent entry comes first; without it nothing is stored", async () => {
    const action = "v1 POST /v1/messages";
    const to = await newUser();
    const idempotencyKey = randomUUID();
    const content = `atomic ${idempotencyKey}`;
    const send = () =>
      v1({ method: "POST", url: "/v1/messages", payload: { toUids: [to], contentType: 1, content, idempotencyKey } });
    await refuse(action);
    expectUnavailable(await send());
    expect(await count("SELECT 1 FROM messages WHERE content = $1", [content])).toBe(0);

    await allow(action);
    expect((await send()).statusCode).toBe(200);
    expect(await count("SELECT 1 FROM messages WHERE content = $1", [content])).toBe(1);
    expect(
      await count("SELECT 1 FROM audit_log WHERE action = $1 AND detail->>'idempotencyKey' = $2", [
        action,
        idempotencyKey,
      ]),
    ).toBe(1);
  });

  it("kick: the intent entry comes first; without it nobody is kicked", async () => {
    const action = "v1 POST /v1/users/:uid/kickout";
    const uid = await newUser();
    const kick = () => v1({ method: "POST", url: `/v1/users/${uid}/kickout`, payload: { reason: "test" } });
    await refuse(action);
    expectUnavailable(await kick());
    expect(f.kicks.filter((k) => k.uid === uid)).toEqual([]);

    await allow(action);
    expect((await kick()).statusCode).toBe(200);
    expect(f.kicks.filter((k) => k.uid === uid)).toHaveLength(1);
    expect(await entries(action, uid)).toBe(1);
  });
});

describe("an operator's write and its audit entry", () => {
  it("group create: no group without its entry", async () => {
    const owner = await newUser();
    const name = `Admin group ${randomUUID().slice(0, 8)}`;
    const create = () => admin({ method: "POST", url: "/admin/groups", payload: { name, ownerUid: owner } });
    await refuse("group.create");
    expectUnavailable(await create());
    expect(await count("SELECT 1 FROM groups WHERE name = $1", [name])).toBe(0);

    await allow("group.create");
    const res = await create();
    expect(res.statusCode).toBe(201);
    expect(await entries("group.create", res.json().id)).toBe(1);
  });

  it("group mute: no change without its entry", async () => {
    const owner = await newUser();
    const id = `g-${randomUUID().slice(0, 8)}`;
    await f.storage.groups.create({ id, name: "Muted", ownerUid: owner, memberUids: [] });
    const mute = () => admin({ method: "PUT", url: `/admin/groups/${id}/mute`, payload: { muted: true } });
    await refuse("group.mute");
    expectUnavailable(await mute());
    expect((await f.storage.groups.get(id)).mutedAll).toBe(false);

    await allow("group.mute");
    expect((await mute()).statusCode).toBe(200);
    expect((await f.storage.groups.get(id)).mutedAll).toBe(true);
    expect(await entries("group.mute", id)).toBe(1);
  });

  it("business-line create: no line without its entry", async () => {
    const id = `line-${randomUUID().slice(0, 8)}`;
    const create = () => admin({ method: "POST", url: "/admin/business-lines", payload: { id, name: "New line" } });
    await refuse("business-line.create");
    expectUnavailable(await create());
    expect(await count("SELECT 1 FROM business_lines WHERE id = $1", [id])).toBe(0);

    await allow("business-line.create");
    expect((await create()).statusCode).toBe(201);
    expect(await entries("business-line.create", id)).toBe(1);
  });

  it("operator create (a shared transaction in the gateway): 503, not 500, and no operator", async () => {
    const username = `op-${randomUUID().slice(0, 8)}`;
    const create = () =>
      admin({
        method: "POST",
        url: "/admin/operators",
        payload: { username, role: "viewer", password: "a long enough password" },
      });
    await refuse("operator.create");
    expectUnavailable(await create());
    expect(await count("SELECT 1 FROM operators WHERE username = $1", [username])).toBe(0);

    await allow("operator.create");
    expect((await create()).statusCode).toBe(200);
    expect(await entries("operator.create", username)).toBe(1);
  });

  it("sign-in: no session without its entry", async () => {
    const sessions = () =>
      count("SELECT 1 FROM operator_sessions s JOIN operators o ON o.id = s.operator_id WHERE o.username = $1", [
        ADMIN.username,
      ]);
    const before = await sessions();
    await refuse("login");
    expectUnavailable(await f.app.inject({ method: "POST", url: "/admin/login", payload: ADMIN }));
    expect(await sessions()).toBe(before);

    await allow("login");
    expect((await f.app.inject({ method: "POST", url: "/admin/login", payload: ADMIN })).statusCode).toBe(200);
    expect(await sessions()).toBe(before + 1);
  });
});
