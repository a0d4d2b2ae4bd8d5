import type pg from "pg";

export interface UserProfile {
  uid: string;
  name: string;
  avatar: string;
  extra: Record<string, unknown>;
  /** ms since epoch. */
  createdAt: number;
  updatedAt: number;
}

export interface ProfileInput {
  name?: string | undefined;
  avatar?: string | undefined;
  extra?: Record<string, unknown> | undefined;
}

interface UserRow {
  id: string;
  name: string;
  avatar: string;
  extra: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

function toProfile(r: UserRow): UserProfile {
  return {
    uid: r.id,
    name: r.name,
    avatar: r.avatar,
    extra: r.extra,
    createdAt: r.created_at.getTime(),
    updatedAt: r.updated_at.getTime(),
  };
}

const COLUMNS = "id, name, avatar, extra, created_at, updated_at";

/**
 * User profiles (the users table) as the business API sees them. Kept out of
 * UserStore, which serves the realtime hot path and knows no profiles.
 */
export class UserRepository {
  constructor(private readonly pool: pg.Pool) {}

  /** Creates the user or updates the given fields; fields left out keep their value. */
  async upsert(
    uid: string,
    input: ProfileInput,
    /** A client inside an open transaction, to commit with the caller's other writes. */
    db: Pick<pg.PoolClient, "query"> = this.pool,
  ): Promise<{ user: UserProfile; created: boolean }> {
    const { rows } = await db.query<UserRow & { created: boolean }>(
      `INSERT INTO users AS u (id, name, avatar, extra) VALUES ($1, COALESCE($2, ''), COALESCE($3, ''), COALESCE($4::jsonb, '{}'))
       ON CONFLICT (id) DO UPDATE SET
         name = COALESCE($2, u.name), avatar = COALESCE($3, u.avatar), extra = COALESCE($4::jsonb, u.extra),
         updated_at = now()
       RETURNING ${COLUMNS}, (xmax = 0) AS created`,
      [uid, input.name ?? null, input.avatar ?? null, input.extra === undefined ? null : JSON.stringify(input.extra)],
    );
    const row = rows[0] as UserRow & { created: boolean };
    return { user: toProfile(row), created: row.created };
  }

  async get(uid: string): Promise<UserProfile | undefined> {
    const { rows } = await this.pool.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [uid]);
    return rows[0] ? toProfile(rows[0]) : undefined;
  }

  /** Users by uid, after `cursor` (the last uid of the previous page). */
  async list(
    limit: number,
    cursor: string | undefined,
    /** Only this business line's users; undefined: everyone's. */
    owner?: string,
  ): Promise<{ users: UserProfile[]; nextCursor: string | null }> {
    const { rows } = await this.pool.query<UserRow>(
      `SELECT ${COLUMNS} FROM users WHERE ($1::text IS NULL OR id > $1) AND ($3::text IS NULL OR business_line_id = $3)
       ORDER BY id LIMIT $2`,
      [cursor ?? null, limit + 1, owner ?? null],
    );
    const page = rows.slice(0, limit).map(toProfile);
    return { users: page, nextCursor: rows.length > limit ? (page.at(-1)?.uid ?? null) : null };
  }
}
