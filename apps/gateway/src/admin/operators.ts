import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { ImError } from "@im/core";
import { createDb } from "@im/db";
import {
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOf,
  findOperatorCredentials,
  insertOperator,
  insertSession,
  listOperatorRows,
  lockOperatorRow,
  type OperatorRecord,
  type PrismaDb,
  touchSession,
} from "@im/storage";
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

function toOperator(r: OperatorRecord): Operator {
  return { id: r.id, username: r.username, role: r.role, createdAt: r.createdAt.getTime() };
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Where the operator functions run: Prisma Client (or one of its transactions),
 * or a pg pool, on which a Prisma Client is made for the call (CLIs, tests and
 * hosts that hold only a pool).
 */
export type OperatorDb = PrismaDb | pg.Pool;

export async function onPrisma<T>(db: OperatorDb, fn: (prisma: PrismaDb) => Promise<T>): Promise<T> {
  if ("$queryRaw" in db) return fn(db);
  const onPool = createDb({ pool: db });
  try {
    return await fn(onPool.prisma);
  } finally {
    await onPool.close();
  }
}

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
export async function createOperator(db: OperatorDb, input: NewOperator): Promise<Operator> {
  if (!USERNAME_PATTERN.test(input.username))
    throw new ImError("INVALID_ARGUMENT", "username must be 1-64 letters, digits, '.', '_', '@' or '-'");
  if (!(OPERATOR_ROLES as readonly string[]).includes(input.role))
    throw new ImError("INVALID_ARGUMENT", `role must be one of ${OPERATOR_ROLES.join(", ")}`);
  const passwordHash = await hashPassword(input.password);
  const row = await onPrisma(db, (prisma) =>
    insertOperator(prisma, { id: randomUUID(), username: input.username, passwordHash, role: input.role }),
  );
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
  db: OperatorDb,
  username: string,
  password: string,
  verifyPassword: PasswordVerifier = verifyArgon2,
): Promise<Operator | undefined> {
  const row = await onPrisma(db, (prisma) => findOperatorCredentials(prisma, username));
  if (!row) {
    decoyHash ??= hash(randomBytes(16).toString("hex"));
    await verifyPassword(await decoyHash, password);
    return undefined;
  }
  const ok = await verifyPassword(row.passwordHash, password);
  return ok && row.disabledAt === null ? toOperator(row) : undefined;
}

/** Starts a session: the token goes to the cookie, only its hash to the database. */
export async function startSession(
  pool: PrismaDb,
  operator: Operator,
  now: number,
): Promise<{ token: string; session: OperatorSession }> {
  await deleteExpiredSessions(pool, new Date(now));
  const token = randomBytes(32).toString("base64url");
  const session: OperatorSession = {
    id: sha256(token),
    operator,
    csrfToken: randomBytes(32).toString("base64url"),
    expiresAt: now + SESSION_TTL_MS,
  };
  await insertSession(pool, {
    id: session.id,
    operatorId: operator.id,
    csrfToken: session.csrfToken,
    createdAt: new Date(now),
    expiresAt: new Date(session.expiresAt),
  });
  return { token, session };
}

/** The live session of a cookie token: undefined when unknown, expired, or its operator is disabled. */
export async function findSession(pool: PrismaDb, token: string, now: number): Promise<OperatorSession | undefined> {
  const id = sha256(token);
  const row = await touchSession(pool, id, new Date(now));
  if (!row) return undefined;
  return { id, operator: toOperator(row), csrfToken: row.csrfToken, expiresAt: row.expiresAt.getTime() };
}

export async function endSession(pool: PrismaDb, sessionId: string): Promise<void> {
  await deleteSession(pool, sessionId);
}

/** Ends every session of an operator except `keep` (the caller's own); returns how many ended. */
export function endSessionsOf(db: PrismaDb, operatorId: string, keep?: string): Promise<number> {
  return deleteSessionsOf(db, operatorId, keep);
}

/** An operator as the console lists it. */
export interface OperatorListing extends Operator {
  disabledAt: number | null;
  /** Latest request of a live session or latest audited action, whichever is newer. */
  lastSeenAt: number | null;
}

export async function listOperators(db: PrismaDb): Promise<OperatorListing[]> {
  const rows = await listOperatorRows(db);
  return rows.map((r) => ({
    ...toOperator(r),
    disabledAt: r.disabledAt?.getTime() ?? null,
    lastSeenAt: r.lastSeenAt?.getTime() ?? null,
  }));
}

/** The operator, its row locked until the caller's transaction ends; NOT_FOUND if there is none. */
export async function lockOperator(
  db: PrismaDb,
  id: string,
): Promise<Operator & { disabledAt: number | null; passwordHash: string }> {
  const row = await lockOperatorRow(db, id);
  if (!row) throw new ImError("NOT_FOUND", `operator ${id} does not exist`);
  return { ...toOperator(row), disabledAt: row.disabledAt?.getTime() ?? null, passwordHash: row.passwordHash };
}

/** Constant-time comparison of a presented CSRF token with the session's. */
export function csrfMatches(session: OperatorSession, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(session.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}
