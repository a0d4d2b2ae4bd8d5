import { randomUUID } from "node:crypto";
import { DeviceType, type NodeInfo, type Route } from "@im/core";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBusinessLine } from "../business-keys.ts";
import { type GatewayFixture, startGateway } from "../test-support.ts";
import { createOperator } from "./operators.ts";
import { SESSION_COOKIE } from "./session-hook.ts";

let gateway: GatewayFixture;
let app: FastifyInstance;

const ADMIN = { username: "chief", password: "correct horse battery" };
const VIEWER = { username: "onlooker", password: "just looking around" };
const SAMPLE_MS = 50;

interface Signed {
  cookie: string;
  csrfToken: string;
  operatorId: string;
}

async function login(credentials: { username: string; password: string }): Promise<Signed> {
  const res = await app.inject({ method: "POST", url: "/admin/login", payload: credentials });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error("no session cookie");
  return { cookie: cookie.value, csrfToken: res.json().csrfToken, operatorId: res.json().operator.id };
}

function call(as: Signed, opts: InjectOptions): Promise<LightMyRequestResponse> {
  return app.inject({
    ...opts,
    cookies: { [SESSION_COOKIE]: as.cookie },
    headers: { "x-csrf-token": as.csrfToken, ...opts.headers },
  });
}

const get = (as: Signed, url: string) => call(as, { method: "GET", url });

async function user(name: string, displayName = name): Promise<string> {
  const uid = `${name}-${randomUUID().slice(0, 8)}`;
  await gateway.db.pool.query("INSERT INTO users (id, name, avatar) VALUES ($1, $2, $3)", [
    uid,
    displayName,
    `https://img.example/${name}`,
  ]);
  return uid;
}

function route(uid: string, connId: string, nodeId: string, extra: Partial<Route> = {}): Route {
  return {
    uid,
    deviceType: DeviceType.IOS,
    deviceId: `dev-${connId}`,
    nodeId,
    connId,
    loginSeq: 1,
    loginAt: 1_000,
    lastActiveAt: 2_000,
    ...extra,
  };
}

function node(nodeId: string, extra: Partial<NodeInfo> = {}): NodeInfo {
  return {
    nodeId,
    tcp: "127.0.0.1:7100",
    ws: "ws://127.0.0.1:7101/ws",
    connections: 0,
    cpu: 0.1,
    draining: false,
    startedAt: 0,
    updatedAt: Date.now(),
    ...extra,
  };
}

async function auditOf(
  action: string,
): Promise<{ operator_id: string; target: string; detail: Record<string, unknown> }[]> {
  const { rows } = await gateway.db.pool.query(
    "SELECT operator_id, target, detail FROM audit_log WHERE action = $1 ORDER BY id",
    [action],
  );
  return rows;
}

let admin: Signed;
let viewer: Signed;

beforeAll(async () => {
  gateway = await startGateway({ statsSampleMs: SAMPLE_MS, nodeTtlMs: 5_000 });
  app = gateway.app;
  await createOperator(gateway.db.pool, { ...ADMIN, role: "admin" });
  await createOperator(gateway.db.pool, { ...VIEWER, role: "viewer" });
  admin = await login(ADMIN);
  viewer = await login(VIEWER);
});

afterAll(async () => {
  await gateway?.stop();
});

describe("live dashboard", () => {
  it("reports nodes with health, sessions, outbox backlog, failures and dead letters", async () => {
    await gateway.registry.announce(node("live-a", { connections: 3, storeBatchP99Ms: 12 }), 60_000);
    await gateway.registry.announce(
      node("live-b", { connections: 2, draining: true, updatedAt: Date.now() - 30_000, storeBatchP99Ms: 40 }),
      60_000,
    );
    await gateway.presence.add(route("someone", "live:1", "live-a"));
    const pool = gateway.db.pool;
    const insert = (status: number, lastError: string | null, nextAttempt: string) =>
      pool.query(
        `INSERT INTO outbox (business_line_id, event_id, kind, payload, status, last_error, next_attempt_at)
         VALUES ('shop', $1, 'c2s', '{}', $2, $3, now() + $4::interval)`,
        [randomUUID(), status, lastError, nextAttempt],
      );
    await insert(0, null, "0 seconds"); // pending, never failed
    await insert(0, "HTTP 500", "30 seconds"); // pending, failed just now
    await insert(2, "HTTP 500", "-10 seconds"); // dead, failed just now
    await insert(2, "HTTP 502", "-3 hours"); // dead long ago
    await insert(1, null, "-1 hour"); // delivered
    const attempt = (ok: boolean, ago: string) =>
      pool.query(
        `INSERT INTO webhook_attempts (business_line_id, event_id, at, status, latency_ms, ok)
         VALUES ('shop', $1, now() - $2::interval, $3, 5, $4)`,
        [randomUUID(), ago, ok ? 200 : 500, ok],
      );
    await attempt(false, "1 minute"); // failed within the hour
    await attempt(false, "50 minutes"); // failed within the hour
    await attempt(false, "55 minutes"); // failed within the hour
    await attempt(false, "2 hours"); // failed, too long ago
    await attempt(true, "1 minute"); // succeeded

    const res = await get(viewer, "/admin/stats/live");
    expect(res.statusCode).toBe(200);
    const live = res.json();
    expect(live.onlineUsers).toBe(1);
    expect(live.connections).toBe(5);
    expect(live.nodes).toEqual([
      expect.objectContaining({ nodeId: "live-a", connections: 3, healthy: true, draining: false }),
      expect.objectContaining({ nodeId: "live-b", connections: 2, healthy: false, draining: true }),
    ]);
    expect(live.c2sBacklog).toBe(2);
    expect(live.webhookFailures1h).toBe(3);
    expect(live.deadLetters).toBe(2);
    expect(live.storeBatchP99Ms).toBe(40);
    expect(Math.abs(live.now - Date.now())).toBeLessThan(5_000);
    await gateway.registry.remove("live-a");
    await gateway.registry.remove("live-b");
    await gateway.presence.remove("someone", "live:1");
  });

  it("samples history from the nodes' counters in the background", async () => {
    await gateway.registry.announce(node("counting", { connections: 7, msgsStored: 0, pushesSent: 0 }), 60_000);
    const history = async () =>
      (await get(viewer, "/admin/stats/history?minutes=5")).json().points as {
        at: number;
        msgsInPerSec: number;
        msgsOutPerSec: number;
        connections: number;
      }[];
    await expect.poll(async () => (await history()).at(-1)?.connections, { timeout: 3_000 }).toBe(7);
    await gateway.registry.announce(node("counting", { connections: 7, msgsStored: 1_000, pushesSent: 3_000 }), 60_000);
    await expect.poll(async () => (await history()).some((p) => p.msgsInPerSec > 0), { timeout: 3_000 }).toBe(true);
    const points = await history();
    const busy = points.find((p) => p.msgsInPerSec > 0);
    // 1,000 stored and 3,000 pushed within one sample interval (plus scheduling delay).
    expect(busy?.msgsOutPerSec).toBeCloseTo((busy?.msgsInPerSec ?? 0) * 3, 0);
    expect(points.map((p) => p.at)).toEqual([...points.map((p) => p.at)].sort((a, b) => a - b));
    expect((await get(viewer, "/admin/stats/history?minutes=61")).statusCode).toBe(400);
    await gateway.registry.remove("counting");
  });
});

describe("online sessions", () => {
  it("pages through sessions with node, device type and uid filters", async () => {
    const alice = await user("alice");
    const bob = await user("bob");
    const routes = [
      route(alice, "on:1", "on-n1", { deviceType: DeviceType.IOS }),
      route(alice, "on:2", "on-n2", { deviceType: DeviceType.WEB }),
      route(bob, "on:3", "on-n1", { deviceType: DeviceType.WEB }),
      route(bob, "on:4", "on-n1", { deviceType: DeviceType.ANDROID }),
    ];
    for (const r of routes) await gateway.presence.add(r);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/admin/online?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page = (await get(viewer, url)).json();
      expect(page.total).toBe(4);
      seen.push(...page.items.map((i: { connId: string }) => i.connId));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen.sort()).toEqual(["on:1", "on:2", "on:3", "on:4"]);

    const n1 = (await get(viewer, "/admin/online?node=on-n1")).json();
    expect(n1.items.map((i: { connId: string }) => i.connId).sort()).toEqual(["on:1", "on:3", "on:4"]);
    const web = (await get(viewer, "/admin/online?deviceType=3")).json();
    expect(web.items.map((i: { connId: string }) => i.connId).sort()).toEqual(["on:2", "on:3"]);
    const mine = (await get(viewer, `/admin/online?uid=${alice}`)).json();
    expect(mine.items).toEqual([
      {
        uid: alice,
        deviceType: 1,
        deviceId: "dev-on:1",
        nodeId: "on-n1",
        connId: "on:1",
        loginAt: 1_000,
        lastActiveAt: 2_000,
      },
      expect.objectContaining({ connId: "on:2" }),
    ]);
    expect(mine.total).toBe(2);
    const bad = await get(viewer, "/admin/online?cursor=garbage");
    expect(bad.statusCode).toBe(400);
    expect((await get(viewer, "/admin/online?deviceType=9")).json().error.field).toBe("deviceType");
    for (const r of routes) await gateway.presence.remove(r.uid, r.connId);
  });
});

describe("users", () => {
  it("finds users by uid prefix or name substring, a keyset page at a time", async () => {
    const tag = randomUUID().slice(0, 6);
    const a = await user(`zq${tag}a`, "Grace Hopper");
    const b = await user(`zq${tag}b`, "Alan Turing");
    const c = await user(`other${tag}`, `Ada zq${tag} Lovelace`);
    const first = (await get(viewer, `/admin/users?q=zq${tag}&limit=2`)).json();
    // By uid: "other…" sorts before "zq…".
    expect(first.users.map((u: { uid: string }) => u.uid)).toEqual([c, a]);
    expect(first.nextCursor).toBe(a);
    const second = (await get(viewer, `/admin/users?q=zq${tag}&limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.users.map((u: { uid: string }) => u.uid)).toEqual([b]);
    expect(second.nextCursor).toBeNull();
    // A uid substring that is not a prefix does not match.
    expect((await get(viewer, `/admin/users?q=${tag}a`)).json().users).toEqual([]);
    expect((await get(viewer, "/admin/users?q=grace%20hop")).json().users.map((u: { uid: string }) => u.uid)).toContain(
      a,
    );
  });

  it("shows a user's devices with sync lag, conversations and recent messages", async () => {
    const carol = await user("carol");
    const dave = await user("dave");
    await gateway.storage.messages.appendC2C({
      fromUid: dave,
      toUid: carol,
      clientMsgId: "m1",
      contentType: 1,
      content: "one",
    });
    await gateway.storage.messages.appendC2C({
      fromUid: carol,
      toUid: dave,
      clientMsgId: "m2",
      contentType: 1,
      content: "two",
    });
    await gateway.storage.messages.appendC2C({
      fromUid: dave,
      toUid: carol,
      clientMsgId: "m3",
      contentType: 1,
      content: "three",
    });
    const pool = gateway.db.pool;
    await pool.query(
      `INSERT INTO devices (uid, device_id, device_type, acked_seq, push_token, last_login_at) VALUES
       ($1, 'phone', 1, 1, 'tok', now()), ($1, 'laptop', 4, 3, NULL, now() - interval '1 day')`,
      [carol],
    );
    await gateway.presence.add(
      route(carol, "u:1", "user-n1", { deviceId: "phone", loginAt: 5_000, lastActiveAt: 6_000 }),
    );

    const res = await get(viewer, `/admin/users/${carol}`);
    expect(res.statusCode, res.body).toBe(200);
    const detail = res.json();
    expect(detail.user).toEqual({
      id: carol,
      name: "carol",
      avatar: "https://img.example/carol",
      createdAt: expect.any(Number),
      bannedAt: null,
    });
    expect(detail.inboxHeadSeq).toBe(3);
    expect(detail.devices).toEqual([
      {
        deviceId: "phone",
        deviceType: 1,
        online: true,
        nodeId: "user-n1",
        connectedAt: 5_000,
        lastActiveAt: 6_000,
        ackedSeq: 1,
        lag: 2,
        lastLoginAt: expect.any(Number),
        hasPushToken: true,
      },
      expect.objectContaining({
        deviceId: "laptop",
        online: false,
        nodeId: null,
        ackedSeq: 3,
        lag: 0,
        hasPushToken: false,
      }),
    ]);
    expect(detail.conversations).toEqual([
      { convType: 1, convId: dave, lastSeq: 3, lastAt: expect.any(Number), readSeq: 0, unread: 2 },
    ]);
    // A viewer without the content grant sees that messages exist, not what they say.
    expect(detail.recentMessages.map((m: { content: string | null }) => m.content)).toEqual([null, null, null]);
    expect(detail.recentMessages[1]).toMatchObject({ senderId: carol, targetId: dave, clientMsgId: "m2", convType: 1 });
    const asAdmin = (await get(admin, `/admin/users/${carol}`)).json();
    expect(asAdmin.recentMessages.map((m: { content: string }) => m.content)).toEqual(["three", "two", "one"]);

    // A ban shows on the user's page until it is lifted.
    const ban = await call(admin, { method: "POST", url: `/admin/users/${carol}/ban`, payload: { reason: "spam" } });
    expect(ban.statusCode, ban.body).toBe(200);
    expect((await get(viewer, `/admin/users/${carol}`)).json().user.bannedAt).toBe(ban.json().bannedAt);
    const unban = await call(admin, { method: "POST", url: `/admin/users/${carol}/unban` });
    expect(unban.statusCode, unban.body).toBe(200);
    expect((await get(viewer, `/admin/users/${carol}`)).json().user.bannedAt).toBeNull();

    const missing = await get(viewer, "/admin/users/nobody-here");
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe("USER_NOT_FOUND");
    await gateway.presence.remove(carol, "u:1");
  });
});

describe("operators", () => {
  it("lists operators with role, disabled state and last activity", async () => {
    const res = await get(viewer, "/admin/operators");
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      username: string;
      role: string;
      disabledAt: number | null;
      lastSeenAt: number | null;
    }[];
    expect(items.find((o) => o.username === ADMIN.username)).toMatchObject({ role: "admin", disabledAt: null });
    expect(items.find((o) => o.username === VIEWER.username)?.lastSeenAt).toBeGreaterThan(0);
  });

  it("refuses every operator write to a viewer", async () => {
    const writes: InjectOptions[] = [
      {
        method: "POST",
        url: "/admin/operators",
        payload: { username: "x1", role: "viewer", password: "long enough pass" },
      },
      { method: "PATCH", url: `/admin/operators/${admin.operatorId}`, payload: { role: "viewer" } },
      {
        method: "POST",
        url: `/admin/operators/${admin.operatorId}/password`,
        payload: { password: "long enough pass" },
      },
    ];
    for (const w of writes) {
      const res = await call(viewer, w);
      expect(res.statusCode, `${w.method} ${w.url}`).toBe(403);
      expect(res.json().error.code).toBe("FORBIDDEN");
    }
    expect(
      (await get(admin, "/admin/operators")).json().items.map((o: { username: string }) => o.username),
    ).not.toContain("x1");
  });

  it("creates an operator, audited in the same transaction; a taken name changes and audits nothing", async () => {
    const username = `ops-${randomUUID().slice(0, 6)}`;
    const res = await call(admin, {
      method: "POST",
      url: "/admin/operators",
      payload: { username, role: "viewer", password: "a long new password" },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ username, role: "viewer", disabledAt: null, lastSeenAt: null });
    expect((await login({ username, password: "a long new password" })).operatorId).toBe(res.json().id);
    const before = (await auditOf("operator.create")).length;
    const dup = await call(admin, {
      method: "POST",
      url: "/admin/operators",
      payload: { username, role: "admin", password: "another long password" },
    });
    expect(dup.statusCode).toBe(409);
    expect(await auditOf("operator.create")).toHaveLength(before);
    expect((await auditOf("operator.create")).at(-1)).toMatchObject({
      operator_id: admin.operatorId,
      target: username,
    });
    const short = await call(admin, {
      method: "POST",
      url: "/admin/operators",
      payload: { username: "shorty", role: "viewer", password: "short" },
    });
    expect(short.statusCode).toBe(400);
  });

  it("disabling an operator ends their sessions at the next request; enabling lets them sign in again", async () => {
    const username = `temp-${randomUUID().slice(0, 6)}`;
    const password = "temporary password";
    const created = (
      await call(admin, { method: "POST", url: "/admin/operators", payload: { username, role: "admin", password } })
    ).json();
    const them = await login({ username, password });
    expect((await get(them, "/admin/me")).statusCode).toBe(200);

    const res = await call(admin, {
      method: "PATCH",
      url: `/admin/operators/${created.id}`,
      payload: { disabled: true },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().disabledAt).toBeGreaterThan(0);
    const refused = await get(them, "/admin/me");
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe("NOT_AUTHENTICATED");
    expect((await call(them, { method: "POST", url: "/admin/logout" })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: "POST", url: "/admin/login", payload: { username, password } })).statusCode,
    ).toBe(401);
    expect((await auditOf("operator.update")).at(-1)).toMatchObject({
      operator_id: admin.operatorId,
      target: username,
      detail: { operatorId: created.id, disabled: true, sessionsEnded: 1 },
    });

    const enabled = await call(admin, {
      method: "PATCH",
      url: `/admin/operators/${created.id}`,
      payload: { disabled: false, role: "viewer" },
    });
    expect(enabled.json()).toMatchObject({ disabledAt: null, role: "viewer" });
    const again = await login({ username, password });
    // Demoted: reads work, writes do not.
    expect((await get(again, "/admin/operators")).statusCode).toBe(200);
    expect(
      (await call(again, { method: "PATCH", url: `/admin/operators/${created.id}`, payload: { role: "admin" } }))
        .statusCode,
    ).toBe(403);
  });

  it("an admin cannot disable or demote themselves", async () => {
    for (const payload of [{ disabled: true }, { role: "viewer" }]) {
      const res = await call(admin, { method: "PATCH", url: `/admin/operators/${admin.operatorId}`, payload });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/^SELF_CHANGE/) });
    }
    expect((await get(admin, "/admin/me")).json().operator.role).toBe("admin");
    expect(
      (await call(admin, { method: "PATCH", url: `/admin/operators/${admin.operatorId}`, payload: {} })).statusCode,
    ).toBe(400);
    expect(
      (await call(admin, { method: "PATCH", url: "/admin/operators/nope", payload: { role: "viewer" } })).statusCode,
    ).toBe(404);
  });

  it("two admins demoting each other at once leave one admin standing", async () => {
    const names = [`duel-a-${randomUUID().slice(0, 6)}`, `duel-b-${randomUUID().slice(0, 6)}`];
    const ids: string[] = [];
    for (const username of names)
      ids.push(
        (
          await call(admin, {
            method: "POST",
            url: "/admin/operators",
            payload: { username, role: "admin", password: "duelling password" },
          })
        ).json().id,
      );
    const [a, b] = await Promise.all(names.map((username) => login({ username, password: "duelling password" })));
    if (!a || !b) throw new Error("sign-in failed");
    const [ab, ba] = await Promise.all([
      call(a, { method: "PATCH", url: `/admin/operators/${ids[1]}`, payload: { role: "viewer" } }),
      call(b, { method: "PATCH", url: `/admin/operators/${ids[0]}`, payload: { role: "viewer" } }),
    ]);
    expect([ab.statusCode, ba.statusCode].sort()).toEqual([200, 403]);
    const roles = (await get(admin, "/admin/operators"))
      .json()
      .items.filter((o: { username: string }) => names.includes(o.username));
    expect(roles.map((o: { role: string }) => o.role).sort()).toEqual(["admin", "viewer"]);
  });

  it("an admin resets another's password, which ends that operator's sessions", async () => {
    const username = `reset-${randomUUID().slice(0, 6)}`;
    const created = (
      await call(admin, {
        method: "POST",
        url: "/admin/operators",
        payload: { username, role: "viewer", password: "the first password" },
      })
    ).json();
    const them = await login({ username, password: "the first password" });
    const res = await call(admin, {
      method: "POST",
      url: `/admin/operators/${created.id}/password`,
      payload: { password: "the second password" },
    });
    expect(res.json()).toEqual({ sessionsEnded: 1 });
    expect((await get(them, "/admin/me")).statusCode).toBe(401);
    expect(
      (await app.inject({ method: "POST", url: "/admin/login", payload: { username, password: "the first password" } }))
        .statusCode,
    ).toBe(401);
    await login({ username, password: "the second password" });
    expect((await auditOf("operator.password.reset")).at(-1)).toMatchObject({
      operator_id: admin.operatorId,
      target: username,
    });
    expect(JSON.stringify(await auditOf("operator.password.reset"))).not.toContain("second password");
    const own = await call(admin, {
      method: "POST",
      url: `/admin/operators/${admin.operatorId}/password`,
      payload: { password: "whatever it is here" },
    });
    expect(own.statusCode).toBe(409);
  });

  it("any operator changes their own password with the current one; other sessions end, this one stays", async () => {
    const username = `self-${randomUUID().slice(0, 6)}`;
    await call(admin, {
      method: "POST",
      url: "/admin/operators",
      payload: { username, role: "viewer", password: "my old password" },
    });
    const here = await login({ username, password: "my old password" });
    const elsewhere = await login({ username, password: "my old password" });
    const wrong = await call(here, {
      method: "POST",
      url: "/admin/me/password",
      payload: { currentPassword: "not my password", newPassword: "my new password!" },
    });
    expect(wrong.statusCode).toBe(400);
    const res = await call(here, {
      method: "POST",
      url: "/admin/me/password",
      payload: { currentPassword: "my old password", newPassword: "my new password!" },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ sessionsEnded: 1 });
    expect((await get(here, "/admin/me")).statusCode).toBe(200);
    expect((await get(elsewhere, "/admin/me")).statusCode).toBe(401);
    await login({ username, password: "my new password!" });
    expect((await auditOf("operator.password.change")).at(-1)).toMatchObject({ target: username });
  });
});

describe("audit filters", () => {
  it("filters by actor, action prefix, target and time, a cursor page at a time", async () => {
    const start = Date.now() - 1;
    const target = `audited-${randomUUID().slice(0, 6)}`;
    const pool = gateway.db.pool;
    // A business line's action, and one dated in the past.
    await pool.query(
      "INSERT INTO audit_log (business_line_id, key_id, action, target) VALUES ('shopline', 'k1', 'group.create', $1)",
      [target],
    );
    await pool.query(
      `INSERT INTO audit_log (operator_id, action, target, created_at)
       VALUES ($1, 'group.dismiss', $2, now() - interval '2 days')`,
      [admin.operatorId, target],
    );
    const entries = async (query: string) => {
      const res = await get(viewer, `/admin/audit?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().entries as {
        action: string;
        target: string;
        username: string | null;
        businessLineId: string | null;
      }[];
    };
    expect(await entries(`target=${target}&actor=${ADMIN.username}`)).toEqual([
      expect.objectContaining({ action: "group.dismiss", username: ADMIN.username }),
    ]);
    expect((await entries(`target=${target}&actor=shopline`)).map((e) => e.businessLineId)).toEqual(["shopline"]);
    expect((await entries(`target=${target}&action=group.`)).map((e) => e.action)).toEqual([
      "group.dismiss",
      "group.create",
    ]);
    expect((await entries(`target=${target}&action=group.c`)).map((e) => e.action)).toEqual(["group.create"]);
    expect((await entries(`target=${target}&action=group_`)).length).toBe(0);
    expect((await entries(`target=${target}&from=${start}`)).map((e) => e.action)).toEqual(["group.create"]);
    expect((await entries(`target=${target}&to=${start}`)).map((e) => e.action)).toEqual(["group.dismiss"]);

    const first = (await get(viewer, `/admin/audit?target=${target}&limit=1`)).json();
    expect(first.entries).toHaveLength(1);
    expect(first.nextCursor).toBe(String(first.nextBefore));
    const second = (await get(viewer, `/admin/audit?target=${target}&limit=1&cursor=${first.nextCursor}`)).json();
    expect(second.entries[0].id).toBeLessThan(first.entries[0].id);
    expect(second.nextCursor).toBeNull();
    expect((await get(viewer, "/admin/audit?cursor=abc")).json().error.field).toBe("cursor");
  });
});

async function line(): Promise<string> {
  const id = `line-${randomUUID().slice(0, 8)}`;
  await createBusinessLine(gateway.db, { id, name: `Line ${id}` });
  return id;
}

/** An outbox event of the line (status 0 pending, 1 delivered, 2 dead); its event id. */
async function event(lineId: string, status: number, lastError: string | null = null): Promise<string> {
  const eventId = randomUUID();
  await gateway.db.pool.query(
    `INSERT INTO outbox (business_line_id, event_id, kind, payload, status, attempts, last_error, delivered_at)
     VALUES ($1, $2, 'c2s', '{}', $3, 6, $4, CASE WHEN $3 = 1 THEN now() - interval '5 minutes' END)`,
    [lineId, eventId, status, lastError],
  );
  return eventId;
}

async function attempt(lineId: string, status: number | null, latencyMs: number, ago = "1 minute"): Promise<void> {
  await gateway.db.pool.query(
    `INSERT INTO webhook_attempts (business_line_id, event_id, at, status, latency_ms, ok, error)
     VALUES ($1, $2, now() - $3::interval, $4, $5, $6, $7)`,
    [lineId, randomUUID(), ago, status, latencyMs, status === 200, status === 200 ? null : "failed"],
  );
}

/** Every item of a paged list, following nextCursor; the size of each page. */
async function allPages<T>(url: string, limit: number): Promise<{ items: T[]; sizes: number[] }> {
  const items: T[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  do {
    const res = await get(viewer, `${url}?limit=${limit}${cursor === null ? "" : `&cursor=${cursor}`}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: T[]; nextCursor: string | null };
    items.push(...page.items);
    sizes.push(page.items.length);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return { items, sizes };
}

describe("a business line's page", () => {
  it("shows the line's target and how its delivery did over the last hour", async () => {
    const id = await line();
    const other = await line();
    await event(id, 0);
    await event(id, 1);
    await event(id, 2, "webhook answered 500");
    await event(other, 0);
    await attempt(id, 200, 100);
    await attempt(id, 200, 300);
    await attempt(id, 500, 200);
    await attempt(id, null, 10_000); // no answer: failed, without a latency
    await attempt(id, 500, 50, "2 hours"); // too long ago
    await attempt(other, 500, 1);

    const res = await get(viewer, `/admin/business-lines/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id,
      name: `Line ${id}`,
      target: { webhookUrl: null, hasSecret: false, stream: true, paused: false },
      keys: [],
      stats: { pending: 1, delivered1h: 1, deadLetters: 1, failed1h: 2, p50LatencyMs: 200 },
    });
    expect(res.json().stats.p99LatencyMs).toBeCloseTo(298, 6);
    expect((await get(viewer, "/admin/business-lines/no-such-line")).statusCode).toBe(404);
  });

  it("pages webhook attempts and dead letters newest first, the line's own only", async () => {
    const id = await line();
    const other = await line();
    for (let i = 0; i < 5; i++) await attempt(id, 200, i);
    const dead: string[] = [];
    for (let i = 0; i < 5; i++) {
      dead.push(await event(id, 2, `HTTP 50${i}`));
      await event(id, 0);
    }
    await attempt(other, 200, 1);
    await event(other, 2);

    const attempts = await allPages<{ latencyMs: number }>(`/admin/business-lines/${id}/attempts`, 2);
    expect(attempts.sizes).toEqual([2, 2, 1]);
    expect(attempts.items.map((a) => a.latencyMs)).toEqual([4, 3, 2, 1, 0]);

    const letters = await allPages<{ eventId: string }>(`/admin/business-lines/${id}/dead-letters`, 2);
    expect(letters.sizes).toEqual([2, 2, 1]);
    expect(letters.items.map((d) => d.eventId)).toEqual([...dead].reverse());
    expect(letters.items[0]).toEqual({
      id: expect.any(Number),
      eventId: dead[4],
      kind: "c2s",
      attempts: 6,
      lastError: "HTTP 504",
      createdAt: expect.any(Number),
    });

    const exact = await allPages(`/admin/business-lines/${id}/dead-letters`, 5);
    expect(exact.sizes).toEqual([5]);
  });

  it("discards a dead letter with its audit entry; a miss changes and audits nothing", async () => {
    const id = await line();
    const dead = await event(id, 2, "webhook answered 502");
    const pending = await event(id, 0);
    const discard = (as: Signed, eventId: string) =>
      call(as, { method: "POST", url: `/admin/business-lines/${id}/dead-letters/${eventId}/discard` });
    const left = (eventId: string) => gateway.db.prisma.outboxEvent.count({ where: { eventId } });

    expect((await discard(viewer, dead)).statusCode).toBe(403);
    expect((await discard(admin, pending)).statusCode).toBe(404);
    expect(await left(dead)).toBe(1);
    expect(await left(pending)).toBe(1);
    expect(await auditOf("dead-letter.discard")).toEqual([]);

    const res = await discard(admin, dead);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ discarded: 1 });
    expect(await left(dead)).toBe(0);
    expect(await auditOf("dead-letter.discard")).toEqual([
      {
        operator_id: admin.operatorId,
        target: dead,
        detail: { businessId: id, kind: "c2s", attempts: 6, lastError: "webhook answered 502" },
      },
    ]);
    expect((await discard(admin, dead)).statusCode).toBe(404);
  });

  it("changes the target by the c2s rules, refusing a webhook that is not an http(s) URL", async () => {
    const id = await line();
    const patch = (payload: object) =>
      call(admin, { method: "PATCH", url: `/admin/business-lines/${id}/target`, payload });

    const refused = await patch({ webhookUrl: "ftp://example.com/hook", webhookSecret: "s".repeat(16) });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe("INVALID_ARGUMENT");

    const res = await patch({ webhookUrl: "https://example.com/hook", webhookSecret: "s".repeat(16), paused: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ webhookUrl: "https://example.com/hook", hasSecret: true, stream: true, paused: true });
  });
});

describe("OpenAPI", () => {
  it("documents the console routes", async () => {
    const doc = (await app.inject({ method: "GET", url: "/openapi.json" })).json();
    const listed = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    for (const e of [
      "GET /admin/stats/live",
      "GET /admin/stats/history",
      "GET /admin/online",
      "GET /admin/users/{uid}",
      "GET /admin/operators",
      "POST /admin/operators",
      "PATCH /admin/operators/{id}",
      "POST /admin/operators/{id}/password",
      "POST /admin/me/password",
    ])
      expect(listed).toContain(e);
  });
});
