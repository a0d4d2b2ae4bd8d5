import { createDb, type Db } from "@im/db";
import { createTestDatabase, type TestDatabase } from "@im/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgStorage, type PgStorageOptions, type Storage } from "./index.ts";
import { describeMessageStoreContract } from "./message-store.contract.ts";

async function openPg(url: string, opts: PgStorageOptions = {}): Promise<{ db: Db; storage: Storage }> {
  const db = createDb({ url, max: 8 });
  return { db, storage: createPgStorage(db, { lingerMs: 1, ...opts }) };
}

describeMessageStoreContract("postgres", async () => {
  const testDb = await createTestDatabase();
  // Reads past the store, on a connection of its own.
  const reader = new pg.Client({ connectionString: testDb.url });
  await reader.connect();
  return {
    async open() {
      const { db, storage } = await openPg(testDb.url);
      return {
        messages: storage.messages,
        users: storage.users,
        async close() {
          await storage.close();
          await db.close();
        },
      };
    },
    async readInbox(owner) {
      const { rows } = await reader.query(
        `SELECT i.seq::int AS seq, m.id::int AS "msgId", m.content
           FROM inbox i JOIN messages m ON m.id = i.message_id
          WHERE i.owner_id = $1 ORDER BY i.seq`,
        [owner],
      );
      return rows;
    },
    async countMessages(fromUid) {
      const { rows } = await reader.query("SELECT count(*)::int AS n FROM messages WHERE sender_id = $1", [fromUid]);
      return rows[0].n;
    },
    async cleanup() {
      await reader.end();
      await testDb.drop();
    },
  };
});

describe("PgMessageStore", () => {
  let testDb: TestDatabase;
  let admin: pg.Client;
  const opened: { db: Db; storage: Storage }[] = [];

  async function open(opts: PgStorageOptions = {}) {
    const o = await openPg(testDb.url, opts);
    opened.push(o);
    return o.storage;
  }

  beforeAll(async () => {
    testDb = await createTestDatabase();
    admin = new pg.Client({ connectionString: testDb.url });
    await admin.connect();
  });
  afterAll(async () => {
    for (const o of opened) {
      await o.storage.close().catch(() => {});
      await o.db.close();
    }
    await admin?.end();
    await testDb?.drop();
  });

  it("commits many concurrent appends per transaction", async () => {
    const batches: number[] = [];
    const { messages } = await open({ lanes: 2, lingerMs: 2, onBatch: ({ size }) => batches.push(size) });
    await Promise.all(
      Array.from({ length: 400 }, (_, i) =>
        messages.appendC2C({ fromUid: `b-s${i % 8}`, toUid: "b-r", clientMsgId: `${i}`, contentType: 1, content: "x" }),
      ),
    );
    expect(batches.reduce((a, b) => a + b, 0)).toBe(400);
    expect(batches.length).toBeLessThanOrEqual(40);
    expect(await messages.maxSeq("b-r")).toBe(400);
  });

  it("fails a batch it cannot commit with a retryable UNAVAILABLE and recovers afterwards", async () => {
    const errors: unknown[] = [];
    const { messages } = await open({ onError: (err) => errors.push(err) });
    const ok = await messages.appendC2C({
      fromUid: "f-a",
      toUid: "f-b",
      clientMsgId: "1",
      contentType: 1,
      content: "1",
    });

    await admin.query("ALTER TABLE inbox RENAME TO inbox_away");
    try {
      const failed = await messages
        .appendC2C({ fromUid: "f-a", toUid: "f-b", clientMsgId: "2", contentType: 1, content: "2" })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(failed).toMatchObject({ name: "ImError", kind: "UNAVAILABLE" });
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      await admin.query("ALTER TABLE inbox_away RENAME TO inbox");
    }

    // The failed transaction left nothing behind: the retry is a new message with the next seq.
    const retry = await messages.appendC2C({
      fromUid: "f-a",
      toUid: "f-b",
      clientMsgId: "2",
      contentType: 1,
      content: "2",
    });
    expect(retry.duplicate).toBe(false);
    expect(retry.senderSeq).toBe(ok.senderSeq + 1);
    expect((await messages.pull("f-b", 0, 10)).messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it("writes delivery marks in the background without an explicit flush", async () => {
    const { messages } = await open({ deliveryFlushMs: 20 });
    await messages.appendC2C({ fromUid: "d-a", toUid: "d-b", clientMsgId: "1", contentType: 1, content: "1" });
    messages.markDelivered("d-b", [1]);
    let deliveredAt: Date | null = null;
    for (let i = 0; i < 100 && !deliveredAt; i++) {
      await new Promise((r) => setTimeout(r, 10));
      const { rows } = await admin.query("SELECT delivered_at FROM inbox WHERE owner_id = 'd-b' AND seq = 1");
      deliveredAt = rows[0]?.delivered_at ?? null;
    }
    expect(deliveredAt).toBeInstanceOf(Date);
    // A second mark does not move the first delivery time.
    messages.markDelivered("d-b", [1]);
    await messages.flush();
    const { rows } = await admin.query("SELECT delivered_at FROM inbox WHERE owner_id = 'd-b' AND seq = 1");
    expect(rows[0].delivered_at).toEqual(deliveredAt);
  });

  it("keeps the sender's seq with the message, so a retry is answered from the messages table", async () => {
    const { messages } = await open();
    await messages.appendC2C({ fromUid: "k-a", toUid: "k-b", clientMsgId: "1", contentType: 1, content: "1" });
    const ack = await messages.appendC2C({
      fromUid: "k-a",
      toUid: "k-b",
      clientMsgId: "2",
      contentType: 1,
      content: "2",
    });
    const { rows } = await admin.query(
      "SELECT id::int AS id, sender_seq::int AS sender_seq, target_id FROM messages WHERE sender_id = 'k-a' AND client_msg_id = '2'",
    );
    expect(rows).toEqual([{ id: ack.msgId, sender_seq: 2, target_id: "k-b" }]);
  });
});
