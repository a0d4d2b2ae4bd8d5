import { type AppendResult, type GroupSend, ImError } from "@im/core";
import { createDb, type Db } from "@im/db";
import { createTestDatabase, type TestDatabase } from "@im/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GROUP_GATE_CLASS, groupGateKey, PgGroupStore } from "./group-store-pg.ts";
import { PgMessageStore, type PgMessageStoreOptions } from "./message-store-pg.ts";

interface InboxRow {
  owner_id: string;
  seq: number;
  message_id: number;
  conv_type: number;
  conv_id: string;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function say(fromUid: string, groupId: string, content: string, clientMsgId: string): GroupSend {
  return { fromUid, groupId, clientMsgId, contentType: 1, content };
}

describe("group sends on PostgreSQL", () => {
  let testDb: TestDatabase;
  let admin: pg.Client;
  const dbs: Db[] = [];
  const stores: PgMessageStore[] = [];

  function openDb(): Db {
    const db = createDb({ url: testDb.url, max: 8 });
    dbs.push(db);
    return db;
  }

  function openMessages(opts: PgMessageStoreOptions = {}): PgMessageStore {
    const store = new PgMessageStore(openDb().pool, { lingerMs: 1, ...opts });
    stores.push(store);
    return store;
  }

  async function createUsers(uids: string[]): Promise<void> {
    await admin.query("INSERT INTO users (id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING", [uids]);
  }

  async function inboxOf(owners: string[]): Promise<Map<string, InboxRow[]>> {
    const { rows } = await admin.query<InboxRow>(
      `SELECT owner_id, seq::int AS seq, message_id::int AS message_id, conv_type, conv_id
         FROM inbox WHERE owner_id = ANY($1::text[]) ORDER BY owner_id, seq`,
      [owners],
    );
    const byOwner = new Map<string, InboxRow[]>(owners.map((o) => [o, []]));
    for (const r of rows) byOwner.get(r.owner_id)?.push(r);
    return byOwner;
  }

  /** Every timeline 1..n without a gap or a repeated message, and user_seqs agreeing with it. */
  async function expectContiguous(owners: string[]): Promise<Map<string, InboxRow[]>> {
    const inboxes = await inboxOf(owners);
    const { rows } = await admin.query<{ owner_id: string; last_seq: number }>(
      "SELECT owner_id, last_seq::int AS last_seq FROM user_seqs WHERE owner_id = ANY($1::text[])",
      [owners],
    );
    const last = new Map(rows.map((r) => [r.owner_id, r.last_seq]));
    for (const [owner, inbox] of inboxes) {
      expect(
        inbox.map((r) => r.seq),
        owner,
      ).toEqual(range(inbox.length).map((i) => i + 1));
      expect(new Set(inbox.map((r) => r.message_id)).size, owner).toBe(inbox.length);
      expect(last.get(owner) ?? 0, owner).toBe(inbox.length);
    }
    return inboxes;
  }

  /** Conversation rows agree with the inbox: last seq, and unread = entries from others (nothing read yet). */
  async function expectConversationsMatchInbox(owners: string[]): Promise<void> {
    const { rows } = await admin.query(
      `SELECT i.owner_id, i.conv_type, i.conv_id
         FROM (SELECT owner_id, conv_type, conv_id, max(seq) AS last_seq,
                      count(*) FILTER (WHERE sender_id <> owner_id) AS unread
                 FROM inbox WHERE owner_id = ANY($1::text[])
                GROUP BY owner_id, conv_type, conv_id) i
         LEFT JOIN conversations c USING (owner_id, conv_type, conv_id)
        WHERE c.owner_id IS NULL OR c.last_seq <> i.last_seq OR c.unread <> i.unread`,
      [owners],
    );
    expect(rows).toEqual([]);
  }

  beforeAll(async () => {
    testDb = await createTestDatabase();
    admin = new pg.Client({ connectionString: testDb.url });
    await admin.connect();
  });
  afterAll(async () => {
    for (const s of stores) await s.close().catch(() => {});
    for (const db of dbs) await db.close();
    await admin?.end();
    await testDb?.drop();
  });

  it("delivers one message of a 500-member group to every member once, with a conversation row each", async () => {
    const members = range(500).map((i) => `g500-${String(i).padStart(3, "0")}`);
    const [owner, sender] = members as [string, string];
    await createUsers(members);
    const groups = new PgGroupStore(openDb().prisma);
    const messages = openMessages();
    const group = await groups.create({ name: "big", ownerUid: owner, memberUids: members });
    // Some members have history already, so their entry is not seq 1.
    for (const [i, m] of members.slice(0, 50).entries()) {
      await messages.appendC2C({ fromUid: sender, toUid: m, clientMsgId: `pre-${i}`, contentType: 1, content: "hi" });
    }
    const senderSeqBefore = await messages.maxSeq(sender);

    const ack = await messages.appendGroup(say(sender, group.id, "hello 500", "hello"));
    expect(ack.senderSeq).toBe(senderSeqBefore + 1);
    expect(ack.writes).toHaveLength(500);
    expect(new Set(ack.writes.map((w) => w.ownerUid)).size).toBe(500);

    const inboxes = await expectContiguous(members);
    for (const m of members) {
      const entries = (inboxes.get(m) ?? []).filter((r) => r.message_id === ack.msgId);
      expect(entries, m).toHaveLength(1);
      expect(entries[0]).toMatchObject({ conv_type: 2, conv_id: group.id });
      expect(entries[0]?.seq).toBe(ack.writes.find((w) => w.ownerUid === m)?.message.seq);
    }
    const { rows: convs } = await admin.query<{ owner_id: string; unread: number; last_seq: number }>(
      `SELECT owner_id, unread, last_seq::int AS last_seq FROM conversations
        WHERE conv_type = 2 AND conv_id = $1 ORDER BY owner_id`,
      [group.id],
    );
    expect(convs).toHaveLength(500);
    for (const c of convs) {
      expect(c.unread, c.owner_id).toBe(c.owner_id === sender ? 0 : 1);
      expect(c.last_seq).toBe(inboxes.get(c.owner_id)?.at(-1)?.seq);
    }
    const { rows: stored } = await admin.query(
      "SELECT conv_type, target_id, sender_seq::int FROM messages WHERE id = $1",
      [ack.msgId],
    );
    expect(stored).toEqual([{ conv_type: 2, target_id: group.id, sender_seq: ack.senderSeq }]);
  });

  it("stores a send to a 2,000-member group", async () => {
    const members = range(2000).map((i) => `g2k-${i}`);
    await createUsers(members);
    const groups = new PgGroupStore(openDb().prisma);
    const messages = openMessages();
    const group = await groups.create({ name: "huge", ownerUid: members[0] as string, memberUids: members });
    const ack = await messages.appendGroup(say(members[1] as string, group.id, "hello 2k", "hello"));
    expect(ack.writes).toHaveLength(2000);
    const { rows } = await admin.query(
      `SELECT (SELECT count(DISTINCT owner_id)::int FROM inbox WHERE message_id = $1) AS entries,
              (SELECT count(*)::int FROM conversations WHERE conv_type = 2 AND conv_id = $2) AS conversations`,
      [ack.msgId, group.id],
    );
    expect(rows[0]).toEqual({ entries: 2000, conversations: 2000 });
  });

  it("splits a batch of big-group messages into transactions of bounded size, keeping call order", async () => {
    const members = range(500).map((i) => `split-${i}`);
    const sender = members[1] as string;
    await createUsers(members);
    const groups = new PgGroupStore(openDb().prisma);
    const batches: number[] = [];
    const messages = openMessages({ maxEntriesPerTransaction: 1200, onBatch: ({ size }) => batches.push(size) });
    const group = await groups.create({ name: "split", ownerUid: members[0] as string, memberUids: members });
    const acks = await Promise.all(range(7).map((i) => messages.appendGroup(say(sender, group.id, `#${i}`, `${i}`))));
    expect(acks.map((a) => a.senderSeq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(7);
    expect(Math.max(...batches)).toBeLessThanOrEqual(2);
    const inboxes = await expectContiguous(members);
    for (const inbox of inboxes.values()) expect(inbox.map((r) => r.message_id)).toEqual(acks.map((a) => a.msgId));
  });

  it("orders a membership change after the sends in flight and before the sends that queue behind it", async () => {
    const [owner, member] = ["lock-owner", "lock-member"];
    await createUsers([owner, member]);
    const groups = new PgGroupStore(openDb().prisma);
    const messages = openMessages();
    const group = await groups.create({ name: "locks", ownerUid: owner, memberUids: [member] });
    // A stand-in for a send in flight: it holds what a sending transaction holds on the group.
    const inFlight = new pg.Client({ connectionString: testDb.url });
    await inFlight.connect();
    const watcher = openDb().pool;
    const order: string[] = [];
    try {
      await inFlight.query("BEGIN");
      await inFlight.query("SELECT pg_advisory_xact_lock_shared($1, $2)", [GROUP_GATE_CLASS, groupGateKey(group.id)]);
      await inFlight.query("SELECT 1 FROM groups WHERE id = $1 FOR SHARE", [group.id]);
      // Waiters on a lock in this test's database, seen from outside the in-flight transaction.
      const waiting = async () =>
        (
          await watcher.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
          )
        ).rows[0]!.n;
      const removal = groups.removeMembers({ uid: owner }, group.id, [member]).then(() => order.push("removed"));
      await expect.poll(waiting, { timeout: 5000 }).toBe(1);
      const later = messages.appendGroup(say(owner, group.id, "after removal", "1")).then((ack) => {
        order.push("sent");
        return ack;
      });
      await expect.poll(waiting, { timeout: 5000 }).toBe(2);
      expect(order).toEqual([]);
      await inFlight.query("COMMIT");
      const [, ack] = await Promise.all([removal, later]);
      expect(order).toEqual(["removed", "sent"]);
      expect(ack.writes.map((w) => w.ownerUid)).toEqual([owner]);
    } finally {
      await inFlight.end();
    }
    expect(await messages.maxSeq(member)).toBe(0);
  });

  it("lets membership changes through while a group is sent to without pause", async () => {
    const members = range(50).map((i) => `busy-${i}`);
    const [owner] = members as [string];
    const newcomers = range(4).map((i) => `busy-new-${i}`);
    await createUsers([...members, ...newcomers]);
    const groups = new PgGroupStore(openDb().prisma);
    const servers = [openMessages({ lanes: 4 }), openMessages({ lanes: 4 })];
    const group = await groups.create({ name: "busy", ownerUid: owner, memberUids: members });
    let sending = true;
    let sent = 0;
    const give = setTimeout(() => {
      sending = false;
    }, 10_000);
    const load = Promise.all(
      range(16).map(async (n) => {
        const server = servers[n % 2] as PgMessageStore;
        const sender = members[n] as string;
        await Promise.all(
          range(8).map(async (w) => {
            for (let i = 0; sending; i++) {
              await server.appendGroup(say(sender, group.id, "x", `${w}-${i}`));
              sent++;
            }
          }),
        );
      }),
    );
    // Shared row locks alone would let fresh senders pass a waiting change forever.
    await new Promise((r) => setTimeout(r, 100));
    let changes = 0;
    for (const u of newcomers) {
      await groups.addMembers({ uid: owner }, group.id, [u]);
      await groups.removeMembers({ uid: owner }, group.id, [u]);
      if (sending) changes += 2;
    }
    const sentDuringChanges = sent;
    sending = false;
    clearTimeout(give);
    await load;
    expect(changes).toBe(newcomers.length * 2);
    expect(sentDuringChanges).toBeGreaterThan(0);
    await expectContiguous([...members, ...newcomers]);
  });

  it("keeps timelines exact while members send and others join and leave concurrently", async () => {
    const senders = range(10).map((i) => `conc-s${i}`);
    const bystanders = range(20).map((i) => `conc-b${i}`);
    const churners = range(12).map((i) => `conc-c${i}`);
    const owner = "conc-owner";
    const everyone = [owner, ...senders, ...bystanders, ...churners];
    await createUsers(everyone);
    const groupStore = new PgGroupStore(openDb().prisma);
    // Two servers sending, a third changing memberships.
    const servers = [openMessages({ lanes: 4 }), openMessages({ lanes: 4 })];
    const [g1, g2] = await Promise.all(
      ["conc-1", "conc-2"].map((id) =>
        groupStore.create({ id, name: id, ownerUid: owner, memberUids: [...senders, ...bystanders] }),
      ),
    );
    const groupIds = [(g1 as { id: string }).id, (g2 as { id: string }).id];

    // A logical clock orders what the test saw resolve.
    let clock = 0;
    const tick = () => ++clock;
    interface Sent {
      groupId: string;
      calledAt: number;
      ackedAt: number;
      ack: AppendResult;
    }
    const sent: Sent[] = [];
    interface Stint {
      addCalledAt: number;
      addedAt: number;
      removeCalledAt: number;
      removedAt: number;
    }
    const stints = new Map<string, Stint[]>(); // `${groupId} ${uid}` → membership periods
    let sending = true;

    const perSender = 30;
    const sendAll = Promise.all(
      senders.map(async (s, n) => {
        const server = servers[n % servers.length] as PgMessageStore;
        let next = 0;
        const worker = async () => {
          while (next < perSender) {
            const i = next++;
            if (i % 10 === 9) {
              // Direct messages mixed in: c2c batches take user_seqs and conversation locks too.
              const to = churners[(n + i) % churners.length] as string;
              await server.appendC2C({ fromUid: s, toUid: to, clientMsgId: `c${i}`, contentType: 1, content: "dm" });
              continue;
            }
            const groupId = groupIds[i % 2] as string;
            const calledAt = tick();
            const ack = await server.appendGroup(say(s, groupId, `${s}#${i}`, `g${i}`));
            sent.push({ groupId, calledAt, ackedAt: tick(), ack });
          }
        };
        await Promise.all(range(5).map(worker));
      }),
    ).finally(() => {
      sending = false;
    });

    const churn = Promise.all(
      churners.map(async (u, n) => {
        while (sending) {
          const groupId = groupIds[n % 2] as string;
          const key = `${groupId} ${u}`;
          const addCalledAt = tick();
          await groupStore.addMembers(n % 3 === 0 ? { system: true } : { uid: owner }, groupId, [u]);
          const addedAt = tick();
          await new Promise((r) => setTimeout(r, 5 + ((n * 7) % 11)));
          const removeCalledAt = tick();
          // Some are removed, some leave.
          await groupStore.removeMembers(n % 2 === 0 ? { uid: owner } : { uid: u }, groupId, [u]);
          const removedAt = tick();
          const list = stints.get(key) ?? [];
          list.push({ addCalledAt, addedAt, removeCalledAt, removedAt });
          stints.set(key, list);
          await new Promise((r) => setTimeout(r, 3));
        }
      }),
    );
    await Promise.all([sendAll, churn]);

    expect(sent).toHaveLength(senders.length * 27);
    const inboxes = await expectContiguous(everyone);
    await expectConversationsMatchInbox(everyone);
    const holders = new Map<number, Set<string>>();
    for (const [owner_, inbox] of inboxes) {
      for (const r of inbox) {
        let set = holders.get(r.message_id);
        if (!set) {
          set = new Set();
          holders.set(r.message_id, set);
        }
        set.add(owner_);
      }
    }
    let churnDeliveries = 0;
    let churnMisses = 0;
    for (const m of sent) {
      const got = holders.get(m.ack.msgId) ?? new Set<string>();
      expect(got.size).toBe(m.ack.writes.length);
      for (const u of [owner, ...senders, ...bystanders]) expect(got.has(u), `${u} misses ${m.ack.msgId}`).toBe(true);
      for (const u of churners) {
        const periods = stints.get(`${m.groupId} ${u}`) ?? [];
        const has = got.has(u);
        if (has) {
          churnDeliveries++;
          // The send overlapped a membership: it resolved after the join was asked for, and
          // was made before the removal resolved. (Its ack may be observed before the join's:
          // both commits happen, and their continuations run in either order.)
          const inside = periods.some((p) => p.addCalledAt < m.ackedAt && m.calledAt < p.removedAt);
          expect(inside, `${u} got ${m.ack.msgId} outside its membership`).toBe(true);
        } else {
          churnMisses++;
          // Sent entirely within a membership: it must have arrived.
          const within = periods.some((p) => p.addedAt < m.calledAt && m.ackedAt < p.removeCalledAt);
          expect(within, `${u} missed ${m.ack.msgId} while a member`).toBe(false);
        }
      }
    }
    // The run did exercise both sides.
    expect(churnDeliveries).toBeGreaterThan(0);
    expect(churnMisses).toBeGreaterThan(0);
    expect([...stints.values()].flat().length).toBeGreaterThan(churners.length);
  });

  it("refuses a send with a clear error after the sender was removed, and stores nothing", async () => {
    const [owner, member] = ["rm-owner", "rm-member"];
    await createUsers([owner, member]);
    const groups = new PgGroupStore(openDb().prisma);
    const messages = openMessages();
    const group = await groups.create({ name: "rm", ownerUid: owner, memberUids: [member] });
    await messages.appendGroup(say(member, group.id, "in", "1"));
    await groups.removeMembers({ uid: owner }, group.id, [member]);
    const err = await messages.appendGroup(say(member, group.id, "out", "2")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImError);
    expect((err as ImError).kind).toBe("NOT_GROUP_MEMBER");
    const { rows } = await admin.query("SELECT count(*)::int AS n FROM messages WHERE sender_id = $1", [member]);
    expect(rows[0].n).toBe(1);
    expect(await messages.maxSeq(owner)).toBe(1);
  });
});
