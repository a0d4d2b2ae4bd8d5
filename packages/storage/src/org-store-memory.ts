import { randomUUID } from "node:crypto";
import {
  checkFreeText,
  checkIdentifier,
  checkInt32,
  checkName,
  compareOrgMembers,
  ImError,
  MAX_NAME_LENGTH,
  type NewOrgUnit,
  type OrgMember,
  type OrgMemberFields,
  type OrgStore,
  type OrgUnit,
  orderOrgUnits,
  type WriteOptions,
} from "@im/core";

// Input rules of every OrgStore backend; PgOrgStore checks with these same functions.

export function checkNewUnit(unit: NewOrgUnit): void {
  if (unit.id !== undefined) checkIdentifier("id", unit.id);
  if (unit.parentId !== null) checkIdentifier("parentId", unit.parentId);
  checkName("name", unit.name);
  if (unit.sort !== undefined) checkInt32("sort", unit.sort);
}

export function checkMove(id: string, parentId: string | null, sort: number | undefined): void {
  checkIdentifier("id", id);
  if (parentId !== null) checkIdentifier("parentId", parentId);
  if (sort !== undefined) checkInt32("sort", sort);
}

export function checkMemberFields(fields: OrgMemberFields): void {
  // An empty title clears it.
  if (fields.title !== undefined && fields.title !== "") checkFreeText("title", fields.title, MAX_NAME_LENGTH);
  if (fields.sort !== undefined) checkInt32("sort", fields.sort);
}

export function unitNotFound(id: string): ImError {
  return new ImError("NOT_FOUND", `org unit ${id} not found`);
}

export function cycleRefused(id: string, parentId: string): ImError {
  return new ImError("CONFLICT", `org unit ${parentId} is ${id} itself or below it`);
}

interface UnitRecord {
  id: string;
  parentId: string | null;
  name: string;
  sort: number;
}

interface Listing {
  title: string;
  sort: number;
}

/**
 * OrgStore in process memory: for tests and the reference semantics of the contract.
 * Paths are not stored but walked from the parent links, so they cannot go stale;
 * every method runs to completion without awaiting, which serialises changes.
 */
export class MemoryOrgStore implements OrgStore {
  private readonly units = new Map<string, UnitRecord>();
  /** Parent id → child ids; roots are under null. */
  private readonly children = new Map<string | null, Set<string>>();
  /** Unit id → uid → listing. */
  private readonly listings = new Map<string, Map<string, Listing>>();
  /** Uid → ids of the units listing the person. */
  private readonly unitsByUid = new Map<string, Set<string>>();

  /** No transaction to join: the hook runs once the change is made (README "Security"). */
  private async after<T>(opts: WriteOptions<T>, result: T): Promise<T> {
    await opts.beforeCommit?.(undefined, result);
    return result;
  }

  async createUnit(unit: NewOrgUnit, opts: WriteOptions<OrgUnit> = {}): Promise<OrgUnit> {
    return this.after(opts, await this.createUnitNow(unit));
  }

  async renameUnit(id: string, name: string, opts: WriteOptions<OrgUnit> = {}): Promise<OrgUnit> {
    return this.after(opts, await this.renameUnitNow(id, name));
  }

  async moveUnit(
    id: string,
    parentId: string | null,
    sort?: number,
    opts: WriteOptions<OrgUnit> = {},
  ): Promise<OrgUnit> {
    return this.after(opts, await this.moveUnitNow(id, parentId, sort));
  }

  async deleteUnit(id: string, opts: WriteOptions<void> = {}): Promise<void> {
    return this.after(opts, await this.deleteUnitNow(id));
  }

  async addMember(
    unitId: string,
    uid: string,
    fields: OrgMemberFields = {},
    opts: WriteOptions<OrgMember> = {},
  ): Promise<OrgMember> {
    return this.after(opts, await this.addMemberNow(unitId, uid, fields));
  }

  async removeMember(unitId: string, uid: string, opts: WriteOptions<boolean> = {}): Promise<boolean> {
    return this.after(opts, await this.removeMemberNow(unitId, uid));
  }

  private async createUnitNow(unit: NewOrgUnit): Promise<OrgUnit> {
    checkNewUnit(unit);
    if (unit.parentId !== null && !this.units.has(unit.parentId)) throw unitNotFound(unit.parentId);
    const id = unit.id ?? randomUUID();
    if (this.units.has(id)) throw new ImError("CONFLICT", `org unit ${id} already exists`);
    const record: UnitRecord = { id, parentId: unit.parentId, name: unit.name, sort: unit.sort ?? 0 };
    this.units.set(id, record);
    addTo(this.children, record.parentId, id);
    return this.toUnit(record);
  }

  private async renameUnitNow(id: string, name: string): Promise<OrgUnit> {
    checkIdentifier("id", id);
    checkName("name", name);
    const record = this.get(id);
    record.name = name;
    return this.toUnit(record);
  }

  private async moveUnitNow(id: string, parentId: string | null, sort: number | undefined): Promise<OrgUnit> {
    checkMove(id, parentId, sort);
    const record = this.get(id);
    if (parentId !== null) {
      if (!this.units.has(parentId)) throw unitNotFound(parentId);
      if (this.pathOf(parentId).includes(id)) throw cycleRefused(id, parentId);
    }
    removeFrom(this.children, record.parentId, id);
    record.parentId = parentId;
    if (sort !== undefined) record.sort = sort;
    addTo(this.children, parentId, id);
    return this.toUnit(record);
  }

  private async deleteUnitNow(id: string): Promise<void> {
    checkIdentifier("id", id);
    const record = this.get(id);
    if (this.children.get(id)?.size) throw new ImError("CONFLICT", `org unit ${id} still has child units`);
    if (this.listings.get(id)?.size) throw new ImError("CONFLICT", `org unit ${id} still has members`);
    this.units.delete(id);
    this.listings.delete(id);
    removeFrom(this.children, record.parentId, id);
  }

  private async addMemberNow(unitId: string, uid: string, fields: OrgMemberFields = {}): Promise<OrgMember> {
    checkIdentifier("unitId", unitId);
    checkIdentifier("uid", uid);
    checkMemberFields(fields);
    this.get(unitId);
    let listed = this.listings.get(unitId);
    if (!listed) {
      listed = new Map();
      this.listings.set(unitId, listed);
    }
    const listing = listed.get(uid) ?? { title: "", sort: 0 };
    if (fields.title !== undefined) listing.title = fields.title;
    if (fields.sort !== undefined) listing.sort = fields.sort;
    listed.set(uid, listing);
    addTo(this.unitsByUid, uid, unitId);
    return { unitId, uid, title: listing.title, sort: listing.sort };
  }

  private async removeMemberNow(unitId: string, uid: string): Promise<boolean> {
    checkIdentifier("unitId", unitId);
    checkIdentifier("uid", uid);
    this.get(unitId);
    if (!this.listings.get(unitId)?.delete(uid)) return false;
    removeFrom(this.unitsByUid, uid, unitId);
    return true;
  }

  async tree(rootId?: string): Promise<OrgUnit[]> {
    if (rootId === undefined) return this.toUnits(orderOrgUnits([...this.units.values()]));
    checkIdentifier("rootId", rootId);
    return this.toUnits(orderOrgUnits(this.subtree(this.get(rootId))));
  }

  async members(unitId: string, opts: { recursive?: boolean } = {}): Promise<OrgMember[]> {
    checkIdentifier("unitId", unitId);
    const top = this.get(unitId);
    const units = opts.recursive ? orderOrgUnits(this.subtree(top)) : [top];
    const out: OrgMember[] = [];
    for (const unit of units) {
      const listed = [...(this.listings.get(unit.id) ?? [])].map(([uid, l]) => ({ unitId: unit.id, uid, ...l }));
      out.push(...listed.sort(compareOrgMembers));
    }
    return out;
  }

  async unitsOf(uid: string): Promise<OrgUnit[]> {
    checkIdentifier("uid", uid);
    const mine = this.unitsByUid.get(uid);
    if (!mine) return [];
    // Tree order between units in different branches needs their ancestors' positions too.
    const withAncestors = new Set<string>();
    for (const id of mine) for (const a of this.pathOf(id)) withAncestors.add(a);
    const ordered = orderOrgUnits([...withAncestors].map((id) => this.get(id)));
    return this.toUnits(ordered).filter((u) => mine.has(u.id));
  }

  private get(id: string): UnitRecord {
    const record = this.units.get(id);
    if (!record) throw unitNotFound(id);
    return record;
  }

  private subtree(top: UnitRecord): UnitRecord[] {
    const out: UnitRecord[] = [];
    const stack = [top];
    for (let u = stack.pop(); u !== undefined; u = stack.pop()) {
      out.push(u);
      for (const child of this.children.get(u.id) ?? []) stack.push(this.get(child));
    }
    return out;
  }

  private pathOf(id: string): string[] {
    const path: string[] = [];
    for (let u = this.units.get(id); u; u = u.parentId === null ? undefined : this.units.get(u.parentId)) {
      path.push(u.id);
    }
    return path.reverse();
  }

  private toUnit(record: UnitRecord, path = this.pathOf(record.id)): OrgUnit {
    return {
      id: record.id,
      parentId: record.parentId,
      name: record.name,
      sort: record.sort,
      path,
      depth: path.length - 1,
    };
  }

  /** Units in tree order; each path is built from its parent's, walked only for the first of a subtree. */
  private toUnits(ordered: UnitRecord[]): OrgUnit[] {
    const paths = new Map<string, string[]>();
    return ordered.map((record) => {
      const above = record.parentId === null ? [] : paths.get(record.parentId);
      const path = above ? [...above, record.id] : this.pathOf(record.id);
      paths.set(record.id, path);
      return this.toUnit(record, path);
    });
  }
}

function addTo<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (set) set.add(value);
  else index.set(key, new Set([value]));
}

function removeFrom<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}
