import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { migrate } from "./migrate.ts";
import { seedConsole } from "./seed-console.ts";
import { createTestDatabase, type TestDatabase } from "./test-database.ts";

let database: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  database = await createTestDatabase();
  await migrate(database.url);
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await database?.drop();
});

const one = async (sql: string) => (await client.query(sql)).rows[0];

it("seeds users, messages, inbox entries and conversations the way the message store would have written them", async () => {
  await seedConsole(client, { users: 300, messages: 5_000, groups: 20, groupSize: 5 });
  expect(await one("SELECT count(*)::int AS n FROM users")).toEqual({ n: 300 });
  expect(await one("SELECT count(*)::int AS n FROM messages")).toEqual({ n: 5_000 });
  // Every message has its sender's entry, and sender_seq points at it.
  expect(
    await one(`SELECT count(*)::int AS n FROM messages m
               LEFT JOIN inbox i ON i.owner_id = m.sender_id AND i.seq = m.sender_seq AND i.message_id = m.id
               WHERE i.owner_id IS NULL`),
  ).toEqual({ n: 0 });
  // Seqs are 1..n without gaps, in message order, and user_seqs holds the newest.
  expect(
    await one(`SELECT count(*)::int AS n FROM (
                 SELECT owner_id, max(seq) AS top, count(*) AS c FROM inbox GROUP BY owner_id
               ) t JOIN user_seqs u USING (owner_id) WHERE t.top <> t.c OR u.last_seq <> t.top`),
  ).toEqual({ n: 0 });
  expect(
    await one(`SELECT count(*)::int AS n FROM (
                 SELECT message_id < lag(message_id) OVER (PARTITION BY owner_id ORDER BY seq) AS backwards FROM inbox
               ) t WHERE backwards`),
  ).toEqual({ n: 0 });
  // c2c: two entries each; group: one per member.
  expect(
    await one(`SELECT count(*)::int AS n FROM messages m
               WHERE (SELECT count(*) FROM inbox i WHERE i.message_id = m.id) <> CASE m.conv_type WHEN 1 THEN 2 ELSE 5 END`),
  ).toEqual({ n: 0 });
  // Conversation rows agree with the inbox: last seq, and unread = others' entries past read_seq.
  expect(
    await one(`SELECT count(*)::int AS n FROM conversations c WHERE
                 c.last_seq <> (SELECT max(seq) FROM inbox i WHERE i.owner_id = c.owner_id AND i.conv_type = c.conv_type
                                AND i.conv_id = c.conv_id)
                 OR c.unread <> (SELECT count(*) FROM inbox i WHERE i.owner_id = c.owner_id AND i.conv_type = c.conv_type
                                 AND i.conv_id = c.conv_id AND i.seq > c.read_seq AND i.sender_id <> c.owner_id)`),
  ).toEqual({ n: 0 });
  expect((await one("SELECT count(*)::int AS n FROM conversations WHERE unread > 0")).n).toBeGreaterThan(0);
  expect((await one("SELECT count(*)::int AS n FROM messages WHERE content ILIKE '%meeting%'")).n).toBeGreaterThan(0);
  // A new message gets the next id.
  expect(
    await one(`INSERT INTO messages (conv_type, sender_id, target_id, client_msg_id, content_type, content)
               VALUES (1, 'u1', 'u2', 'after-seed', 1, 'x') RETURNING id::int`),
  ).toEqual({ id: 5_001 });
  await expect(seedConsole(client, { users: 10, messages: 10, groups: 1, groupSize: 2 })).rejects.toThrow(/empty/);
});
