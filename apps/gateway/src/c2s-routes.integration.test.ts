import { OutboxStatus, PgOutboxStore } from "@im/outbox";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, createBusinessLine } from "./business-keys.ts";
import { type GatewayFixture, startGateway } from "./test-support.ts";

// A business line's own c2s delivery over /v1: its target and its dead letters, never another line's.

let f: GatewayFixture;
let outbox: PgOutboxStore;
let shopKey: string;
let otherKey: string;
let n = 0;

beforeAll(async () => {
  f = await startGateway();
  outbox = new PgOutboxStore(f.db.pool);
  await createBusinessLine(f.db, { id: "shop", name: "Shop" });
  await createBusinessLine(f.db, { id: "other", name: "Other" });
  shopKey = (await createApiKey(f.db, "shop")).key;
  otherKey = (await createApiKey(f.db, "other")).key;
});
afterAll(async () => {
  await outbox?.close();
  await f?.stop();
});

function as(key: string, opts: InjectOptions) {
  return f.app.inject({ ...opts, headers: { authorization: `Bearer ${key}` } });
}

/** Enqueues c2s events for a line and lets each die after one failed attempt. */
async function deadLetters(businessId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = await outbox.enqueueC2S({
      businessId,
      fromUid: "alice",
      clientMsgId: `m-${++n}`,
      contentType: 1,
      content: "x",
    });
    ids.push(r.eventId);
  }
  for (const e of await outbox.claimDue(100, 60_000)) {
    await outbox.markFailed(e.id, "webhook answered 500", "dead", e.eventId === ids[0] ? ["stream"] : []);
  }
  return ids;
}

const auditOf = async (action: string) =>
  (
    await f.db.pool.query<{ business_line_id: string; target: string; detail: Record<string, unknown> }>(
      "SELECT business_line_id, target, detail FROM audit_log WHERE action = $1 ORDER BY id",
      [action],
    )
  ).rows;

describe("/v1/c2s", () => {
  it("shows and changes the line's own target, never returning the secret", async () => {
    const before = await as(shopKey, { method: "GET", url: "/v1/c2s/target" });
    expect(before.json()).toEqual({ webhookUrl: null, hasSecret: false, stream: true, paused: false });

    const refused = await as(shopKey, {
      method: "PATCH",
      url: "/v1/c2s/target",
      payload: { webhookUrl: "https://shop.example/hook" },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toMatch(/needs a webhookSecret/);

    const secret = "shop-signing-secret-123";
    const changed = await as(shopKey, {
      method: "PATCH",
      url: "/v1/c2s/target",
      payload: { webhookUrl: "https://shop.example/hook", webhookSecret: secret, stream: false },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toEqual({
      webhookUrl: "https://shop.example/hook",
      hasSecret: true,
      stream: false,
      paused: false,
    });
    expect(changed.body).not.toContain(secret);
    expect((await as(otherKey, { method: "GET", url: "/v1/c2s/target" })).json().webhookUrl).toBeNull();
    expect(
      await f.db.prisma.businessLine.findUnique({
        where: { id: "shop" },
        select: { webhookUrl: true, webhookSecret: true, stream: true, paused: true },
      }),
    ).toEqual({ webhookUrl: "https://shop.example/hook", webhookSecret: secret, stream: false, paused: false });

    const entries = await auditOf("v1 PATCH /v1/c2s/target");
    expect(entries).toHaveLength(1); // the refused change wrote none
    const [entry] = entries;
    expect(entry).toMatchObject({
      business_line_id: "shop",
      target: "shop",
      detail: { secretChanged: true, after: { webhookUrl: "https://shop.example/hook", stream: false } },
    });
    expect(JSON.stringify(entry)).not.toContain(secret);

    const unchanged = await as(shopKey, { method: "PATCH", url: "/v1/c2s/target", payload: {} });
    expect(unchanged.statusCode, unchanged.body).toBe(200);
    expect(unchanged.json()).toEqual(changed.json());
  });

  it("lists only the line's own dead letters, with the last error and what each target took", async () => {
    const mine = await deadLetters("shop", 3);
    await deadLetters("other", 1);
    const page = await as(shopKey, { method: "GET", url: "/v1/c2s/dead-letters?limit=2" });
    expect(page.statusCode, page.body).toBe(200);
    const body = page.json();
    expect(body.items.map((i: { eventId: string }) => i.eventId)).toEqual([mine[2], mine[1]]);
    expect(body.items[0]).toMatchObject({
      kind: "c2s",
      fromUid: "alice",
      attempts: 1,
      lastError: "webhook answered 500",
      streamDelivered: false,
      webhookDelivered: false,
    });
    const next = await as(shopKey, { method: "GET", url: `/v1/c2s/dead-letters?cursor=${body.nextCursor}` });
    expect(next.json().items.map((i: { eventId: string }) => i.eventId)).toEqual([mine[0]]);
    expect(next.json().items[0].streamDelivered).toBe(true);
    expect(next.json().nextCursor).toBeNull();
  });

  it("retries one, retries all and discards the line's own dead letters only, each audited", async () => {
    await f.db.pool.query("TRUNCATE outbox");
    const mine = await deadLetters("shop", 3);
    const [theirs] = await deadLetters("other", 1);

    const foreign = await as(shopKey, { method: "POST", url: `/v1/c2s/dead-letters/${theirs}/retry` });
    expect(foreign.statusCode).toBe(404);
    expect((await as(shopKey, { method: "POST", url: `/v1/c2s/dead-letters/${theirs}/discard` })).statusCode).toBe(404);

    const one = await as(shopKey, { method: "POST", url: `/v1/c2s/dead-letters/${mine[0]}/retry` });
    expect(one.json()).toEqual({ retried: 1 });
    const gone = await as(shopKey, { method: "POST", url: `/v1/c2s/dead-letters/${mine[1]}/discard` });
    expect(gone.json()).toEqual({ discarded: 1 });
    const all = await as(shopKey, { method: "POST", url: "/v1/c2s/dead-letters/retry-all" });
    expect(all.json()).toEqual({ retried: 1 });

    const events = await outbox.listEvents({});
    const status = Object.fromEntries(events.map((e) => [e.eventId, e.status]));
    expect(status).toEqual({
      [mine[0] as string]: OutboxStatus.PENDING,
      [mine[2] as string]: OutboxStatus.PENDING,
      [theirs as string]: OutboxStatus.DEAD,
    });

    expect(await auditOf("v1 POST /v1/c2s/dead-letters/:eventId/retry")).toEqual([
      expect.objectContaining({ business_line_id: "shop", target: mine[0] }),
    ]);
    expect(await auditOf("v1 POST /v1/c2s/dead-letters/:eventId/discard")).toEqual([
      expect.objectContaining({
        business_line_id: "shop",
        target: mine[1],
        detail: expect.objectContaining({ attempts: 1, lastError: "webhook answered 500" }),
      }),
    ]);
    expect(await auditOf("v1 POST /v1/c2s/dead-letters/retry-all")).toEqual([
      expect.objectContaining({ business_line_id: "shop", detail: expect.objectContaining({ retried: 1 }) }),
    ]);
  });

  it("needs the c2s scope", async () => {
    const narrow = (await createApiKey(f.db, "shop", { scopes: ["messages"] })).key;
    const res = await as(narrow, { method: "GET", url: "/v1/c2s/dead-letters" });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/c2s scope/);
    const scoped = (await createApiKey(f.db, "shop", { scopes: ["c2s"] })).key;
    expect((await as(scoped, { method: "GET", url: "/v1/c2s/dead-letters" })).statusCode).toBe(200);
  });
});
