import type { Db } from "@im/db";
import { useTestDb } from "@im/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { overviewCounts, searchGroups, searchUsers } from "./console-lists.ts";

const used = useTestDb();
let db: Db;

beforeAll(async () => {
  db = used.db;
  await db.pool.query(`
    INSERT INTO users (id, name) VALUES ('alice', 'Alice Liddell'), ('alfred', 'Al'), ('bob', '100% Bob'),
      ('carol', '100 Carol'), ('dave', 'Dave_x');
    INSERT INTO groups (id, name, owner_id) VALUES ('g-tea', 'Tea Party', 'alice'), ('g-chess', 'Chess', 'bob'),
      ('g-gone', 'Tea gone', 'bob');
    UPDATE groups SET dismissed_at = now() WHERE id = 'g-gone';
    INSERT INTO group_members (group_id, uid, role) VALUES ('g-tea', 'alice', 2), ('g-tea', 'bob', 0), ('g-chess', 'bob', 2);
    INSERT INTO messages (conv_type, sender_id, target_id, client_msg_id, content_type, content, created_at)
    VALUES (1, 'alice', 'bob', 'm1', 1, 'now', now()), (1, 'alice', 'bob', 'm2', 1, 'earlier', now() - interval '10 minutes'),
           (1, 'alice', 'bob', 'm3', 1, 'old', now() - interval '2 hours');
  `);
});

describe("console lists on Prisma Client", () => {
  it("counts messages of the last minute and hour, and users", async () => {
    expect(await overviewCounts(db.prisma)).toEqual({ messagesLastMinute: 1, messagesLastHour: 2, users: 5 });
  });

  it("finds users by uid prefix or by a piece of the name, any case, a page at a time", async () => {
    const ids = async (q: string | undefined, cursor?: string, limit = 10) =>
      (await searchUsers(db.prisma, { q, cursor, limit })).map((u) => u.id);
    expect(await ids("al")).toEqual(["alfred", "alice"]);
    expect(await ids("LIDDELL")).toEqual(["alice"]);
    expect(await ids(undefined, "bob", 1)).toEqual(["carol", "dave"]);
  });

  it("takes LIKE wildcards in q literally", async () => {
    expect((await searchUsers(db.prisma, { q: "100%", limit: 10 })).map((u) => u.id)).toEqual(["bob"]);
    expect((await searchUsers(db.prisma, { q: "e_", limit: 10 })).map((u) => u.id)).toEqual(["dave"]);
  });

  it("lists live groups matching q with their member counts", async () => {
    const groups = await searchGroups(db.prisma, { q: "TEA", limit: 10 });
    expect(groups.map(({ id, ownerUid, members }) => ({ id, ownerUid, members }))).toEqual([
      { id: "g-tea", ownerUid: "alice", members: 2 },
    ]);
    expect((await searchGroups(db.prisma, { limit: 10 })).map((g) => g.id)).toEqual(["g-chess", "g-tea"]);
  });
});
