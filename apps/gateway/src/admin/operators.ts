import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { ImError } from "@im/core";
import { hash, verify } from "@node-rs/argon2";
import type pg from "pg";

export const OPERATOR_ROLES = ["admin", "viewer"] as const;
/** admin reads and writes; viewer only reads. */
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export interface Operator {
  id: string;
  username: string;
  role: OperatorRole;
  /** ms since epoch. */
  createdAt: number;
}

export interface NewOperator {
  username: string;
  password: string;
  role: OperatorRole;
}

/** The signed-in operator behind a console request. */
export interface OperatorSession {
  /** sha256 hex of the cookie's token. */
  id: string;
  operator: Operator;
  csrfToken: string;
  /** ms since epoch. */
  expiresAt: number;
}

/** How long a console session lasts after login, however active. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const USERNAME_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;
const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1024;

interface OperatorRow {
  id: string;
  username: string;
  role: OperatorRole;
  created_at: Date;
}

function toOperator(r: OperatorRow): Operator {
  return { id: r.id, username: r.username, role: r.role, createdAt: r.created_at.getTime() };
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A pool, or a client inside an open transaction. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

/** INVALID_ARGUMENT unless the password is of an acceptable length. */
export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH)
    throw new ImError("INVALID_ARGUMENT", `password must be ${MIN_PASSWORD_LENGTH}-${MAX_PASSWORD_LENGTH} characters`);
}

/** argon2id PHC string of a password that passed checkPassword. */
export function hashPassword(password: string): Promise<string> {
  checkPassword(password);
  return hash(password);
}

/** Creates an operator with an argon2id password hash; CONFLICT when the username is taken. */
export async function createOperator(db: Queryable, input: NewOperator): Promise<Operator> {
  if (!USERNAME_PATTERN.test(input.username))
    throw new ImError("INVALID_ARGUMENT", "username must be 1-64 letters, digits, '.', '_', '@' or '-'");
  if (!(OPERATOR_ROLES as readonly string[]).includes(input.role))
    throw new ImError("INVALID_ARGUMENT", `role must be one of ${OPERATOR_ROLES.join(", ")}`);
  const passwordHash = await hashPassword(input.password);
  const { rows } = await db.query<OperatorRow>(
    `INSERT INTO operators (id, username, password_hash, role) VALUES ($1, $2, $3, $4)
     ON CONFLICT (username) DO NOTHING RETURNING id, username, role, created_at`,
    [randomUUID(), input.username, passwordHash, input.role],
  );
  const row = rows[0];
  if (!row) throw new ImError("CONFLICT", `operator ${input.username} already exists`);
  return toOperator(row);
}

/**
 * Verifies against this when the username is unknown, so a wrong username
 * takes as long as a wrong password and usernames cannot be probed by timing.
 */
let decoyHash: Promise<string> | undefined;

/** Checks a password against an argon2 hash; injectable so tests can count the checks. */
export type PasswordVerifier = (hash: string, password: string) => Promise<boolean>;

export const verifyArgon2: PasswordVerifier = (passwordHash, password) =>
  verify(passwordHash, password).catch(() => false);

/** The enabled operator with these credentials, or undefined (one answer for every kind of mismatch). */
export async function authenticate(
  pool: pg.Pool,
  username: string,
  password: string,
  verifyPassword: PasswordVerifier = verifyArgon2,
): Promise<Operator | undefined> {
  const { rows } = await pool.query<OperatorRow & { password_hash: string; disabled_at: Date | null }>(
    "SELECT id, username, role, created_at, password_hash, disabled_at FROM operators WHERE username = $1",
    [username],
  );
  const row = rows[0];
  if (!row) {
    decoyHash ??= hash(randomBytes(16).toString("hex"));
    await verifyPassword(await decoyHash, password);
    return undefined;
  }
  const ok = await verifyPassword(row.password_hash, password);
  return ok && row.disabled_at === null ? toOperator(row) : undefined;
}

/** Starts a session: the token goes to the cookie, only its hash to the database. */
export async function startSession(
  pool: Queryable,
  operator: Operator,
  now: number,
): Promise<{ token: string; session: OperatorSession }> {
  // Sessions are looked up by hash, so expired ones are only clutter: clear them as new ones start.
  await pool.query("DELETE FROM operator_sessions WHERE expires_at <= $1", [new Date(now)]);
  const token = randomBytes(32).toString("base64url");
  const session: OperatorSession = {
    id: sha256(token),
    operator,
    csrfToken: randomBytes(32).toString("base64url"),
    expiresAt: now + SESSION_TTL_MS,
  };
  await pool.query(
    `INSERT INTO operator_sessions (id, operator_id, csrf_token, created_at, expires_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $4)`,
    [session.id, operator.id, session.csrfToken, new Date(now), new Date(session.expiresAt)],
  );
  return { token, session };
}

/** The live session of a cookie token: undefined when unknown, expired, or its operator is disabled. */
export async function findSession(pool: pg.Pool, token: string, now: number): Promise<OperatorSession | undefined> {
  const id = sha256(token);
  const { rows } = await pool.query<OperatorRow & { csrf_token: string; expires_at: Date }>(
    `UPDATE operator_sessions s SET last_seen_at = $2
     FROM operators o
     WHERE s.id = $1 AND o.id = s.operator_id AND s.expires_at > $2 AND o.disabled_at IS NULL
     RETURNING o.id, o.username, o.role, o.created_at, s.csrf_token, s.expires_at`,
    [id, new Date(now)],
  );
  const row = rows[0];
  if (!row) return undefined;
  return { id, operator: toOperator(row), csrfToken: row.csrf_token, expiresAt: row.expires_at.getTime() };
}

export async function endSession(pool: Queryable, sessionId: string): Promise<void> {
  await pool.query("DELETE FROM operator_sessions WHERE id = $1", [sessionId]);
}

/** Ends every session of an operator except `keep` (the caller's own); returns how many ended. */
export async function endSessionsOf(db: Queryable, operatorId: string, keep?: string): Promise<number> {
  const { rowCount } = await db.query("DELETE FROM operator_sessions WHERE operator_id = $1 AND id <> $2", [
    operatorId,
    keep ?? "",
  ]);
  return rowCount ?? 0;
}

/** An operator as the console lists it. */
export interface OperatorListing extends Operator {
  disabledAt: number | null;
  /** Latest request of a live session or latest audited action, whichever is newer. */
  lastSeenAt: number | null;
}

export async function listOperators(db: Queryable): Promise<OperatorListing[]> {
  const { rows } = await db.query<OperatorRow & { disabled_at: Date | null; last_seen_at: Date | null }>(
    `SELECT o.id, o.username, o.role, o.created_at, o.disabled_at,
            GREATEST((SELECT max(s.last_seen_at) FROM operator_sessions s WHERE s.operator_id = o.id),
                     (SELECT max(a.created_at) FROM audit_log a WHERE a.operator_id = o.id)) AS last_seen_at
     FROM operators o ORDER BY o.username`,
  );
  return rows.map((r) => ({
    ...toOperator(r),
    disabledAt: r.disabled_at?.getTime() ?? null,
    lastSeenAt: r.last_seen_at?.getTime() ?? null,
  }));
}

/** The operator, its row locked until the caller's transaction ends; NOT_FOUND if there is none. */
export async function lockOperator(
  db: Queryable,
  id: string,
): Promise<Operator & { disabledAt: number | null; passwordHash: string }> {
  const { rows } = await db.query<OperatorRow & { disabled_at: Date | null; password_hash: string }>(
    "SELECT id, username, role, created_at, disabled_at, password_hash FROM operators WHERE id = $1 FOR UPDATE",
    [id],
  );
  const row = rows[0];
  if (!row) throw new ImError("NOT_FOUND", `operator ${id} does not exist`);
  return { ...toOperator(row), disabledAt: row.disabled_at?.getTime() ?? null, passwordHash: row.password_hash };
}

/** Constant-time comparison of a presented CSRF token with the session's. */
export function csrfMatches(session: OperatorSession, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(session.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}
