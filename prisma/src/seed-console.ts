// Fills an empty database with a realistic archive for trying and measuring the operator console:
//   DATABASE_URL=postgres://... npm run seed:console -- --users 100000 --messages 1000000
// Everything is generated inside PostgreSQL with set-based INSERT ... SELECT (no rows cross the
// network), so a million messages take minutes. The data is pseudo-random but repeatable (setseed).
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { migrate } from "./migrate.ts";

export interface SeedOptions {
  users: number;
  messages: number;
  /** Groups of `groupSize` members; a tenth of the messages go to groups. */
  groups: number;
  groupSize: number;
  log?: (line: string) => void;
}

const WORDS = [
  "hello",
  "meeting",
  "tomorrow",
  "invoice",
  "delivery",
  "coffee",
  "project",
  "deadline",
  "report",
  "budget",
  "weekend",
  "thanks",
  "please",
  "review",
  "release",
  "server",
  "ticket",
  "customer",
  "order",
  "shipping",
  "lunch",
  "call",
  "schedule",
  "update",
  "approved",
  "pending",
  "urgent",
  "document",
  "contract",
  "payment",
  "zebrafish",
  "quarterly",
  "roadmap",
  "holiday",
  "birthday",
  "photo",
  "video",
  "link",
  "address",
  "password",
  "明天",
  "会议",
  "谢谢",
  "项目",
  "报告",
  "发货",
  "订单",
  "客户",
  "周末",
  "午饭",
];

const NAMES = ["Alex", "Bao", "Chen", "Dana", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jun", "Kim", "Lea", "Mo", "Nia"];

/** Runs the seed on an empty, migrated database; refuses a database that already has users or messages. */
export async function seedConsole(client: pg.ClientBase, opts: SeedOptions): Promise<void> {
  const log = opts.log ?? (() => {});
  const { users, messages, groups, groupSize } = opts;
  const { rows } = await client.query<{ n: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM messages) AS n",
  );
  if (rows[0]?.n) throw new Error("the database already has users or messages: seed an empty one");
  const step = async (what: string, sql: string, params: unknown[] = []) => {
    const started = Date.now();
    const res = await client.query(sql, params);
    log(`${what}: ${res.rowCount ?? 0} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  await client.query("SET synchronous_commit = off");
  await client.query("SET maintenance_work_mem = '512MB'");
  await client.query("SET work_mem = '256MB'");
  await client.query("SELECT setseed(0.4242)");

  await step(
    "users",
    `INSERT INTO users (id, name, created_at)
     SELECT 'u' || i, ($2::text[])[1 + i % array_length($2::text[], 1)] || ' ' || i,
            now() - interval '120 days' + i * interval '1 second'
     FROM generate_series(1, $1::int) i`,
    [users, NAMES],
  );
  await step(
    "devices",
    `INSERT INTO devices (uid, device_id, device_type, push_token, last_login_at)
     SELECT 'u' || i, 'dev-' || i, 1 + i % 5, CASE WHEN i % 3 = 0 THEN NULL ELSE 'token-' || i END,
            now() - (i % 1000) * interval '1 hour'
     FROM generate_series(1, $1::int) i`,
    [users],
  );
  await step(
    "groups",
    `INSERT INTO groups (id, name, owner_id, member_version, created_at)
     SELECT 'g' || g, 'Group ' || g, 'u' || (1 + (g * $2::int) % $1::int), $2::int, now() - interval '100 days'
     FROM generate_series(1, $3::int) g`,
    [users, groupSize, groups],
  );
  await step(
    "group members",
    `INSERT INTO group_members (group_id, uid, role, joined_at)
     SELECT 'g' || g, 'u' || (1 + (g * $2::int + k) % $1::int), CASE WHEN k = 0 THEN 2 ELSE 0 END,
            now() - interval '100 days'
     FROM generate_series(1, $3::int) g, generate_series(0, $2::int - 1) k`,
    [users, groupSize, groups],
  );

  // Messages in time order (id order = time order), each user talking mostly with ~20 peers.
  await client.query("DROP TABLE IF EXISTS seed_messages");
  await step(
    "message drafts",
    `CREATE UNLOGGED TABLE seed_messages AS
     WITH base AS (
       SELECT i, 1 + floor(random() * $1::int)::int AS a, 1 + floor(random() * 20)::int AS hop,
              random() < 0.1 AS to_group, 1 + floor(random() * $3::int)::int AS g,
              floor(random() * $4::int)::int AS k, 3 + floor(random() * 10)::int AS words
       FROM generate_series(1, $2::int) i
     )
     SELECT i AS id,
            CASE WHEN to_group THEN 2 ELSE 1 END AS conv_type,
            CASE WHEN to_group THEN 'u' || (1 + (g * $4::int + k) % $1::int) ELSE 'u' || a END AS sender_id,
            CASE WHEN to_group THEN 'g' || g ELSE 'u' || (1 + (a + hop - 1) % $1::int) END AS target_id,
            now() - interval '90 days' + i * (interval '90 days' / $2::int) AS created_at,
            (SELECT string_agg(($5::text[])[1 + floor(random() * array_length($5::text[], 1))::int], ' ')
               FROM generate_series(1, words)) AS content
     FROM base`,
    [users, messages, groups, groupSize, WORDS],
  );
  await client.query("DROP TABLE IF EXISTS seed_entries");
  await step(
    "inbox drafts",
    `CREATE UNLOGGED TABLE seed_entries AS
     SELECT m.sender_id AS owner_id, m.id AS message_id, 1 AS conv_type, m.target_id AS conv_id, m.sender_id,
            m.created_at
       FROM seed_messages m WHERE m.conv_type = 1
     UNION ALL
     SELECT m.target_id, m.id, 1, m.sender_id, m.sender_id, m.created_at
       FROM seed_messages m WHERE m.conv_type = 1 AND m.target_id <> m.sender_id
     UNION ALL
     SELECT gm.uid, m.id, 2, m.target_id, m.sender_id, m.created_at
       FROM seed_messages m JOIN group_members gm ON gm.group_id = m.target_id WHERE m.conv_type = 2`,
  );
  // Gap-free seqs per owner in message order, as the message store allocates them.
  await step(
    "inbox",
    `INSERT INTO inbox (owner_id, seq, message_id, conv_type, conv_id, sender_id, created_at, delivered_at)
     SELECT owner_id, row_number() OVER (PARTITION BY owner_id ORDER BY message_id), message_id, conv_type, conv_id,
            sender_id, created_at,
            CASE WHEN owner_id <> sender_id AND message_id % 10 <> 0 THEN created_at + interval '2 seconds' END
     FROM seed_entries`,
  );
  await step(
    "messages",
    `INSERT INTO messages (id, conv_type, sender_id, target_id, client_msg_id, sender_seq, content_type, content,
                           created_at)
     SELECT m.id, m.conv_type, m.sender_id, m.target_id, 'seed-' || m.id, i.seq, 1, m.content, m.created_at
     FROM seed_messages m JOIN inbox i ON i.owner_id = m.sender_id AND i.message_id = m.id`,
  );
  await client.query("SELECT setval(pg_get_serial_sequence('messages', 'id'), (SELECT max(id) FROM messages))");
  await step(
    "user seqs",
    "INSERT INTO user_seqs (owner_id, last_seq) SELECT owner_id, max(seq) FROM inbox GROUP BY owner_id",
  );
  // Most conversations read to the end; some with up to three unread messages.
  await step(
    "conversations",
    `INSERT INTO conversations (owner_id, conv_type, conv_id, last_seq, last_msg_id, last_at, read_seq, unread)
     SELECT owner_id, conv_type, conv_id, max(seq), max(message_id), max(created_at),
            coalesce(max(seq) FILTER (WHERE r > unread_n), 0),
            count(*) FILTER (WHERE r <= unread_n AND sender_id <> owner_id)
     FROM (
       SELECT owner_id, conv_type, conv_id, seq, message_id, created_at, sender_id,
              row_number() OVER (PARTITION BY owner_id, conv_type, conv_id ORDER BY seq DESC) AS r,
              abs(hashtext(owner_id || conv_id)) % 4 AS unread_n
       FROM inbox
     ) ranked
     GROUP BY owner_id, conv_type, conv_id`,
  );
  await client.query("DROP TABLE seed_messages, seed_entries");
  const started = Date.now();
  await client.query("VACUUM ANALYZE users, devices, messages, inbox, conversations, user_seqs, group_members");
  log(`vacuum analyze: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      users: { type: "string", default: "100000" },
      messages: { type: "string", default: "1000000" },
      groups: { type: "string", default: "2000" },
      "group-size": { type: "string", default: "10" },
    },
  });
  const count = (name: string, text: string | undefined, min: number) => {
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}`);
    return n;
  };
  const opts: SeedOptions = {
    users: count("users", values.users, 2),
    messages: count("messages", values.messages, 1),
    groups: count("groups", values.groups, 1),
    groupSize: count("group-size", values["group-size"], 2),
    log: (line) => console.log(line),
  };
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("set DATABASE_URL to the (empty) database to seed");
  await migrate(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = Date.now();
  try {
    await seedConsole(client, opts);
  } finally {
    await client.end();
  }
  console.log(
    `seeded ${opts.users} users and ${opts.messages} messages in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
