import { randomUUID } from "node:crypto";
import { ConvType } from "@im/core";
import type { Db } from "@im/db";
import type { Storage } from "@im/storage";
import type { FastifyInstance, InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayFixture, startGateway } from "../test-support.ts";
import { csvField } from "./archive-format.ts";
import { createOperator } from "./operators.ts";
import { SESSION_COOKIE } from "./session-hook.ts";

let gateway: GatewayFixture;
let db: Db;
let storage: Storage;
let app: FastifyInstance;

interface Signed {
  cookie: string;
  csrfToken: string;
}

const ADMIN = { username: "archivist", password: "correct horse battery" };
const VIEWER = { username: "onlooker", password: "just looking around" };

async function login(credentials: { username: string; password: string }): Promise<Signed> {
  const res = await app.inject({ method: "POST", url: "/admin/login", payload: credentials });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  return { cookie: cookie?.value ?? "", csrfToken: res.json().csrfToken };
}

function call(as: Signed, opts: InjectOptions) {
  return app.inject({ ...opts, cookies: { [SESSION_COOKIE]: as.cookie }, headers: { "x-csrf-token": as.csrfToken } });
}

async function user(name: string): Promise<string> {
  const uid = `${name}-${randomUUID().slice(0, 8)}`;
  await db.pool.query("INSERT INTO users (id, name) VALUES ($1, $2)", [uid, name]);
  return uid;
}

async function c2c(from: string, to: string, content: string) {
  return storage.messages.appendC2C({ fromUid: from, toUid: to, clientMsgId: randomUUID(), contentType: 1, content });
}

async function lastAudit(action: string) {
  const { rows } = await db.pool.query(
    `SELECT a.target, a.detail, o.username FROM audit_log a JOIN operators o ON o.id = a.operator_id
     WHERE a.action = $1 ORDER BY a.id DESC LIMIT 1`,
    [action],
  );
  return rows[0];
}

let admin: Signed;
let viewerId: string;

beforeAll(async () => {
  gateway = await startGateway();
  ({ db, storage, app } = gateway);
  await createOperator(db.pool, { ...ADMIN, role: "admin" });
  viewerId = (await createOperator(db.pool, { ...VIEWER, role: "viewer" })).id;
  admin = await login(ADMIN);
});

afterAll(async () => {
  await gateway?.stop();
});

describe("archive search", () => {
  it("finds a substring, CJK included, through the trigram index rather than a sequential scan", async () => {
    const [a, b] = [await user("ann"), await user("ben")];
    const latin = await c2c(a, b, "The zebrafish quarterly report is ready");
    const cjk = await c2c(a, b, "明天下午三点开会讨论预算");
    await c2c(a, b, "nothing to see");

    const found = (await call(admin, { method: "GET", url: "/admin/messages?q=ZEBRAFISH%20quart" })).json();
    expect(found.items.map((m: { msgId: number }) => m.msgId)).toEqual([latin.msgId]);
    expect(found.items[0]).toMatchObject({ senderId: a, targetId: b, convId: b, clientMsgId: expect.any(String) });
    const han = (
      await call(admin, { method: "GET", url: `/admin/messages?q=${encodeURIComponent("三点开会")}` })
    ).json();
    expect(han.items.map((m: { msgId: number }) => m.msgId)).toEqual([cjk.msgId]);

    // With sequential scans priced out, a plan that still scans the table means the index cannot answer.
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL enable_seqscan = off");
      for (const q of ["%zebrafish%", "%三点开会%"]) {
        const { rows } = await client.query(
          "EXPLAIN SELECT id FROM messages m WHERE m.content ILIKE $1 ORDER BY m.id DESC LIMIT 51",
          [q],
        );
        const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
        expect(plan).toContain("messages_content_trgm_idx");
        expect(plan).not.toMatch(/Seq Scan/);
      }
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
  });

  it("pages with a keyset cursor, newest first, without repeats or gaps", async () => {
    const [a, b] = [await user("cat"), await user("dan")];
    const sent: number[] = [];
    for (let i = 0; i < 5; i++) sent.push((await c2c(a, b, `paging marker ${i}`)).msgId);
    const seen: number[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const url: string = `/admin/messages?uid=${a}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = (await call(admin, { method: "GET", url })).json();
      seen.push(...page.items.map((m: { msgId: number }) => m.msgId));
      expect(page.messages).toEqual(page.items);
      cursor = page.nextCursor;
      if (cursor === null) break;
    }
    expect(seen).toEqual([...sent].reverse());
    const bad = await call(admin, { method: "GET", url: "/admin/messages?cursor=abc" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("INVALID_ARGUMENT");
  });

  it("filters by conversation and time, and summarises delivery and reads", async () => {
    const [a, b, c] = [await user("eve"), await user("fay"), await user("gus")];
    const toB = await c2c(a, b, "for fay");
    await c2c(a, c, "for gus");
    const byConv = (await call(admin, { method: "GET", url: `/admin/messages?convType=1&convId=${b}` })).json();
    expect(byConv.items.map((m: { msgId: number }) => m.msgId)).toEqual([toB.msgId]);
    expect(byConv.items[0].delivery).toEqual({ recipients: 1, delivered: 0, read: 0 });

    const seq = toB.writes.find((w) => w.ownerUid === b)?.message.seq ?? 0;
    storage.messages.markDelivered(b, [seq]);
    await storage.messages.flush();
    await storage.conversations.markRead(b, ConvType.C2C, a, seq);
    const after = (await call(admin, { method: "GET", url: `/admin/messages?convType=1&convId=${b}` })).json();
    expect(after.items[0].delivery).toEqual({ recipients: 1, delivered: 1, read: 1 });

    const future = (
      await call(admin, { method: "GET", url: `/admin/messages?uid=${a}&from=${Date.now() + 60_000}` })
    ).json();
    expect(future.items).toEqual([]);
    expect((await call(admin, { method: "GET", url: "/admin/messages?convType=1" })).statusCode).toBe(400);
  });
});

describe("archive time windows", () => {
  it("finds messages of a window that ended in the past, newest first, and pages through them", async () => {
    const sender = await user("old");
    const day = 86_400_000;
    const now = Date.now();
    const { rows } = await db.pool.query<{ id: string }>(
      `INSERT INTO messages (conv_type, sender_id, target_id, client_msg_id, content_type, content, created_at)
       SELECT 1, $1, 'someone', 'old-' || n, 1, 'archived note ' || n, $2::timestamptz - n * interval '1 day'
       FROM generate_series(1, 4) n ORDER BY n DESC RETURNING id`,
      [sender, new Date(now)],
    );
    const ids = rows.map((r) => Number(r.id)); // 4, 3, 2, 1 days ago
    const window = `from=${now - 3.5 * day}&to=${now - 1.5 * day}`;
    const first = (
      await call(admin, { method: "GET", url: `/admin/messages?q=archived%20note&${window}&limit=1` })
    ).json();
    const second = (
      await call(admin, {
        method: "GET",
        url: `/admin/messages?q=archived%20note&${window}&limit=1&cursor=${first.nextCursor}`,
      })
    ).json();
    expect([...first.items, ...second.items].map((m: { msgId: number }) => m.msgId)).toEqual([ids[2], ids[1]]);
    expect(second.nextCursor).toBeNull();
  });
});

describe("transcript", () => {
  it("pages a c2c conversation back in time, newest last, with each recipient's state", async () => {
    const [a, b] = [await user("hal"), await user("ida")];
    const ids: number[] = [];
    const seqOfB: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = i % 2 === 0 ? await c2c(a, b, `line ${i}`) : await c2c(b, a, `line ${i}`);
      ids.push(r.msgId);
      if (i % 2 === 0) seqOfB.push(r.writes.find((w) => w.ownerUid === b)?.message.seq ?? 0);
    }
    // b read up to the first message a sent.
    await storage.conversations.markRead(b, ConvType.C2C, a, seqOfB[0] ?? 0);

    const first = (
      await call(admin, { method: "GET", url: `/admin/conversations/1/${b}/messages?uid=${a}&limit=3` })
    ).json();
    expect(first.items.map((m: { msgId: number }) => m.msgId)).toEqual(ids.slice(2));
    expect(first.items.map((m: { content: string }) => m.content)).toEqual(["line 2", "line 3", "line 4"]);
    expect(first.nextBefore).toEqual(expect.any(Number));
    const older = (
      await call(admin, {
        method: "GET",
        url: `/admin/conversations/1/${b}/messages?uid=${a}&limit=3&before=${first.nextBefore}`,
      })
    ).json();
    expect(older.items.map((m: { msgId: number }) => m.msgId)).toEqual(ids.slice(0, 2));
    expect(older.nextBefore).toBeNull();
    expect(older.items[0].recipients).toEqual([{ uid: b, seq: seqOfB[0], deliveredAt: null, read: true }]);
    expect(first.items[2].recipients).toEqual([{ uid: b, seq: seqOfB[2], deliveredAt: null, read: false }]);
    expect(older.items[1].recipients).toMatchObject([{ uid: a, read: false }]);

    const audit = await lastAudit("messages.transcript");
    expect(audit).toMatchObject({ username: ADMIN.username, target: `1:${b}` });
    const noUid = await call(admin, { method: "GET", url: `/admin/conversations/1/${b}/messages` });
    expect(noUid.statusCode).toBe(400);
  });
});

describe("export", () => {
  it("streams CSV with escaped fields and JSON lines, and audits the export", async () => {
    const [a, b] = [await user("jon"), await user("kim")];
    const tricky = 'He said "hi", then\nleft; =SUM(A1)';
    await c2c(a, b, "plain");
    await c2c(a, b, tricky);
    const csv = await call(admin, { method: "GET", url: `/admin/messages/export?format=csv&uid=${a}` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.headers["content-disposition"]).toMatch(/^attachment; filename="messages-.*\.csv"$/);
    expect(csv.body.startsWith("msgId,createdAt,convType,senderId,targetId,clientMsgId,contentType,content\r\n")).toBe(
      true,
    );
    expect(csv.body).toContain(`,"He said ""hi"", then\nleft; =SUM(A1)"\r\n`);
    expect(csv.body.trimEnd().split("\r\n")).toHaveLength(3);

    const jsonl = await call(admin, { method: "GET", url: `/admin/messages/export?format=jsonl&uid=${a}` });
    const lines = jsonl.body
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((m) => m.content)).toEqual([tricky, "plain"]);
    expect(await lastAudit("messages.export")).toMatchObject({ username: ADMIN.username, target: "jsonl" });
  });

  it("exports more rows than one batch, each exactly once", async () => {
    const a = await user("lea");
    await db.pool.query(
      `INSERT INTO messages (conv_type, sender_id, target_id, client_msg_id, content_type, content)
       SELECT 1, $1, 'nobody', 'bulk-' || n, 1, 'bulk ' || n FROM generate_series(1, 2500) n`,
      [a],
    );
    const res = await call(admin, { method: "GET", url: `/admin/messages/export?uid=${a}` });
    const ids = res.body
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l).msgId as number);
    expect(ids).toHaveLength(2500);
    expect(new Set(ids).size).toBe(2500);
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
  });

  it("escapes CSV fields the way spreadsheets read them", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "x"')).toBe('"say ""x"""');
    expect(csvField("two\r\nlines")).toBe('"two\r\nlines"');
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField(-3)).toBe("-3");
    expect(csvField(null)).toBe("");
  });
});

describe("viewer privacy", () => {
  it("hides content from a viewer until an admin grants it, and audits content searches", async () => {
    const [a, b] = [await user("max"), await user("nia")];
    const secret = await c2c(a, b, "the secret password is swordfish");
    const viewer = await login(VIEWER);

    expect((await call(viewer, { method: "GET", url: "/admin/me" })).json().canReadContent).toBe(false);
    expect((await call(admin, { method: "GET", url: "/admin/me" })).json().canReadContent).toBe(true);
    const list = (await call(viewer, { method: "GET", url: `/admin/messages?uid=${a}` })).json();
    expect(list.items).toMatchObject([{ msgId: secret.msgId, content: null }]);
    const transcript = (
      await call(viewer, { method: "GET", url: `/admin/conversations/1/${b}/messages?uid=${a}` })
    ).json();
    expect(transcript.items).toMatchObject([{ msgId: secret.msgId, content: null }]);
    const exported = await call(viewer, { method: "GET", url: `/admin/messages/export?uid=${a}` });
    expect(JSON.parse(exported.body.trim()).content).toBeNull();
    await call(viewer, { method: "GET", url: "/admin/messages?q=swordfish" });
    expect(await lastAudit("messages.search")).toMatchObject({
      username: VIEWER.username,
      target: "swordfish",
      detail: { contentShown: false },
    });

    const refused = await call(viewer, {
      method: "PUT",
      url: `/admin/operators/${viewerId}/content-access`,
      payload: { canReadContent: true },
    });
    expect(refused.statusCode).toBe(403);
    const granted = await call(admin, {
      method: "PUT",
      url: `/admin/operators/${viewerId}/content-access`,
      payload: { canReadContent: true },
    });
    expect(granted.json()).toEqual({ id: viewerId, canReadContent: true });
    expect(await lastAudit("operator.content-access")).toMatchObject({ target: viewerId });

    expect((await call(viewer, { method: "GET", url: "/admin/me" })).json().canReadContent).toBe(true);
    const now = (await call(viewer, { method: "GET", url: "/admin/messages?q=swordfish" })).json();
    expect(now.items).toMatchObject([{ content: "the secret password is swordfish" }]);
    expect(await lastAudit("messages.search")).toMatchObject({ detail: { contentShown: true, results: 1 } });
    await call(viewer, { method: "GET", url: `/admin/conversations/1/${b}/messages?uid=${a}` });
    expect(await lastAudit("messages.transcript")).toMatchObject({ username: VIEWER.username });

    await call(admin, {
      method: "PUT",
      url: `/admin/operators/${viewerId}/content-access`,
      payload: { canReadContent: false },
    });
    const again = (await call(viewer, { method: "GET", url: `/admin/messages?uid=${a}` })).json();
    expect(again.items[0].content).toBeNull();
    const missing = await call(admin, {
      method: "PUT",
      url: "/admin/operators/nobody/content-access",
      payload: { canReadContent: true },
    });
    expect(missing.statusCode).toBe(404);
  });
});
