import type { PrismaDb } from "./queryable.ts";

/**
 * Console operators and their sessions (tables operators, operator_sessions),
 * on Prisma Client. Writes take the client of an interactive transaction
 * (withPrismaTransaction) so the change and its audit entry commit together.
 */

export type OperatorRoleName = "admin" | "viewer";

export interface OperatorRecord {
  id: string;
  username: string;
  role: OperatorRoleName;
  createdAt: Date;
  disabledAt: Date | null;
}

const RECORD = { id: true, username: true, role: true, createdAt: true, disabledAt: true } as const;

function toRecord<R extends { role: string }>(r: R): Omit<R, "role"> & { role: OperatorRoleName } {
  return { ...r, role: r.role as OperatorRoleName };
}

/** Inserts an operator; undefined when the username is taken. */
export async function insertOperator(
  db: PrismaDb,
  row: { id: string; username: string; passwordHash: string; role: OperatorRoleName },
): Promise<OperatorRecord | undefined> {
  // skipDuplicates: ON CONFLICT DO NOTHING, so a taken name does not abort the caller's transaction.
  const { count } = await db.operator.createMany({ data: [row], skipDuplicates: true });
  if (count === 0) return undefined;
  const created = await db.operator.findUnique({ where: { id: row.id }, select: RECORD });
  return created ? toRecord(created) : undefined;
}

export async function anyOperatorExists(db: PrismaDb): Promise<boolean> {
  return (await db.operator.findFirst({ select: { id: true } })) !== null;
}

/** The operator with this username and its password hash, for sign-in. */
export async function findOperatorCredentials(
  db: PrismaDb,
  username: string,
): Promise<(OperatorRecord & { passwordHash: string }) | undefined> {
  const row = await db.operator.findUnique({ where: { username }, select: { ...RECORD, passwordHash: true } });
  return row ? toRecord(row) : undefined;
}

/** The operator, its row locked until the caller's transaction ends; undefined if there is none. */
export async function lockOperatorRow(
  db: PrismaDb,
  id: string,
): Promise<(OperatorRecord & { passwordHash: string }) | undefined> {
  // Prisma Client has no FOR UPDATE: the lock is taken with a raw statement, the row read as a model.
  const locked = await db.$queryRaw<{ id: string }[]>`SELECT id FROM operators WHERE id = ${id} FOR UPDATE`;
  if (locked.length === 0) return undefined;
  return findOperatorById(db, id);
}

async function findOperatorById(db: PrismaDb, id: string) {
  const row = await db.operator.findUnique({ where: { id }, select: { ...RECORD, passwordHash: true } });
  return row ? toRecord(row) : undefined;
}

/** Locks every enabled admin in one order (so two admins demoting each other cannot both win); their ids. */
export async function lockEnabledAdmins(db: PrismaDb): Promise<string[]> {
  // Prisma Client has no FOR UPDATE.
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM operators WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id FOR UPDATE`;
  return rows.map((r) => r.id);
}

/** Sets the role and/or the disabled time; a field left undefined stays as it is. */
export async function updateOperator(
  db: PrismaDb,
  id: string,
  change: { role?: OperatorRoleName | undefined; disabledAt?: Date | null | undefined },
): Promise<void> {
  await db.operator.update({
    where: { id },
    data: {
      ...(change.role === undefined ? {} : { role: change.role }),
      ...(change.disabledAt === undefined ? {} : { disabledAt: change.disabledAt }),
    },
  });
}

export async function setPasswordHash(db: PrismaDb, id: string, passwordHash: string): Promise<void> {
  await db.operator.update({ where: { id }, data: { passwordHash } });
}

/** Whether a viewer may read message content; false for an unknown operator. */
export async function canReadContent(db: PrismaDb, id: string): Promise<boolean> {
  const row = await db.operator.findUnique({ where: { id }, select: { canReadContent: true } });
  return row?.canReadContent === true;
}

/** false when there is no such operator. */
export async function setCanReadContent(db: PrismaDb, id: string, allowed: boolean): Promise<boolean> {
  const { count } = await db.operator.updateMany({ where: { id }, data: { canReadContent: allowed } });
  return count > 0;
}

/** Every operator by username, with the latest request of a live session or latest audited action, whichever is newer. */
export async function listOperatorRows(db: PrismaDb): Promise<(OperatorRecord & { lastSeenAt: Date | null })[]> {
  const [operators, sessions, actions] = await Promise.all([
    db.operator.findMany({ select: RECORD, orderBy: { username: "asc" } }),
    db.operatorSession.groupBy({ by: ["operatorId"], _max: { lastSeenAt: true } }),
    db.auditEntry.groupBy({ by: ["operatorId"], where: { operatorId: { not: null } }, _max: { createdAt: true } }),
  ]);
  const seen = new Map<string, number>();
  const note = (id: string | null, at: Date | null | undefined) => {
    if (id === null || !at) return;
    seen.set(id, Math.max(seen.get(id) ?? 0, at.getTime()));
  };
  for (const s of sessions) note(s.operatorId, s._max.lastSeenAt);
  for (const a of actions) note(a.operatorId, a._max.createdAt);
  return operators.map((o) => {
    const at = seen.get(o.id);
    return { ...toRecord(o), lastSeenAt: at === undefined ? null : new Date(at) };
  });
}

/** Sessions are looked up by hash, so expired ones are only clutter: cleared as new ones start. */
export async function deleteExpiredSessions(db: PrismaDb, now: Date): Promise<void> {
  await db.operatorSession.deleteMany({ where: { expiresAt: { lte: now } } });
}

export async function insertSession(
  db: PrismaDb,
  session: { id: string; operatorId: string; csrfToken: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db.operatorSession.create({ data: { ...session, lastSeenAt: session.createdAt } });
}

/** Marks a live session (of an enabled operator) as seen now; undefined when there is none. */
export async function touchSession(
  db: PrismaDb,
  id: string,
  now: Date,
): Promise<(OperatorRecord & { csrfToken: string; expiresAt: Date }) | undefined> {
  const live = { id, expiresAt: { gt: now }, operator: { disabledAt: null } };
  const { count } = await db.operatorSession.updateMany({ where: live, data: { lastSeenAt: now } });
  if (count === 0) return undefined;
  const row = await db.operatorSession.findUnique({
    where: { id },
    select: { csrfToken: true, expiresAt: true, operator: { select: RECORD } },
  });
  if (!row) return undefined;
  return { ...toRecord(row.operator), csrfToken: row.csrfToken, expiresAt: row.expiresAt };
}

export async function deleteSession(db: PrismaDb, id: string): Promise<void> {
  await db.operatorSession.deleteMany({ where: { id } });
}

/** Ends every session of an operator except `keep`; returns how many ended. */
export async function deleteSessionsOf(db: PrismaDb, operatorId: string, keep?: string): Promise<number> {
  const { count } = await db.operatorSession.deleteMany({
    where: { operatorId, ...(keep === undefined ? {} : { id: { not: keep } }) },
  });
  return count;
}
