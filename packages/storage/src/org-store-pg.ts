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
import type pg from "pg";
import { isForeignKeyViolation } from "./database-errors.ts";
import { checkMemberFields, checkMove, checkNewUnit, cycleRefused, unitNotFound } from "./org-store-memory.ts";
import { StorePool } from "./pg-query.ts";

export interface PgOrgStoreOptions {
  /** The causes behind UNAVAILABLE errors. */
  onError?: (err: unknown) => void;
}

interface UnitRow {
  id: string;
  parent_id: string | null;
  name: string;
  /** Ids from the root down to the unit, "/"-separated. */
  path: string;
  sort: number;
}

const UNIT = "id, parent_id, name, path, sort";

// Every change of the tree's shape (create, move, delete) takes this one
// transaction-level lock first, so they run one at a time across all servers:
// a move checks for a cycle, and computes paths, on a tree nobody else is
// reshaping. The key is the bytes of "org_tree"; any fixed number would do.
const LOCK_TREE = { name: "im_org_lock_tree", text: "SELECT pg_advisory_xact_lock(8030594745228223845)" };

const SELECT_UNIT = { name: "im_org_unit", text: `SELECT ${UNIT} FROM org_units WHERE id = $1` };
// Keeps renames out while the unit moves; member inserts (which only share the key) may go on.
const LOCK_UNIT_TO_MOVE = {
  name: "im_org_unit_lock_move",
  text: `SELECT ${UNIT} FROM org_units WHERE id = $1 FOR NO KEY UPDATE`,
};
// FOR UPDATE conflicts with the key-share lock a member insert's foreign-key
// check takes: a listing being added is either seen by the emptiness check or refused.
const LOCK_UNIT_TO_DELETE = {
  name: "im_org_unit_lock_delete",
  text: `SELECT ${UNIT} FROM org_units WHERE id = $1 FOR UPDATE`,
};
const INSERT_UNIT = {
  name: "im_org_unit_insert",
  text: `INSERT INTO org_units (id, parent_id, name, path, sort) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO NOTHING
         RETURNING ${UNIT}`,
};
const RENAME_UNIT = {
  name: "im_org_unit_rename",
  text: `UPDATE org_units SET name = $2 WHERE id = $1 RETURNING ${UNIT}`,
};
// One statement for the whole subtree: found through the parent_id index, each
// path rewritten by swapping the old prefix ($2) for the new one ($3).
const MOVE_SUBTREE = {
  name: "im_org_unit_move",
  text: `WITH RECURSIVE sub(id) AS (
           SELECT $1::text
           UNION
           SELECT c.id FROM org_units c JOIN sub ON c.parent_id = sub.id
         )
         UPDATE org_units u
            SET path = $3::text || substr(u.path, length($2::text) + 1),
                parent_id = CASE WHEN u.id = $1 THEN $4::text ELSE u.parent_id END,
                sort = CASE WHEN u.id = $1 THEN $5::int ELSE u.sort END
           FROM sub
          WHERE u.id = sub.id`,
};
const UNIT_IN_USE = {
  name: "im_org_unit_in_use",
  text: `SELECT EXISTS (SELECT 1 FROM org_units WHERE parent_id = $1) AS has_children,
                EXISTS (SELECT 1 FROM org_members WHERE unit_id = $1) AS has_members`,
};
const DELETE_UNIT = { name: "im_org_unit_delete", text: "DELETE FROM org_units WHERE id = $1" };

const UPSERT_MEMBER = {
  name: "im_org_member_upsert",
  text: `INSERT INTO org_members (unit_id, uid, title, sort) VALUES ($1, $2, COALESCE($3::text, ''), COALESCE($4::int, 0))
         ON CONFLICT (unit_id, uid) DO UPDATE
           SET title = COALESCE($3::text, org_members.title), sort = COALESCE($4::int, org_members.sort)
         RETURNING unit_id, uid, title, sort`,
};
const REMOVE_MEMBER = {
  name: "im_org_member_remove",
  text: `WITH gone AS (DELETE FROM org_members WHERE unit_id = $1 AND uid = $2 RETURNING 1)
         SELECT EXISTS (SELECT 1 FROM gone) AS removed,
                EXISTS (SELECT 1 FROM org_units WHERE id = $1) AS unit_exists`,
};

// Reads are single statements, so each sees one committed state of the tree.
const ALL_UNITS = { name: "im_org_all_units", text: `SELECT ${UNIT} FROM org_units` };
// UNION, not UNION ALL: ends even if a writer bypassing this store ever made a cycle.
const SUBTREE = {
  name: "im_org_subtree",
  text: `WITH RECURSIVE sub AS (
           SELECT ${UNIT} FROM org_units WHERE id = $1
           UNION
           SELECT c.id, c.parent_id, c.name, c.path, c.sort FROM org_units c JOIN sub ON c.parent_id = sub.id
         )
         SELECT ${UNIT} FROM sub`,
};
// Every unit of the (sub)tree comes back, with one row per listing or a null uid when it has none.
const MEMBERS = {
  name: "im_org_members",
  text: `WITH RECURSIVE sub AS (
           SELECT ${UNIT} FROM org_units WHERE id = $1
           UNION
           SELECT c.id, c.parent_id, c.name, c.path, c.sort FROM org_units c JOIN sub ON c.parent_id = sub.id
            WHERE $2::boolean
         )
         SELECT sub.id, sub.parent_id, sub.name, sub.path, sub.sort, m.uid, m.title, m.sort AS member_sort
           FROM sub LEFT JOIN org_members m ON m.unit_id = sub.id`,
};
// The person's units and their ancestors: placing units of different branches in tree order needs both.
const UNITS_OF = {
  name: "im_org_units_of",
  text: `WITH mine AS (
           SELECT u.id, u.path FROM org_members m JOIN org_units u ON u.id = m.unit_id WHERE m.uid = $1
         )
         SELECT a.id, a.parent_id, a.name, a.path, a.sort, a.id IN (SELECT id FROM mine) AS listed
           FROM org_units a
          WHERE a.id IN (SELECT unnest(string_to_array(path, '/')) FROM mine)`,
};

/**
 * OrgStore on PostgreSQL (org_units, org_members). A unit's path column holds
 * the ids from its root down to it: ancestors, depth and cycle checks come from
 * one row, and a move rewrites the subtree's paths in the same transaction.
 *
 * Cycle safety relies on every writer of org_units going through this class
 * (or taking the same advisory lock).
 */
export class PgOrgStore implements OrgStore {
  private readonly db: StorePool;

  constructor(pool: pg.Pool, opts: PgOrgStoreOptions = {}) {
    this.db = new StorePool(pool, { what: "organisation storage", onError: opts.onError });
  }

  async createUnit(unit: NewOrgUnit, opts: WriteOptions<OrgUnit> = {}): Promise<OrgUnit> {
    checkNewUnit(unit);
    const id = unit.id ?? randomUUID();
    return this.reshape(opts, async (client) => {
      let path = id;
      if (unit.parentId !== null) {
        const parent = await this.unitRow(client, SELECT_UNIT, unit.parentId);
        path = `${parent.path}/${id}`;
      }
      const { rows } = await client.query<UnitRow>({
        ...INSERT_UNIT,
        values: [id, unit.parentId, unit.name, path, unit.sort ?? 0],
      });
      if (!rows[0]) throw new ImError("CONFLICT", `org unit ${id} already exists`);
      return toUnit(rows[0]);
    });
  }

  async renameUnit(id: string, name: string, opts: WriteOptions<OrgUnit> = {}): Promise<OrgUnit> {
    checkIdentifier("id", id);
    checkName("name", name);
    return this.write(opts, async (client) => {
      const { rows } = await client.query<UnitRow>({ ...RENAME_UNIT, values: [id, name] });
      if (!rows[0]) throw unitNotFound(id);
      return toUnit(rows[0]);
    });
  }

  async moveUnit(
    id: string,
    parentId: string | null,
    sort?: number,
    opts: WriteOptions<OrgUnit> = {},
  ): Promise<OrgUnit> {
    checkMove(id, parentId, sort);
    return this.reshape(opts, async (client) => {
      const unit = await this.unitRow(client, LOCK_UNIT_TO_MOVE, id);
      let path = id;
      if (parentId !== null) {
        const parent = await this.unitRow(client, SELECT_UNIT, parentId);
        // The parent's path lists all its ancestors: the unit among them means a cycle.
        if (parent.path.split("/").includes(id)) throw cycleRefused(id, parentId);
        path = `${parent.path}/${id}`;
      }
      const newSort = sort ?? unit.sort;
      await client.query({ ...MOVE_SUBTREE, values: [id, unit.path, path, parentId, newSort] });
      return toUnit({ ...unit, parent_id: parentId, path, sort: newSort });
    });
  }

  async deleteUnit(id: string, opts: WriteOptions<void> = {}): Promise<void> {
    checkIdentifier("id", id);
    await this.reshape(opts, async (client) => {
      await this.unitRow(client, LOCK_UNIT_TO_DELETE, id);
      const { rows } = await client.query<{ has_children: boolean; has_members: boolean }>({
        ...UNIT_IN_USE,
        values: [id],
      });
      if (rows[0]?.has_children) throw new ImError("CONFLICT", `org unit ${id} still has child units`);
      if (rows[0]?.has_members) throw new ImError("CONFLICT", `org unit ${id} still has members`);
      await client.query({ ...DELETE_UNIT, values: [id] });
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
    return this.write(opts, async (client) => {
      let rows: { unit_id: string; uid: string; title: string; sort: number }[];
      try {
        ({ rows } = await client.query({
          ...UPSERT_MEMBER,
          values: [unitId, uid, fields.title ?? null, fields.sort ?? null],
        }));
      } catch (err) {
        if (isForeignKeyViolation(err)) throw unitNotFound(unitId);
        throw err;
      }
      const row = rows[0] as (typeof rows)[number];
      return { unitId: row.unit_id, uid: row.uid, title: row.title, sort: row.sort };
    });
  }

  async removeMember(unitId: string, uid: string, opts: WriteOptions<boolean> = {}): Promise<boolean> {
    checkIdentifier("unitId", unitId);
    checkIdentifier("uid", uid);
    return this.write(opts, async (client) => {
      const { rows } = await client.query<{ removed: boolean; unit_exists: boolean }>({
        ...REMOVE_MEMBER,
        values: [unitId, uid],
      });
      if (!rows[0]?.unit_exists) throw unitNotFound(unitId);
      return rows[0].removed;
    });
  }

  async tree(rootId?: string): Promise<OrgUnit[]> {
    if (rootId === undefined) {
      const { rows } = await this.db.query<UnitRow>(ALL_UNITS, []);
      return orderOrgUnits(rows.map(toUnit));
    }
    checkIdentifier("rootId", rootId);
    const { rows } = await this.db.query<UnitRow>(SUBTREE, [rootId]);
    if (rows.length === 0) throw unitNotFound(rootId);
    return orderOrgUnits(rows.map(toUnit));
  }

  async members(unitId: string, opts: { recursive?: boolean } = {}): Promise<OrgMember[]> {
    checkIdentifier("unitId", unitId);
    const { rows } = await this.db.query<UnitRow & { uid: string | null; title: string; member_sort: number }>(
      MEMBERS,
      [unitId, opts.recursive === true],
    );
    if (rows.length === 0) throw unitNotFound(unitId);
    const units = new Map<string, OrgUnit>();
    const listed = new Map<string, OrgMember[]>();
    for (const r of rows) {
      if (!units.has(r.id)) units.set(r.id, toUnit(r));
      if (r.uid === null) continue;
      const member = { unitId: r.id, uid: r.uid, title: r.title, sort: r.member_sort };
      const list = listed.get(r.id);
      if (list) list.push(member);
      else listed.set(r.id, [member]);
    }
    return orderOrgUnits([...units.values()]).flatMap((u) => (listed.get(u.id) ?? []).sort(compareOrgMembers));
  }

  async unitsOf(uid: string): Promise<OrgUnit[]> {
    checkIdentifier("uid", uid);
    const { rows } = await this.db.query<UnitRow & { listed: boolean }>(UNITS_OF, [uid]);
    const listed = new Set(rows.filter((r) => r.listed).map((r) => r.id));
    return orderOrgUnits(rows.map(toUnit)).filter((u) => listed.has(u.id));
  }

  /** Runs a change of the tree's shape in a transaction holding the tree lock. */
  private reshape<T>(opts: WriteOptions<T>, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.write(opts, work, true);
  }

  /**
   * Runs a change in one transaction (holding the tree lock when the shape
   * changes); `opts.beforeCommit` runs last in it, so the caller's work and
   * the change commit together or not at all.
   */
  private write<T>(opts: WriteOptions<T>, work: (client: pg.PoolClient) => Promise<T>, lockTree = false): Promise<T> {
    // Explicitly READ COMMITTED: each statement after the lock then sees every
    // change committed before the lock was granted (a snapshot taken earlier would not).
    // Changes write only with the client, so a deadlock may rerun the whole of it.
    return this.db.transaction(
      async (client) => {
        if (lockTree) await client.query(LOCK_TREE);
        const result = await work(client);
        await opts.beforeCommit?.(client, result);
        return result;
      },
      { isolation: "READ COMMITTED", rerunnable: true },
    );
  }

  private async unitRow(client: pg.PoolClient, query: { name: string; text: string }, id: string): Promise<UnitRow> {
    const { rows } = await client.query<UnitRow>({ ...query, values: [id] });
    if (!rows[0]) throw unitNotFound(id);
    return rows[0];
  }
}

function toUnit(row: UnitRow): OrgUnit {
  const path = row.path.split("/");
  return { id: row.id, parentId: row.parent_id, name: row.name, sort: row.sort, path, depth: path.length - 1 };
}
