import type { Queryable } from "./queryable.ts";

/** Console operators and their sessions (tables operators, operator_sessions). */

export type OperatorRoleName = "admin" | "viewer";

export interface OperatorRecord {
  id: string;
  username: string;
  role: OperatorRoleName;
  createdAt: Date;
  disabledAt: Date | null;
}

interface OperatorRow {
  id: string;
  username: string;
  role: OperatorRoleName;
  created_at: Date;
  disabled_at: Date | null;
}

const COLUMNS = "id, username, role, created_at, disabled_at";

function toRecord(r: OperatorRow): OperatorRecord {
  return { id: r.id, username: r.username, role: r.role, createdAt: r.created_at, disabledAt: r.disabled_at };
}

/** Inserts an operator; undefined when the username is taken. */
export async function insertOperator(
  db: Queryable,
  row: { id: string; username: string; passwordHash: string; role: OperatorRoleName },
): Promise<OperatorRecord | undefined> {
  const { rows } = await db.query<OperatorRow>(
    `INSERT INTO operators (id, username, password_hash, role) VALUES ($1, $2, $3, $4)
     ON CONFLICT (username) DO NOTHING RETURNING ${COLUMNS}`,
    [row.id, row.username, row.passwordHash, row.role],
  );
  return rows[0] && toRecord(rows[0]);
}

export async function anyOperatorExists(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ any: boolean }>("SELECT EXISTS (SELECT 1 FROM operators) AS any");
  return rows[0]?.any === true;
}

/** The operator with this username and its password hash, for sign-in. */
export async function findOperatorCredentials(
  db: Queryable,
  username: string,
): Promise<(OperatorRecord & { passwordHash: string }) | undefined> {
  const { rows } = await db.query<OperatorRow & { password_hash: string }>(
    `SELECT ${COLUMNS}, password_hash FROM operators WHERE username = $1`,
    [username],
  );
  const row = rows[0];
  return row && { ...toRecord(row), passwordHash: row.password_hash };
}

/** The operator, its row locked until the caller's transaction ends; undefined if there is none. */
export async function lockOperatorRow(
  db: Queryable,
  id: string,
): Promise<(OperatorRecord & { passwordHash: string }) | undefined> {
  const { rows } = await db.query<OperatorRow & { password_hash: string }>(
    `SELECT ${COLUMNS}, password_hash FROM operators WHERE id = $1 FOR UPDATE`,
    [id],
  );
  const row = rows[0];
  return row && { ...toRecord(row), passwordHash: row.password_hash };
}

/** Locks every enabled admin in one order (so two admins demoting each other cannot both win); their ids. */
export async function lockEnabledAdmins(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    "SELECT id FROM operators WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id FOR UPDATE",
  );
  return rows.map((r) => r.id);
}

/** Sets the role and/or the disabled time; `disabledAt` undefined leaves it as it is. */
export async function updateOperator(
  db: Queryable,
  id: string,
  change: { role?: OperatorRoleName | undefined; disabledAt?: Date | null | undefined },
): Promise<void> {
  await db.query(
    `UPDATE operators SET role = COALESCE($2, role),
            disabled_at = CASE WHEN $3::boolean THEN $4::timestamptz ELSE disabled_at END
     WHERE id = $1`,
    [id, change.role ?? null, change.disabledAt !== undefined, change.disabledAt ?? null],
  );
}

export async function setPasswordHash(db: Queryable, id: string, passwordHash: string): Promise<void> {
  await db.query("UPDATE operators SET password_hash = $2 WHERE id = $1", [id, passwordHash]);
}

/** Whether a viewer may read message content; false for an unknown operator. */
export async function canReadContent(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query<{ can_read_content: boolean }>(
    "SELECT can_read_content FROM operators WHERE id = $1",
    [id],
  );
  return rows[0]?.can_read_content === true;
}

/** false when there is no such operator. */
export async function setCanReadContent(db: Queryable, id: string, allowed: boolean): Promise<boolean> {
  const { rowCount } = await db.query("UPDATE operators SET can_read_content = $2 WHERE id = $1", [id, allowed]);
  return (rowCount ?? 0) > 0;
}

/** Every operator with the latest request of a live session or latest audited action, whichever is newer. */
export async function listOperatorRows(db: Queryable): Promise<(OperatorRecord & { lastSeenAt: Date | null })[]> {
  const { rows } = await db.query<OperatorRow & { last_seen_at: Date | null }>(
    `SELECT o.id, o.username, o.role, o.created_at, o.disabled_at,
            GREATEST((SELECT max(s.last_seen_at) FROM operator_sessions s WHERE s.operator_id = o.id),
                     (SELECT max(a.created_at) FROM audit_log a WHERE a.operator_id = o.id)) AS last_seen_at
     FROM operators o ORDER BY o.username`,
  );
  return rows.map((r) => ({ ...toRecord(r), lastSeenAt: r.last_seen_at }));
}

/** Sessions are looked up by hash, so expired ones are only clutter: cleared as new ones start. */
export async function deleteExpiredSessions(db: Queryable, now: Date): Promise<void> {
  await db.query("DELETE FROM operator_sessions WHERE expires_at <= $1", [now]);
}

export async function insertSession(
  db: Queryable,
  session: { id: string; operatorId: string; csrfToken: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO operator_sessions (id, operator_id, csrf_token, created_at, expires_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $4)`,
    [session.id, session.operatorId, session.csrfToken, session.createdAt, session.expiresAt],
  );
}

/** Marks a live session (of an enabled operator) as seen now; undefined when there is none. */
export async function touchSession(
  db: Queryable,
  id: string,
  now: Date,
): Promise<(OperatorRecord & { csrfToken: string; expiresAt: Date }) | undefined> {
  const { rows } = await db.query<OperatorRow & { csrf_token: string; expires_at: Date }>(
    `UPDATE operator_sessions s SET last_seen_at = $2
     FROM operators o
     WHERE s.id = $1 AND o.id = s.operator_id AND s.expires_at > $2 AND o.disabled_at IS NULL
     RETURNING o.id, o.username, o.role, o.created_at, o.disabled_at, s.csrf_token, s.expires_at`,
    [id, now],
  );
  const row = rows[0];
  return row && { ...toRecord(row), csrfToken: row.csrf_token, expiresAt: row.expires_at };
}

export async function deleteSession(db: Queryable, id: string): Promise<void> {
  await db.query("DELETE FROM operator_sessions WHERE id = $1", [id]);
}

/** Ends every session of an operator except `keep`; returns how many ended. */
export async function deleteSessionsOf(db: Queryable, operatorId: string, keep?: string): Promise<number> {
  const { rowCount } = await db.query("DELETE FROM operator_sessions WHERE operator_id = $1 AND id <> $2", [
    operatorId,
    keep ?? "",
  ]);
  return rowCount ?? 0;
}
