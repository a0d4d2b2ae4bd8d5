import { randomUUID } from "node:crypto";
import type { FastifyInstance, InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayFixture, startGateway } from "../test-support.ts";
import { createOperator } from "./operators.ts";
import { SESSION_COOKIE } from "./session-hook.ts";

let gateway: GatewayFixture;
let app: FastifyInstance;

const ADMIN = { username: "groups-admin", password: "groups admin password" };
const VIEWER = { username: "groups-viewer", password: "groups viewer password" };

interface Signed {
  cookie: string;
  csrfToken: string;
}

async function login(credentials: { username: string; password: string }): Promise<Signed> {
  const res = await app.inject({ method: "POST", url: "/admin/login", payload: credentials });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error("no session cookie");
  return { cookie: cookie.value, csrfToken: res.json().csrfToken };
}

function call(as: Signed, opts: InjectOptions) {
  return app.inject({ ...opts, cookies: { [SESSION_COOKIE]: as.cookie }, headers: { "x-csrf-token": as.csrfToken } });
}

async function user(name: string): Promise<string> {
  const uid = `${name}-${randomUUID().slice(0, 8)}`;
  await gateway.db.pool.query("INSERT INTO users (id, name) VALUES ($1, $2)", [uid, name]);
  return uid;
}

beforeAll(async () => {
  gateway = await startGateway();
  app = gateway.app;
  await createOperator(gateway.db.pool, { ...ADMIN, role: "admin" });
  await createOperator(gateway.db.pool, { ...VIEWER, role: "viewer" });
});

afterAll(async () => {
  await gateway?.stop();
});

describe("POST /admin/groups", () => {
  it("creates a group with its owner and members, audited, and finds it by name", async () => {
    const s = await login(ADMIN);
    const [owner, a, b] = [await user("ann"), await user("ben"), await user("cy")];
    const name = `Night shift ${randomUUID().slice(0, 6)}`;
    const res = await call(s, {
      method: "POST",
      url: "/admin/groups",
      payload: { name, ownerUid: owner, members: [a, b] },
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ name, ownerUid: owner, members: 3 });
    const members = await gateway.storage.groups.members(created.id);
    expect(members.map((m) => m.uid).sort()).toEqual([owner, a, b].sort());
    expect(members.find((m) => m.uid === owner)?.role).toBe(2);

    const audit = (await call(s, { method: "GET", url: "/admin/audit?limit=5" })).json();
    expect(audit.entries[0]).toMatchObject({ action: "group.create", target: created.id, username: ADMIN.username });

    const found = (
      await call(s, { method: "GET", url: `/admin/groups?q=${encodeURIComponent(name.slice(6))}` })
    ).json();
    expect(found.groups.map((g: { id: string }) => g.id)).toEqual([created.id]);
    const none = (await call(s, { method: "GET", url: "/admin/groups?q=no-such-group-name" })).json();
    expect(none.groups).toEqual([]);
  });

  it("keeps a chosen id, and refuses it a second time", async () => {
    const s = await login(ADMIN);
    const owner = await user("dee");
    const id = `g-${randomUUID().slice(0, 8)}`;
    const first = await call(s, {
      method: "POST",
      url: "/admin/groups",
      payload: { id, name: "Ops", ownerUid: owner },
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ id, members: 1 });
    const again = await call(s, {
      method: "POST",
      url: "/admin/groups",
      payload: { id, name: "Ops", ownerUid: owner },
    });
    expect(again.statusCode).toBe(409);
  });

  it("refuses unknown users and bad input without creating anything", async () => {
    const s = await login(ADMIN);
    const before = (await gateway.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM groups")).rows[0]?.n;
    const unknown = await call(s, {
      method: "POST",
      url: "/admin/groups",
      payload: { name: "Ghosts", ownerUid: `nobody-${randomUUID()}` },
    });
    expect(unknown.statusCode).toBe(404);
    const blank = await call(s, { method: "POST", url: "/admin/groups", payload: { name: "  ", ownerUid: "x" } });
    expect(blank.statusCode).toBe(400);
    const after = (await gateway.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM groups")).rows[0]?.n;
    expect(after).toBe(before);
  });

  it("is refused to a viewer", async () => {
    const viewer = await login(VIEWER);
    const owner = await user("eve");
    const res = await call(viewer, {
      method: "POST",
      url: "/admin/groups",
      payload: { name: "Mine", ownerUid: owner },
    });
    expect(res.statusCode).toBe(403);
    const { rows } = await gateway.db.pool.query("SELECT 1 FROM groups WHERE owner_id = $1", [owner]);
    expect(rows).toEqual([]);
  });
});
