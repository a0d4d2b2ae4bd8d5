import { randomUUID } from "node:crypto";
import {
  checkIdentifier,
  checkName,
  compareOrgMembers,
  ImError,
  type NewOrgUnit,
  type OrgMember,
  type OrgMemberFields,
  type OrgStore,
  type OrgUnit,
  orderOrgUnits,
  type WriteOptions,
} from "@im/core";
import type { Prisma, PrismaClient } from "@im/db";
import { isForeignKeyViolation } from "./database-errors.ts";
import { checkMemberFields, checkMove, checkNewUnit, cycleRefused, unitNotFound } from "./org-store-memory.ts";
import { PrismaStore } from "./prisma-store.ts";

export interface PgOrgStoreOptions {
  /** The causes behind UNAVAILABLE errors. */
  onError?: (err: unknown) => void;
}

interface UnitRow {
  id: string;
  parentId: string | null;
  name: string;
  /** Ids from the root down to the unit, "/"-separated. */
  path: string;
  sort: number;
}

const UNIT = { id: true, parentId: true, name: true, path: true, sort: true } as const;
const LISTING = { uid: true, title: true, sort: true } as const;

type Tx = Prisma.TransactionClient;

/**
 * The unit and every unit below it: those whose path lists it. LIKE reads a
 * "_" in an id as any character, so this may match more; inSubtree keeps
 * exactly the subtree.
 */
function subtreeWhere(id: string): Prisma.OrgUnitWhereInput {
  return { OR: [{ id }, { path: { startsWith: `${id}/` } }, { path: { contains: `/${id}/` } }] };
}

function inSubtree(row: { path: string }, id: string): boolean {
  return row.path.split("/").includes(id);
}

/**
 * OrgStore on PostgreSQL (org_units, org_members), on Prisma Client. A unit's
 * path column holds the ids from its root down to it: ancestors, depth, cycle
 * checks and subtrees come from it, and a move rewrites the subtree's paths
 * in the same transaction.
 *
 * Cycle safety relies on every writer of org_units going through this class
 * (or taking the same advisory lock).
 */
export class PgOrgStore implements OrgStore {
  private readonly db: PrismaStore;

  constructor(prisma: PrismaClient, opts: PgOrgStoreOptions = {}) {
    this.db = new PrismaStore(prisma, { what: "organisation storage", onError: opts.onError });
  }

  async createUnit(unit: NewOrgUnit, opts: WriteOptions<OrgUnit> = {}): Promise<OrgUnit> {
    checkNewUnit(unit);
    const id = unit.id ?? randomUUID();
    return this.reshape(opts, async (tx) => {
      let path = id;
      if (unit.parentId !== null) {
        const parent = await unitRow(tx, unit.parentId);
        path = `${parent.path}/${id}`;
      }
      const row: UnitRow = { id, parentId: unit.parentId, name: unit.name, path, sort: unit.sort ?? 0 };
      // skipDuplicates: ON CONFLICT DO NOTHING, so a taken id is told apart from a failure.
      const { count } = await tx.orgUnit.createMany({ data: [row], skipDuplicates: true });
      if (count === 0) throw new ImError("CONFLICT", `org unit ${id} already exists`);
      return toUnit(row);
    });
  }

  async renameUnit(id: string, name: string, opts: WriteOptions<OrgUnit> = {}): Promise<OrgUnit> {
    checkIdentifier("id", id);
    checkName("name", name);
    return this.write(opts, async (tx) => {
      const { count } = await tx.orgUnit.updateMany({ where: { id }, data: { name } });
      if (count === 0) throw unitNotFound(id);
      return toUnit(await unitRow(tx, id));
    });
  }

  async moveUnit(
    id: string,
    parentId: string | null,
    sort?: number,
    opts: WriteOptions<OrgUnit> = {},
  ): Promise<OrgUnit> {
    checkMove(id, parentId, sort);
    return this.reshape(opts, async (tx) => {
      // Keeps renames out while the unit moves; member inserts (which only share the key) may go on.
      // Prisma Client has no FOR NO KEY UPDATE: the row is locked and read with a raw statement.
      const [unit] = await tx.$queryRaw<UnitRow[]>`
        SELECT id, parent_id AS "parentId", name, path, sort FROM org_units WHERE id = ${id} FOR NO KEY UPDATE`;
      if (!unit) throw unitNotFound(id);
      let path = id;
      if (parentId !== null) {
        const parent = await unitRow(tx, parentId);
        // The parent's path lists all its ancestors: the unit among them means a cycle.
        if (parent.path.split("/").includes(id)) throw cycleRefused(id, parentId);
        path = `${parent.path}/${id}`;
      }
      const newSort = sort ?? unit.sort;
      // One statement for the whole subtree, found through the parent_id index, each path's old
      // prefix swapped for the new one: Prisma Client cannot compute a column from itself so.
      await tx.$executeRaw`
        WITH RECURSIVE sub(id) AS (
          SELECT ${id}::text
          UNION
          SELECT c.id FROM org_units c JOIN sub ON c.parent_id = sub.id
        )
        UPDATE org_units u
           SET path = ${path}::text || substr(u.path, length(${unit.path}::text) + 1),
               parent_id = CASE WHEN u.id = ${id} THEN ${parentId}::text ELSE u.parent_id END,
               sort = CASE WHEN u.id = ${id} THEN ${newSort}::int ELSE u.sort END
          FROM sub
         WHERE u.id = sub.id`;
      return toUnit({ ...unit, parentId, path, sort: newSort });
    });
  }

  async deleteUnit(id: string, opts: WriteOptions<void> = {}): Promise<void> {
    checkIdentifier("id", id);
    await this.reshape(opts, async (tx) => {
      // FOR UPDATE conflicts with the key-share lock a member insert's foreign-key
      // check takes: a listing being added is either seen by the emptiness check or refused.
      // Prisma Client has no FOR UPDATE: the row is locked with a raw statement.
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM org_units WHERE id = ${id} FOR UPDATE`;
      if (locked.length === 0) throw unitNotFound(id);
      if (await tx.orgUnit.findFirst({ where: { parentId: id }, select: { id: true } }))
        throw new ImError("CONFLICT", `org unit ${id} still has child units`);
      if (await tx.orgMember.findFirst({ where: { unitId: id }, select: { uid: true } }))
        throw new ImError("CONFLICT", `org unit ${id} still has members`);
      await tx.orgUnit.deleteMany({ where: { id } });
    });
  }

  async addMember(
    unitId: string,
    uid: string,
    fields: OrgMemberFields = {},
    opts: WriteOptions<OrgMember> = {},
  ): Promise<OrgMember> {
    checkIdentifier("unitId", unitId);
    checkIdentifier("uid", uid);
    checkMemberFields(fields);
    return this.write(opts, async (tx) => {
      try {
        return await tx.orgMember.upsert({
          where: { unitId_uid: { unitId, uid } },
          create: { unitId, uid, title: fields.title ?? "", sort: fields.sort ?? 0 },
          // Fields left out keep their value. Sort + 0 keeps the update from being empty: Prisma runs an
          // upsert with nothing to update as a read and a plain INSERT, on which two first listings collide.
          update: {
            ...(fields.title === undefined ? {} : { title: fields.title }),
            sort: fields.sort ?? { increment: 0 },
          },
          select: { unitId: true, ...LISTING },
        });
      } catch (err) {
        if (isForeignKeyViolation(err)) throw unitNotFound(unitId);
        throw err;
      }
    });
  }

  async removeMember(unitId: string, uid: string, opts: WriteOptions<boolean> = {}): Promise<boolean> {
    checkIdentifier("unitId", unitId);
    checkIdentifier("uid", uid);
    return this.write(opts, async (tx) => {
      const { count } = await tx.orgMember.deleteMany({ where: { unitId, uid } });
      // A listing removed proves its unit exists; otherwise the unit may be unknown.
      if (count > 0) return true;
      await unitRow(tx, unitId);
      return false;
    });
  }

  async tree(rootId?: string): Promise<OrgUnit[]> {
    if (rootId === undefined) {
      const rows = await this.db.read((db) => db.orgUnit.findMany({ select: UNIT }));
      return orderOrgUnits(rows.map(toUnit));
    }
    checkIdentifier("rootId", rootId);
    // One statement, so it sees one committed state of the tree.
    const rows = await this.db.read((db) => db.orgUnit.findMany({ where: subtreeWhere(rootId), select: UNIT }));
    const units = rows.filter((r) => inSubtree(r, rootId));
    if (units.length === 0) throw unitNotFound(rootId);
    return orderOrgUnits(units.map(toUnit));
  }

  async members(unitId: string, opts: { recursive?: boolean } = {}): Promise<OrgMember[]> {
    checkIdentifier("unitId", unitId);
    const where = opts.recursive === true ? subtreeWhere(unitId) : { id: unitId };
    // Every unit of the (sub)tree comes back, with its listings (none for some).
    const rows = await this.snapshot((db) =>
      db.orgUnit.findMany({ where, select: { ...UNIT, members: { select: LISTING } } }),
    );
    const units = rows.filter((r) => inSubtree(r, unitId));
    if (units.length === 0) throw unitNotFound(unitId);
    const listed = new Map(units.map((u) => [u.id, u.members]));
    return orderOrgUnits(units.map(toUnit)).flatMap((u) =>
      (listed.get(u.id) ?? []).map((m) => ({ unitId: u.id, ...m })).sort(compareOrgMembers),
    );
  }

  async unitsOf(uid: string): Promise<OrgUnit[]> {
    checkIdentifier("uid", uid);
    const rows = await this.snapshot(async (db) => {
      const mine = await db.orgUnit.findMany({
        where: { members: { some: { uid } } },
        select: { id: true, path: true },
      });
      // The person's units and their ancestors: placing units of different branches in tree order needs both.
      const ids = new Set(mine.flatMap((u) => u.path.split("/")));
      if (ids.size === 0) return { mine, all: [] };
      return { mine, all: await db.orgUnit.findMany({ where: { id: { in: [...ids] } }, select: UNIT }) };
    });
    const listed = new Set(rows.mine.map((u) => u.id));
    return orderOrgUnits(rows.all.map(toUnit)).filter((u) => listed.has(u.id));
  }

  /**
   * Reads of more than one statement run in one REPEATABLE READ transaction,
   * so together they see one committed state of the tree.
   */
  private snapshot<T>(read: (db: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(read, { isolation: "REPEATABLE READ" });
  }

  /** Runs a change of the tree's shape in a transaction holding the tree lock. */
  private reshape<T>(opts: WriteOptions<T>, work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.write(opts, work, true);
  }

  /**
   * Runs a change in one transaction (holding the tree lock when the shape
   * changes); `opts.beforeCommit` runs last in it with the transaction's
   * client, so the caller's work and the change commit together or not at all.
   */
  private write<T>(opts: WriteOptions<T>, work: (tx: Tx) => Promise<T>, lockTree = false): Promise<T> {
    // Explicitly READ COMMITTED: each statement after the lock then sees every
    // change committed before the lock was granted (a snapshot taken earlier would not).
    // Changes write only with the transaction's client, so a deadlock may rerun the whole of it.
    return this.db.transaction(
      async (tx) => {
        // Every change of the tree's shape (create, move, delete) takes this one
        // transaction-level lock first, so they run one at a time across all servers:
        // a move checks for a cycle, and computes paths, on a tree nobody else is
        // reshaping. The key is the bytes of "org_tree"; any fixed number would do.
        // Prisma Client has no advisory locks: a raw statement.
        if (lockTree) await tx.$executeRaw`SELECT pg_advisory_xact_lock(8030594745228223845)`;
        const result = await work(tx);
        await opts.beforeCommit?.(tx, result);
        return result;
      },
      { isolation: "READ COMMITTED", rerunnable: true },
    );
  }
}

/** The unit's row (unlocked); NOT_FOUND when there is none. */
async function unitRow(tx: Tx, id: string): Promise<UnitRow> {
  const row = await tx.orgUnit.findUnique({ where: { id }, select: UNIT });
  if (!row) throw unitNotFound(id);
  return row;
}

function toUnit(row: UnitRow): OrgUnit {
  const path = row.path.split("/");
  return { id: row.id, parentId: row.parentId, name: row.name, sort: row.sort, path, depth: path.length - 1 };
}
