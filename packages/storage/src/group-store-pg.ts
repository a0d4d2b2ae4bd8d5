import { randomUUID } from "node:crypto";
import {
  type Actor,
  actorUid,
  type CreateGroup,
  checkFreeText,
  checkGroupAction,
  checkIdentifier,
  checkMemberAction,
  checkName,
  checkUidList,
  type Group,
  type GroupMember,
  GroupRole,
  type GroupStore,
  ImError,
  MAX_ANNOUNCEMENT_LENGTH,
  MAX_GROUP_MEMBERS,
  type WriteOptions,
} from "@im/core";
import type { Prisma, PrismaClient } from "@im/db";
import { databaseNow } from "./admin/database-now.ts";
import { PrismaStore } from "./prisma-store.ts";
import { checkActor, checkCreateGroup, checkMuteUntil } from "./validate.ts";

export interface PgGroupStoreOptions {
  /** Most members of one group (default 10,000). */
  maxMembers?: number;
  /** The causes behind UNAVAILABLE errors. */
  onError?: (err: unknown) => void;
}

type Tx = Prisma.TransactionClient;

const GROUP = {
  id: true,
  name: true,
  ownerId: true,
  announcement: true,
  mutedAll: true,
  memberVersion: true,
  createdAt: true,
  dismissedAt: true,
} as const;
const MEMBER = { uid: true, role: true, mutedUntil: true, joinedAt: true } as const;

type GroupRow = Prisma.GroupGetPayload<{ select: typeof GROUP }>;
type MemberRow = Prisma.GroupMemberGetPayload<{ select: typeof MEMBER }>;

type LockRow = { now: Date };

/** What a mutation sees once it holds the group: the row and the members it asked about. */
interface Locked {
  group: GroupRow;
  /** The actor and the named uids that are members. */
  members: Map<string, MemberRow>;
  /** The acting user's role, undefined for the system. */
  actorRole: GroupRole | undefined;
  /** The transaction's now() on the database clock: the time the change writes. */
  now: Date;
}

/**
 * Class of the advisory locks that gate a group (the two-int key space, apart
 * from single-bigint keys used elsewhere): sends take the gate shared, changes
 * exclusive. Row locks alone would order them too, but PostgreSQL lets a new
 * FOR SHARE locker pass a waiting FOR UPDATE, so a busy group could hold a
 * membership change off indefinitely; the lock manager queues an advisory
 * request behind a conflicting waiter, so a change waits only for the sends
 * already in flight.
 */
export const GROUP_GATE_CLASS = 0x494d4701;

/** The gate key of a group: a 32-bit FNV-1a hash of its id (collisions only make unrelated groups wait for each other). */
export function groupGateKey(groupId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < groupId.length; i++) {
    h ^= groupId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** The distinct gate keys of these groups in ascending order: the order every transaction takes them in. */
export function groupGateKeys(groupIds: Iterable<string>): number[] {
  return [...new Set([...groupIds].map(groupGateKey))].sort((a, b) => a - b);
}

/**
 * GroupStore on PostgreSQL (groups and group_members, on Prisma Client). Each
 * change is one interactive transaction that takes the group's gate
 * exclusively, then the group row FOR UPDATE: changes to one group go one at
 * a time, wait for the group sends in flight (which hold the gate shared and
 * the row FOR SHARE) and hold off later ones. A change locks no other group
 * and no user_seqs or conversations row, so it cannot take part in a deadlock
 * with sends. It checks the actor's rights against the rows it then holds,
 * applies the change with multi-row statements and bumps member_version
 * whenever members, roles or mutes change.
 */
export class PgGroupStore implements GroupStore {
  private readonly maxMembers: number;
  private readonly db: PrismaStore;

  constructor(prisma: PrismaClient, opts: PgGroupStoreOptions = {}) {
    this.maxMembers = opts.maxMembers ?? MAX_GROUP_MEMBERS;
    this.db = new PrismaStore(prisma, { what: "group storage", retryAfterMs: 100, onError: opts.onError });
  }

  async create(input: CreateGroup, opts: WriteOptions<Group> = {}): Promise<Group> {
    const others = checkCreateGroup(input).filter((u) => u !== input.ownerUid);
    if (others.length + 1 > this.maxMembers)
      throw new ImError("CONFLICT", `a group holds at most ${this.maxMembers} members`);
    const id = input.id ?? randomUUID();
    return this.transaction(opts, async (tx) => {
      await requireUsers(tx, [input.ownerUid, ...others]);
      // The columns' default was the transaction's now(); Prisma Client would stamp its own clock.
      const now = await databaseNow(tx);
      // skipDuplicates: ON CONFLICT DO NOTHING, so a taken id (even one committed meanwhile) is a CONFLICT.
      const [row] = await tx.group.createManyAndReturn({
        data: [{ id, name: input.name, ownerId: input.ownerUid, createdAt: now, updatedAt: now }],
        skipDuplicates: true,
        select: GROUP,
      });
      if (!row) throw new ImError("CONFLICT", `group ${id} already exists`);
      await insertMembers(tx, id, [input.ownerUid, ...others], (uid) =>
        uid === input.ownerUid ? GroupRole.OWNER : GroupRole.MEMBER,
      );
      return toGroup(row);
    });
  }

  async get(groupId: string): Promise<Group> {
    checkIdentifier("groupId", groupId);
    const row = await this.db.read((db) => db.group.findUnique({ where: { id: groupId }, select: GROUP }));
    if (!row || row.dismissedAt !== null) throw notFound(groupId);
    return toGroup(row);
  }

  async rename(actor: Actor, groupId: string, name: string, opts: WriteOptions<Group> = {}): Promise<Group> {
    checkName("name", name);
    return this.mutate(opts, actor, groupId, [], async (tx, { actorRole, now }) => {
      checkGroupAction(actor, actorRole, "rename");
      return update(tx, groupId, now, { name });
    });
  }

  async setAnnouncement(actor: Actor, groupId: string, text: string, opts: WriteOptions<Group> = {}): Promise<Group> {
    checkFreeText("text", text, MAX_ANNOUNCEMENT_LENGTH);
    return this.mutate(opts, actor, groupId, [], async (tx, { actorRole, now }) => {
      checkGroupAction(actor, actorRole, "setAnnouncement");
      return update(tx, groupId, now, { announcement: text });
    });
  }

  async transferOwner(
    actor: Actor,
    groupId: string,
    newOwnerUid: string,
    opts: WriteOptions<Group> = {},
  ): Promise<Group> {
    checkIdentifier("newOwnerUid", newOwnerUid);
    return this.mutate(opts, actor, groupId, [newOwnerUid], async (tx, { group, members, actorRole, now }) => {
      checkGroupAction(actor, actorRole, "transferOwner");
      const next = members.get(newOwnerUid);
      if (!next) throw new ImError("NOT_GROUP_MEMBER", `${newOwnerUid} is not a member of this group`);
      if (next.role === GroupRole.OWNER) return toGroup(group);
      // Two roles, two statements (a rare change, under the group's locks): the old owner steps down to admin.
      await setRole(tx, groupId, group.ownerId, GroupRole.ADMIN);
      await setRole(tx, groupId, newOwnerUid, GroupRole.OWNER);
      return update(tx, groupId, now, { ownerUid: newOwnerUid, bump: true });
    });
  }

  async dismiss(actor: Actor, groupId: string, opts: WriteOptions<void> = {}): Promise<void> {
    await this.mutate(opts, actor, groupId, [], async (tx, { actorRole, now }) => {
      checkGroupAction(actor, actorRole, "dismiss");
      await update(tx, groupId, now, { dismiss: true, bump: true });
    });
  }

  async addMembers(
    actor: Actor,
    groupId: string,
    uids: string[],
    opts: WriteOptions<string[]> = {},
  ): Promise<string[]> {
    const wanted = checkUidList("uids", uids, MAX_GROUP_MEMBERS);
    return this.mutate(opts, actor, groupId, wanted, async (tx, { members, actorRole, now }) => {
      checkGroupAction(actor, actorRole, "addMembers");
      const fresh = wanted.filter((u) => !members.has(u));
      if (fresh.length === 0) return [];
      await requireUsers(tx, fresh);
      const count = await tx.groupMember.count({ where: { groupId } });
      if (count + fresh.length > this.maxMembers)
        throw new ImError("CONFLICT", `a group holds at most ${this.maxMembers} members`);
      await insertMembers(tx, groupId, fresh, () => GroupRole.MEMBER);
      await update(tx, groupId, now, { bump: true });
      return fresh;
    });
  }

  async removeMembers(
    actor: Actor,
    groupId: string,
    uids: string[],
    opts: WriteOptions<string[]> = {},
  ): Promise<string[]> {
    const wanted = checkUidList("uids", uids, MAX_GROUP_MEMBERS);
    return this.mutate(opts, actor, groupId, wanted, async (tx, { members, actorRole, now }) => {
      requireMember(actor, actorRole);
      const gone: string[] = [];
      for (const uid of wanted) {
        const target = members.get(uid);
        if (!target) continue;
        checkMemberAction(actor, actorRole, "remove", { uid, role: target.role as GroupRole });
        gone.push(uid);
      }
      if (gone.length === 0) return [];
      await tx.groupMember.deleteMany({ where: { groupId, uid: { in: gone } } });
      await update(tx, groupId, now, { bump: true });
      return gone;
    });
  }

  async setRole(actor: Actor, groupId: string, uid: string, role: 0 | 1, opts: WriteOptions<void> = {}): Promise<void> {
    checkIdentifier("uid", uid);
    if (role !== GroupRole.MEMBER && role !== GroupRole.ADMIN)
      throw new ImError("INVALID_ARGUMENT", "role must be 0 (member) or 1 (admin)");
    await this.mutate(opts, actor, groupId, [uid], async (tx, { members, actorRole, now }) => {
      checkGroupAction(actor, actorRole, "setRole");
      const target = requireTarget(members, uid);
      checkMemberAction(actor, actorRole, "setRole", { uid, role: target.role as GroupRole });
      if (target.role === role) return;
      await setRole(tx, groupId, uid, role);
      await update(tx, groupId, now, { bump: true });
    });
  }

  async muteMember(
    actor: Actor,
    groupId: string,
    uid: string,
    untilMs: number | null,
    opts: WriteOptions<void> = {},
  ): Promise<void> {
    checkIdentifier("uid", uid);
    checkMuteUntil(untilMs);
    await this.mutate(opts, actor, groupId, [uid], async (tx, { members, actorRole, now }) => {
      requireMember(actor, actorRole);
      const target = requireTarget(members, uid);
      checkMemberAction(actor, actorRole, "mute", { uid, role: target.role as GroupRole });
      if ((target.mutedUntil?.getTime() ?? null) === untilMs) return;
      await tx.groupMember.updateMany({
        where: { groupId, uid },
        data: { mutedUntil: untilMs === null ? null : new Date(untilMs) },
      });
      await update(tx, groupId, now, { bump: true });
    });
  }

  async muteAll(actor: Actor, groupId: string, muted: boolean, opts: WriteOptions<void> = {}): Promise<void> {
    if (typeof muted !== "boolean") throw new ImError("INVALID_ARGUMENT", "muted must be a boolean");
    await this.mutate(opts, actor, groupId, [], async (tx, { group, actorRole, now }) => {
      checkGroupAction(actor, actorRole, "muteAll");
      if (group.mutedAll === muted) return;
      await update(tx, groupId, now, { mutedAll: muted, bump: true });
    });
  }

  async members(groupId: string): Promise<GroupMember[]> {
    checkIdentifier("groupId", groupId);
    const rows = await this.db.read(async (db) => {
      // One statement reads the members of a live group, so the group's state and its members agree;
      // only an empty answer needs a second look, to tell an empty group from a dismissed or missing one.
      const found = await db.groupMember.findMany({ where: { groupId, group: { dismissedAt: null } }, select: MEMBER });
      if (found.length > 0) return found;
      const group = await db.group.findUnique({ where: { id: groupId }, select: { dismissedAt: true } });
      return group && group.dismissedAt === null ? found : undefined;
    });
    if (!rows) throw notFound(groupId);
    return rows.map((r) => toMember(groupId, r)).sort(byStanding);
  }

  async groupsOf(uid: string): Promise<Group[]> {
    checkIdentifier("uid", uid);
    const rows = await this.db.read((db) =>
      db.group.findMany({ where: { dismissedAt: null, members: { some: { uid } } }, select: GROUP }),
    );
    return rows.map(toGroup).sort((a, b) => a.createdAt - b.createdAt || compareC(a.id, b.id));
  }

  async isMember(groupId: string, uid: string): Promise<boolean> {
    checkIdentifier("groupId", groupId);
    checkIdentifier("uid", uid);
    const row = await this.db.read((db) =>
      db.groupMember.findFirst({ where: { groupId, uid, group: { dismissedAt: null } }, select: { uid: true } }),
    );
    return row !== null;
  }

  /**
   * Runs `fn` in a transaction holding the group's gate and its row FOR
   * UPDATE, with the membership rows of the actor and of `uids`.
   */
  private mutate<T>(
    opts: WriteOptions<T>,
    actor: Actor,
    groupId: string,
    uids: string[],
    fn: (tx: Tx, locked: Locked) => Promise<T>,
  ): Promise<T> {
    checkActor(actor);
    checkIdentifier("groupId", groupId);
    const me = actorUid(actor);
    const asked = me === undefined ? uids : [me, ...uids];
    return this.transaction(opts, async (tx) => {
      // hot path: npm run bench -- group: sends take this gate shared (message-store-pg.ts); Prisma has no advisory locks.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${GROUP_GATE_CLASS}::int, ${groupGateKey(groupId)}::int)`;
      // Prisma Client has no FOR UPDATE; the transaction's now() comes with the lock, for the times the change writes.
      const [lock] = await tx.$queryRaw<LockRow[]>`SELECT now() AS now FROM groups WHERE id = ${groupId} FOR UPDATE`;
      const group = lock && (await tx.group.findUnique({ where: { id: groupId }, select: GROUP }));
      if (!lock || !group || group.dismissedAt !== null) throw notFound(groupId);
      const members = new Map<string, MemberRow>();
      if (asked.length > 0) {
        const found = await tx.groupMember.findMany({ where: { groupId, uid: { in: asked } }, select: MEMBER });
        for (const m of found) members.set(m.uid, m);
      }
      const actorRole = me === undefined ? undefined : (members.get(me)?.role as GroupRole | undefined);
      return fn(tx, { group, members, actorRole, now: lock.now });
    });
  }

  /**
   * `opts.beforeCommit` runs last in the transaction, with its client: if it
   * throws, nothing of the change remains. Changes write only with that
   * client, so a serialization failure or deadlock may rerun the whole of it.
   */
  private transaction<T>(opts: WriteOptions<T>, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(
      async (tx) => {
        const result = await fn(tx);
        await opts.beforeCommit?.(tx, result);
        return result;
      },
      { rerunnable: true },
    );
  }
}

/** The one write of the group row per change; a field left undefined stays as it is. */
async function update(
  tx: Tx,
  groupId: string,
  now: Date,
  change: {
    name?: string;
    announcement?: string;
    mutedAll?: boolean;
    ownerUid?: string;
    dismiss?: boolean;
    /** Members, roles or mutes changed. */
    bump?: boolean;
  },
): Promise<Group> {
  const row = await tx.group.update({
    where: { id: groupId },
    data: {
      ...(change.name === undefined ? {} : { name: change.name }),
      ...(change.announcement === undefined ? {} : { announcement: change.announcement }),
      ...(change.mutedAll === undefined ? {} : { mutedAll: change.mutedAll }),
      ...(change.ownerUid === undefined ? {} : { ownerId: change.ownerUid }),
      ...(change.dismiss ? { dismissedAt: now } : {}),
      ...(change.bump ? { memberVersion: { increment: 1 } } : {}),
      updatedAt: now,
    },
    select: GROUP,
  });
  return toGroup(row);
}

/**
 * Adds `uids` in one statement, joined at the transaction's now() (the
 * column's default). join_seq: the member's newest inbox seq when joining;
 * every message of the group it receives comes later (the group is new or
 * locked, no send to it is in flight).
 */
async function insertMembers(
  tx: Tx,
  groupId: string,
  uids: string[],
  roleOf: (uid: string) => GroupRole,
): Promise<void> {
  const roles = uids.map(roleOf);
  // hot path: npm run bench -- group: createMany plus a user_seqs read took 10x as long for 500 members (seconds cold).
  await tx.$executeRaw`INSERT INTO group_members (group_id, uid, role, join_seq)
    SELECT ${groupId}, t.uid, t.role, COALESCE(s.last_seq, 0)
      FROM unnest(${uids}::text[], ${roles}::int[]) AS t(uid, role)
      LEFT JOIN user_seqs s ON s.owner_id = t.uid
    ON CONFLICT (group_id, uid) DO NOTHING`;
}

function setRole(tx: Tx, groupId: string, uid: string, role: GroupRole): Promise<unknown> {
  return tx.groupMember.updateMany({ where: { groupId, uid }, data: { role } });
}

async function requireUsers(tx: Tx, uids: string[]): Promise<void> {
  const rows = await tx.user.findMany({ where: { id: { in: uids } }, select: { id: true } });
  if (rows.length === uids.length) return;
  const known = new Set(rows.map((r) => r.id));
  const missing = uids.filter((u) => !known.has(u));
  throw new ImError("USER_NOT_FOUND", `unknown users: ${missing.slice(0, 10).join(", ")}`);
}

/** A user acting on a group it is not in learns nothing about its members. */
function requireMember(actor: Actor, actorRole: GroupRole | undefined): void {
  if (actorRole === undefined && actorUid(actor) !== undefined)
    throw new ImError("NOT_GROUP_MEMBER", "not a member of this group");
}

function requireTarget(members: Map<string, MemberRow>, uid: string): MemberRow {
  const target = members.get(uid);
  if (!target) throw new ImError("NOT_GROUP_MEMBER", `${uid} is not a member of this group`);
  return target;
}

function notFound(groupId: string): ImError {
  return new ImError("NOT_FOUND", `group ${groupId} does not exist`);
}

/** Owner first, then admins, then members; each by join time, then uid. */
function byStanding(a: GroupMember, b: GroupMember): number {
  return b.role - a.role || a.joinedAt - b.joinedAt || compareC(a.uid, b.uid);
}

/**
 * The order of COLLATE "C" on UTF-8 (code points): UTF-16 code-unit order,
 * except that surrogates (code points past U+FFFF) come after U+E000-U+FFFF.
 */
function compareC(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}

function toGroup(r: GroupRow): Group {
  return {
    id: r.id,
    name: r.name,
    ownerUid: r.ownerId,
    announcement: r.announcement,
    mutedAll: r.mutedAll,
    memberVersion: Number(r.memberVersion),
    createdAt: r.createdAt.getTime(),
    dismissed: r.dismissedAt !== null,
  };
}

function toMember(groupId: string, r: MemberRow): GroupMember {
  return {
    groupId,
    uid: r.uid,
    role: r.role as GroupRole,
    mutedUntil: r.mutedUntil ? r.mutedUntil.getTime() : null,
    joinedAt: r.joinedAt.getTime(),
  };
}
