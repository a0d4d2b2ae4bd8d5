import type { WriteOptions } from "./group-store.ts";

/** A department (or any other node) of the organisation tree. */
export interface OrgUnit {
  id: string;
  /** null for a root; the tree may have several roots. */
  parentId: string | null;
  name: string;
  /** Position among its siblings, ascending; ties go by name, then id. */
  sort: number;
  /** Ids from the root down to this unit, both included. */
  path: string[];
  /** 0 for a root: path.length - 1. */
  depth: number;
}

/** A person listed in a unit; one person may be listed in several units. */
export interface OrgMember {
  unitId: string;
  uid: string;
  /** Job title within this unit ("" when none). */
  title: string;
  /** Position among the unit's members, ascending; ties go by uid. */
  sort: number;
}

export interface NewOrgUnit {
  /** Chosen by the caller (e.g. the HR system's department id) or generated when absent. */
  id?: string;
  /** null creates a root. */
  parentId: string | null;
  name: string;
  /** Default 0. */
  sort?: number;
}

export interface OrgMemberFields {
  title?: string;
  sort?: number;
}

/**
 * The organisation tree: units under units, people listed in units.
 *
 * Guarantees, for every backend and any number of servers sharing it:
 * - The tree never has a cycle, also when moves run concurrently: of two moves
 *   that together would close one (A under B while B goes under A), one is
 *   refused with CONFLICT.
 * - A move updates the paths of the whole moved subtree atomically; no reader
 *   sees a unit whose path disagrees with its parent.
 * - A unit is only deleted when empty (no child units, no members), so nobody
 *   is ever dropped from the directory by deleting a unit.
 *
 * Unit ids are 1–255 characters without "/" (the stored path is "/"-separated).
 * A uid is listed as given; it need not have logged in yet, since the directory
 * is usually loaded from HR data before people first sign in.
 *
 * Unknown unit ids are NOT_FOUND; malformed input is INVALID_ARGUMENT.
 */
export interface OrgStore {
  /** Adds a leaf unit. NOT_FOUND when the parent does not exist, CONFLICT when the id is taken. */
  createUnit(unit: NewOrgUnit, opts?: WriteOptions<OrgUnit>): Promise<OrgUnit>;
  renameUnit(id: string, name: string, opts?: WriteOptions<OrgUnit>): Promise<OrgUnit>;
  /**
   * Moves the unit with its whole subtree under another parent (null: makes it
   * a root), keeping its sort unless one is given. CONFLICT when the new
   * parent is the unit itself or one of its descendants.
   */
  moveUnit(id: string, parentId: string | null, sort?: number, opts?: WriteOptions<OrgUnit>): Promise<OrgUnit>;
  /** CONFLICT while the unit has child units or members. */
  deleteUnit(id: string, opts?: WriteOptions<void>): Promise<void>;
  /**
   * Lists the person in the unit, or updates the listing if present: fields
   * left out keep their current value (a new listing starts with "" and 0).
   */
  addMember(unitId: string, uid: string, fields?: OrgMemberFields, opts?: WriteOptions<OrgMember>): Promise<OrgMember>;
  /** False when the person was not listed in the unit. */
  removeMember(unitId: string, uid: string, opts?: WriteOptions<boolean>): Promise<boolean>;
  /**
   * The whole tree, or the subtree under `rootId` (that unit first), in
   * depth-first order (see orderOrgUnits). Depths stay absolute in a subtree.
   */
  tree(rootId?: string): Promise<OrgUnit[]>;
  /**
   * The people listed in the unit, by sort then uid; with `recursive`, those of
   * its whole subtree, unit by unit in tree order (a person listed in two of the
   * units appears once per unit).
   */
  members(unitId: string, opts?: { recursive?: boolean }): Promise<OrgMember[]>;
  /** The units the person is listed in, in tree order; [] for someone listed nowhere. */
  unitsOf(uid: string): Promise<OrgUnit[]>;
}

/** Code-unit order, not locale order: every server, runtime and database sorts the same way. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type Orderable = Pick<OrgUnit, "id" | "parentId" | "name" | "sort">;

/** Sibling order: sort, then name, then id. */
export function compareOrgSiblings(a: Orderable, b: Orderable): number {
  return a.sort - b.sort || compareText(a.name, b.name) || compareText(a.id, b.id);
}

/** Member order within a unit: sort, then uid. */
export function compareOrgMembers(a: Pick<OrgMember, "uid" | "sort">, b: Pick<OrgMember, "uid" | "sort">): number {
  return a.sort - b.sort || compareText(a.uid, b.uid);
}

/**
 * The order OrgStore.tree() promises: depth-first, each unit before its
 * children, siblings by compareOrgSiblings. The walk starts from the units
 * whose parent is not in the list (the roots, or the top of a subtree).
 */
export function orderOrgUnits<T extends Orderable>(units: readonly T[]): T[] {
  const ids = new Set(units.map((u) => u.id));
  const tops: T[] = [];
  const children = new Map<string, T[]>();
  for (const u of units) {
    if (u.parentId === null || !ids.has(u.parentId)) tops.push(u);
    else {
      const siblings = children.get(u.parentId);
      if (siblings) siblings.push(u);
      else children.set(u.parentId, [u]);
    }
  }
  // Explicit stack rather than recursion: a deep tree must not exhaust the call stack.
  const out: T[] = [];
  const stack: T[] = [];
  const pushSorted = (list: T[]) => {
    list.sort(compareOrgSiblings);
    for (let i = list.length - 1; i >= 0; i--) stack.push(list[i] as T);
  };
  pushSorted(tops);
  for (let u = stack.pop(); u !== undefined; u = stack.pop()) {
    out.push(u);
    const below = children.get(u.id);
    if (below) pushSorted(below);
  }
  return out;
}
