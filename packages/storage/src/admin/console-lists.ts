import { likePattern } from "../like-pattern.ts";
import type { Queryable } from "./queryable.ts";

/** The console's overview figures and its lists of users and groups (keyset paging on id). */

export async function overviewCounts(
  db: Queryable,
): Promise<{ messagesLastMinute: number; messagesLastHour: number; users: number }> {
  const [volume, users] = await Promise.all([
    db.query<{ minute: number; hour: number }>(
      `SELECT count(*) FILTER (WHERE created_at > now() - interval '1 minute')::int AS minute,
              count(*)::int AS hour
       FROM messages WHERE created_at > now() - interval '1 hour'`,
    ),
    db.query<{ n: number }>("SELECT count(*)::int AS n FROM users"),
  ]);
  return {
    messagesLastMinute: volume.rows[0]?.minute ?? 0,
    messagesLastHour: volume.rows[0]?.hour ?? 0,
    users: users.rows[0]?.n ?? 0,
  };
}

export interface PageQuery {
  limit: number;
  /** The last id of the previous page. */
  cursor?: string | undefined;
  q?: string | undefined;
}

/** Users by uid after the cursor whose uid starts with q or whose name contains it; `limit + 1` at most. */
export async function searchUsers(
  db: Queryable,
  page: PageQuery,
): Promise<{ id: string; name: string; createdAt: Date }[]> {
  const { rows } = await db.query<{ id: string; name: string; created_at: Date }>(
    `SELECT id, name, created_at FROM users
     WHERE ($1::text IS NULL OR id > $1)
       AND ($2::text IS NULL OR left(id, length($2)) = $2 OR name ILIKE $3)
     ORDER BY id LIMIT $4`,
    [page.cursor ?? null, page.q ?? null, page.q === undefined ? null : likePattern(page.q), page.limit + 1],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
}

/** Live groups by id after the cursor whose id or name contains q, with their member counts; `limit + 1` at most. */
export async function searchGroups(
  db: Queryable,
  page: PageQuery,
): Promise<{ id: string; name: string; ownerUid: string; members: number; createdAt: Date }[]> {
  const { rows } = await db.query<{ id: string; name: string; owner_id: string; members: number; created_at: Date }>(
    `SELECT g.id, g.name, g.owner_id, g.created_at,
            (SELECT count(*)::int FROM group_members m WHERE m.group_id = g.id) AS members
     FROM groups g WHERE g.dismissed_at IS NULL AND ($1::text IS NULL OR g.id > $1)
       AND ($3::text IS NULL OR g.id ILIKE $3 OR g.name ILIKE $3)
     ORDER BY g.id LIMIT $2`,
    [page.cursor ?? null, page.limit + 1, page.q === undefined ? null : likePattern(page.q)],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    ownerUid: r.owner_id,
    members: r.members,
    createdAt: r.created_at,
  }));
}
