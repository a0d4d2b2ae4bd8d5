import { randomUUID } from "node:crypto";
import { ConvType } from "@im/core";
import { createDb, type Db } from "@im/db";
import { createTestDatabase, type TestDatabase } from "@im/testing";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeConversationStoreContract, type GroupMessageSend } from "./conversation-store.contract.ts";
import { PgConversationStore } from "./conversation-store-pg.ts";
import { upsertConversations } from "./conversation-writes.ts";
import { PgGroupStore } from "./group-store-pg.ts";
import { createPgStorage } from "./index.ts";

/**
 * Writes what a group append writes (seqs, message, inbox entries, conversation
 * rows) in the caller's transaction and in the same lock order: user_seqs, then
 * conversations, so a test can hold an append's transaction open at will.
 */
async function writeGroupMessage(
  client: pg.PoolClient,
  { groupId, fromUid, memberUids, content }: GroupMessageSend,
): Promise<{ msgId: number; seqs: Map<string, number> }> {
  const owners = [fromUid, ...memberUids];
  const { rows: seqRows } = await client.query<{ owner_id: string; last_seq: number }>(
    `INSERT INTO user_seqs (owner_id, last_seq) SELECT o, 1 FROM unnest($1::text[]) AS o ORDER BY o
     ON CONFLICT (owner_id) DO UPDATE SET last_seq = user_seqs.last_seq + 1 RETURNING owner_id, last_seq`,
    [owners],
  );
  const seqs = new Map(seqRows.map((r) => [r.owner_id, r.last_seq]));
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO messages (conv_type, sender_id, target_id, client_msg_id, sender_seq, content_type, content)
     VALUES ($1, $2, $3, $4, $5, 1, $6) RETURNING id`,
    [ConvType.GROUP, fromUid, groupId, randomUUID(), seqs.get(fromUid), content],
  );
  const msgId = rows[0]?.id as number;
  await client.query(
    `INSERT INTO inbox (owner_id, seq, message_id, conv_type, conv_id, sender_id)
     SELECT o, s, $3, $4, $5, $6 FROM unnest($1::text[], $2::bigint[]) AS t(o, s)`,
    [owners, owners.map((o) => seqs.get(o)), msgId, ConvType.GROUP, groupId, fromUid],
  );
  await upsertConversations(
    client,
    owners.map((owner) => ({
      owner,
      convType: ConvType.GROUP,
      convId: groupId,
      seq: seqs.get(owner) as number,
      msgId,
      senderId: fromUid,
    })),
  );
  return { msgId, seqs };
}

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK");
    throw err;
  } finally {
    client.release();
  }
}

describeConversationStoreContract("postgres", async () => {
  const testDb = await createTestDatabase();
  const admin = createDb({ url: testDb.url, max: 4 });
  const writer = createPgStorage(admin, { lingerMs: 1 });
  const groups = new PgGroupStore(admin.prisma);
  const createdGroups = new Set<string>();
  return {
    async open() {
      const db: Db = createDb({ url: testDb.url, max: 8 });
      const storage = createPgStorage(db, { lingerMs: 1 });
      return {
        messages: storage.messages,
        conversations: new PgConversationStore(db.pool),
        async close() {
          await storage.close();
          await db.close();
        },
      };
    },
    // Through the real group send: a group store on the same database creates the group first.
    async sendGroup({ groupId, fromUid, memberUids, content }) {
      if (!createdGroups.has(groupId)) {
        for (const uid of [fromUid, ...memberUids]) await writer.users.login({ uid, deviceId: "d", deviceType: 1 });
        await groups.create({ id: groupId, name: groupId, ownerUid: fromUid, memberUids });
        createdGroups.add(groupId);
      }
      const ack = await writer.messages.appendGroup({
        fromUid,
        groupId,
        clientMsgId: randomUUID(),
        contentType: 1,
        content,
      });
      return { msgId: ack.msgId, seqs: new Map(ack.writes.map((w) => [w.ownerUid, w.message.seq])) };
    },
    async cleanup() {
      await writer.close();
      await admin.close();
      await testDb.drop();
    },
  };
});

describe("PgConversationStore", () => {
  let testDb: TestDatabase;
  let db: Db;
  let conversations: PgConversationStore;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = createDb({ url: testDb.url, max: 4 });
    conversations = new PgConversationStore(db.pool);
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it("counts the entries of an append that commits while a read waits for the conversation", async () => {
    const [alice, bob] = ["r-alice", "r-bob"];
    const send = { groupId: "r-group", fromUid: alice, memberUids: [bob], content: "m" };
    const first = [];
    for (let i = 0; i < 3; i++) first.push(await inTransaction(db.pool, (c) => writeGroupMessage(c, send)));

    // An append holds bob's conversation row: inbox entries written, not committed yet.
    const appender = await db.pool.connect();
    await appender.query("BEGIN");
    await writeGroupMessage(appender, send);
    await writeGroupMessage(appender, send);

    let settled = false;
    const read = conversations.markRead(bob, ConvType.GROUP, "r-group", first[1]?.seqs.get(bob) as number);
    void read.finally(() => {
      settled = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(settled).toBe(false);
    await appender.query("COMMIT");
    appender.release();

    // One entry above the read position was committed before, two by the append it waited for.
    expect(await read).toMatchObject({ readSeq: 2, unread: 3, changed: true, lastReadMsgId: first[1]?.msgId });
    expect(await conversations.get(bob, ConvType.GROUP, "r-group")).toMatchObject({
      lastSeq: 5,
      readSeq: 2,
      unread: 3,
    });
  });

  it("reads the list with one statement per page", async () => {
    const owner = "l-owner";
    for (let i = 0; i < 30; i++) {
      await inTransaction(db.pool, (c) =>
        writeGroupMessage(c, {
          groupId: `l-group-${i}`,
          fromUid: `l-sender-${i}`,
          memberUids: [owner],
          content: `${i}`,
        }),
      );
    }
    const queries: string[] = [];
    const query = db.pool.query.bind(db.pool);
    const counting = new PgConversationStore({
      query: (q: pg.QueryConfig) => {
        queries.push(q.text);
        return query(q);
      },
    } as unknown as pg.Pool);
    const page = await counting.list(owner, { limit: 25 });
    expect(page.conversations).toHaveLength(25);
    expect(page.conversations.every((c) => c.lastMessage?.content === String(c.lastSeq - 1))).toBe(true);
    const next = await counting.list(owner, { cursor: page.nextCursor, limit: 25 });
    expect(next.conversations.map((c) => c.convId)).toEqual([
      "l-group-4",
      "l-group-3",
      "l-group-2",
      "l-group-1",
      "l-group-0",
    ]);
    expect(queries).toHaveLength(2);
  });
});
