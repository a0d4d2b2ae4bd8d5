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
import type pg from "pg";
import { StorePool } from "./pg-query.ts";
import { checkActor, checkCreateGroup, checkMuteUntil } from "./validate.ts";

export interface PgGroupStoreOptions {
  /** Most members of one group (default 10,000). */
  maxMembers?: number;
  /** The causes behind UNAVAILABLE errors. */
  onError?: (err: unknown) => void;
}

interface GroupRow {
  id: string;
  name: string;
  owner_id: string;
  announcement: string;
  muted_all: boolean;
  member_version: number | string;
  created_at: Date;
  dismissed_at: Date | null;
}

interface MemberRow {
  uid: string;
  role: number;
  muted_until: Date | null;
  joined_at: Date;
}

/** A member row joined to its group; the member columns are null for a group without members. */
type ListedMemberRow = { dismissed_at: Date | null } & { [K in keyof MemberRow]: MemberRow[K] | null };

/** What a mutation sees once it holds the group: the row and the members it asked about. */
interface Locked {
  group: GroupRow;
  /** The actor and the named uids that are members. */
  members: Map<string, MemberRow>;
  /** The acting user's role, undefined for the system. */
  actorRole: GroupRole | undefined;
}

const GROUP_COLUMNS = "id, name, owner_id, announcement, muted_all, member_version, created_at, dismissed_at";

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

// Every change takes the group's gate exclusively, then the group row FOR
// UPDATE: changes to one group go one at a time, wait for the group sends in
// flight (which hold the gate shared and the row FOR SHARE) and hold off later
// ones. A change locks no other group and no user_seqs or conversations row,
// so it cannot take part in a deadlock with sends.
const LOCK_GATE = { name: "im_group_gate", text: "SELECT pg_advisory_xact_lock($1::int, $2::int)" };
const LOCK_GROUP = { name: "im_group_lock", text: `SELECT ${GROUP_COLUMNS} FROM groups WHERE id = $1 FOR UPDATE` };
const SELECT_MEMBERS = {
  name: "im_group_members_some",
  text: "SELECT uid, role, muted_until, joined_at FROM group_members WHERE group_id = $1 AND uid = ANY($2::text[])",
};
// One statement for every change of the group row: null leaves a column as it is.
const UPDATE_GROUP = {
  name: "im_group_update",
  text: `UPDATE groups SET
           name = COALESCE($2, name),
           announcement = COALESCE($3, announcement),
           muted_all = COALESCE($4, muted_all),
           owner_id = COALESCE($5, owner_id),
           dismissed_at = CASE WHEN $6::boolean THEN now() ELSE dismissed_at END,
           member_version = member_version + $7,
           updated_at = now()
         WHERE id = $1
         RETURNING ${GROUP_COLUMNS}`,
};
const INSERT_GROUP = {
  name: "im_group_insert",
  text: `INSERT INTO groups (id, name, owner_id) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO NOTHING RETURNING ${GROUP_COLUMNS}`,
};
// join_seq: the member's newest inbox seq when joining; every message of the
// group it receives comes later (the group is locked, no send is in flight).
const INSERT_MEMBERS = {
  name: "im_group_members_insert",
  text: `INSERT INTO group_members (group_id, uid, role, join_seq)
         SELECT $1, t.uid, t.role, COALESCE(s.last_seq, 0)
           FROM unnest($2::text[], $3::int[]) AS t(uid, role)
           LEFT JOIN user_seqs s ON s.owner_id = t.uid
         ON CONFLICT (group_id, uid) DO NOTHING
         RETURNING uid`,
};
const DELETE_MEMBERS = {
  name: "im_group_members_delete",
  text: "DELETE FROM group_members WHERE group_id = $1 AND uid = ANY($2::text[]) RETURNING uid",
};
const SET_ROLES = {
  name: "im_group_members_roles",
  text: `UPDATE group_members AS m SET role = t.role
           FROM unnest($2::text[], $3::int[]) AS t(uid, role)
          WHERE m.group_id = $1 AND m.uid = t.uid`,
};
const SET_MUTE = {
  name: "im_group_members_mute",
  text: "UPDATE group_members SET muted_until = $3 WHERE group_id = $1 AND uid = $2",
};
const COUNT_MEMBERS = {
  name: "im_group_members_count",
  text: "SELECT count(*)::int AS n FROM group_members WHERE group_id = $1",
};
const USERS_EXISTING = { name: "im_users_existing", text: "SELECT id FROM users WHERE id = ANY($1::text[])" };
const SELECT_GROUP = { name: "im_group_get", text: `SELECT ${GROUP_COLUMNS} FROM groups WHERE id = $1` };
// One statement: the group's state and its members agree.
const LIST_MEMBERS = {
  name: "im_group_members_list",
  text: `SELECT g.dismissed_at, m.uid, m.role, m.muted_until, m.joined_at
           FROM groups g LEFT JOIN group_members m ON m.group_id = g.id
          WHERE g.id = $1
          ORDER BY m.role DESC, m.joined_at, m.uid COLLATE "C"`,
};
const GROUPS_OF = {
  name: "im_groups_of",
  text: `SELECT g.id, g.name, g.owner_id, g.announcement, g.muted_all, g.member_version, g.created_at, g.dismissed_at
           FROM group_members m JOIN groups g ON g.id = m.group_id
          WHERE m.uid = $1 AND g.dismissed_at IS NULL
          ORDER BY g.created_at, g.id COLLATE "C"`,
};
const IS_MEMBER = {
  name: "im_group_is_member",
  text: `SELECT 1 FROM group_members m JOIN groups g ON g.id = m.group_id
          WHERE m.group_id = $1 AND m.uid = $2 AND g.dismissed_at IS NULL`,
};

// hot path: npm run bench -- group: sends take the group gate these changes take exclusively (same advisory locks).
/**
 * GroupStore on PostgreSQL (groups and group_members). Each change is one
 * transaction that locks the group row FOR UPDATE, checks the actor's rights
 * against the rows it then holds, applies the change with multi-row
 * statements and bumps member_version whenever members, roles or mutes change.
 */
export class PgGroupStore implements GroupStore {
  private readonly maxMembers: number;
  private readonly db: StorePool;

  constructor(pool: pg.Pool, opts: PgGroupStoreOptions = {}) {
    this.maxMembers = opts.maxMembers ?? MAX_GROUP_MEMBERS;
    this.db = new StorePool(pool, { what: "group storage", retryAfterMs: 100, onError: opts.onError });
  }

  async create(input: CreateGroup, opts: WriteOptions<Group> = {}): Promise<Group> {
    const others = checkCreateGroup(input).filter((u) => u !== input.ownerUid);
    if (others.length + 1 > this.maxMembers)
      throw new ImError("CONFLICT", `a group holds at most ${this.maxMembers} members`);
    const id = input.id ?? randomUUID();
    return this.transaction(opts, async (client) => {
      await requireUsers(client, [input.ownerUid, ...others]);
      const { rows } = await client.query<GroupRow>({ ...INSERT_GROUP, values: [id, input.name, input.ownerUid] });
      if (!rows[0]) throw new ImError("CONFLICT", `group ${id} already exists`);
      await client.query({
        ...INSERT_MEMBERS,
        values: [id, [input.ownerUid, ...others], [GroupRole.OWNER, ...others.map(() => GroupRole.MEMBER)]],
      });
      return toGroup(rows[0]);
    });
  }

  async get(groupId: string): Promise<Group> {
    checkIdentifier("groupId", groupId);
    const { rows } = await this.db.query<GroupRow>(SELECT_GROUP, [groupId]);
    const row = rows[0];
    if (!row || row.dismissed_at !== null) throw notFound(groupId);
    return toGroup(row);
  }

  async rename(actor: Actor, groupId: string, name: string, opts: WriteOptions<Group> = {}): Promise<Group> {
    checkName("name", name);
    return this.mutate(opts, actor, groupId, [], async (client, { actorRole }) => {
      checkGroupAction(actor, actorRole, "rename");
      return update(client, groupId, { name });
    });
  }

  async setAnnouncement(actor: Actor, groupId: string, text: string, opts: WriteOptions<Group> = {}): Promise<Group> {
    checkFreeText("text", text, MAX_ANNOUNCEMENT_LENGTH);
    return this.mutate(opts, actor, groupId, [], async (client, { actorRole }) => {
      checkGroupAction(actor, actorRole, "setAnnouncement");
      return update(client, groupId, { announcement: text });
    });
  }

  async transferOwner(
    actor: Actor,
    groupId: string,
    newOwnerUid: string,
    opts: WriteOptions<Group> = {},
  ): Promise<Group> {
    checkIdentifier("newOwnerUid", newOwnerUid);
    return this.mutate(opts, actor, groupId, [newOwnerUid], async (client, { group, members, actorRole }) => {
      checkGroupAction(actor, actorRole, "transferOwner");
      const next = members.get(newOwnerUid);
      if (!next) throw new ImError("NOT_GROUP_MEMBER", `${newOwnerUid} is not a member of this group`);
      if (next.role === GroupRole.OWNER) return toGroup(group);
      await client.query({
        ...SET_ROLES,
        values: [groupId, [group.owner_id, newOwnerUid], [GroupRole.ADMIN, GroupRole.OWNER]],
      });
      return update(client, groupId, { ownerUid: newOwnerUid, bump: true });
    });
  }

  async dismiss(actor: Actor, groupId: string, opts: WriteOptions<void> = {}): Promise<void> {
    await this.mutate(opts, actor, groupId, [], async (client, { actorRole }) => {
      checkGroupAction(actor, actorRole, "dismiss");
      await update(client, groupId, { dismiss: true, bump: true });
    });
  }

  async addMembers(
    actor: Actor,
    groupId: string,
    uids: string[],
    opts: WriteOptions<string[]> = {},
  ): Promise<string[]> {
    const wanted = checkUidList("uids", uids, MAX_GROUP_MEMBERS);
    return this.mutate(opts, actor, groupId, wanted, async (client, { members, actorRole }) => {
      checkGroupAction(actor, actorRole, "addMembers");
      const fresh = wanted.filter((u) => !members.has(u));
      if (fresh.length === 0) return [];
      await requireUsers(client, fresh);
      const { rows } = await client.query<{ n: number }>({ ...COUNT_MEMBERS, values: [groupId] });
      if ((rows[0]?.n ?? 0) + fresh.length > this.maxMembers)
        throw new ImError("CONFLICT", `a group holds at most ${this.maxMembers} members`);
      await client.query({ ...INSERT_MEMBERS, values: [groupId, fresh, fresh.map(() => GroupRole.MEMBER)] });
      await update(client, groupId, { bump: true });
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
    return this.mutate(opts, actor, groupId, wanted, async (client, { members, actorRole }) => {
      requireMember(actor, actorRole);
      const gone: string[] = [];
      for (const uid of wanted) {
        const target = members.get(uid);
        if (!target) continue;
        checkMemberAction(actor, actorRole, "remove", { uid, role: target.role as GroupRole });
        gone.push(uid);
      }
      if (gone.length === 0) return [];
      await client.query({ ...DELETE_MEMBERS, values: [groupId, gone] });
      await update(client, groupId, { bump: true });
      return gone;
    });
  }

  async setRole(actor: Actor, groupId: string, uid: string, role: 0 | 1, opts: WriteOptions<void> = {}): Promise<void> {
    checkIdentifier("uid", uid);
    if (role !== GroupRole.MEMBER && role !== GroupRole.ADMIN)
      throw new ImError("INVALID_ARGUMENT", "role must be 0 (member) or 1 (admin)");
    await this.mutate(opts, actor, groupId, [uid], async (client, { members, actorRole }) => {
      checkGroupAction(actor, actorRole, "setRole");
      const target = requireTarget(members, uid);
      checkMemberAction(actor, actorRole, "setRole", { uid, role: target.role as GroupRole });
      if (target.role === role) return;
      await client.query({ ...SET_ROLES, values: [groupId, [uid], [role]] });
      await update(client, groupId, { bump: true });
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
    await this.mutate(opts, actor, groupId, [uid], async (client, { members, actorRole }) => {
      requireMember(actor, actorRole);
      const target = requireTarget(members, uid);
      checkMemberAction(actor, actorRole, "mute", { uid, role: target.role as GroupRole });
      if ((target.muted_until?.getTime() ?? null) === untilMs) return;
      await client.query({ ...SET_MUTE, values: [groupId, uid, untilMs === null ? null : new Date(untilMs)] });
      await update(client, groupId, { bump: true });
    });
  }

  async muteAll(actor: Actor, groupId: string, muted: boolean, opts: WriteOptions<void> = {}): Promise<void> {
    if (typeof muted !== "boolean") throw new ImError("INVALID_ARGUMENT", "muted must be a boolean");
    await this.mutate(opts, actor, groupId, [], async (client, { group, actorRole }) => {
      checkGroupAction(actor, actorRole, "muteAll");
      if (group.muted_all === muted) return;
      await update(client, groupId, { mutedAll: muted, bump: true });
    });
  }

  async members(groupId: string): Promise<GroupMember[]> {
    checkIdentifier("groupId", groupId);
    const { rows } = await this.db.query<ListedMemberRow>(LIST_MEMBERS, [groupId]);
    if (rows.length === 0 || rows[0]?.dismissed_at !== null) throw notFound(groupId);
    const members: GroupMember[] = [];
    for (const r of rows) {
      if (r.uid === null) continue;
      members.push(toMember(groupId, r as MemberRow));
    }
    return members;
  }

  async groupsOf(uid: string): Promise<Group[]> {
    checkIdentifier("uid", uid);
    const { rows } = await this.db.query<GroupRow>(GROUPS_OF, [uid]);
    return rows.map(toGroup);
  }

  async isMember(groupId: string, uid: string): Promise<boolean> {
    checkIdentifier("groupId", groupId);
    checkIdentifier("uid", uid);
    const { rowCount } = await this.db.query(IS_MEMBER, [groupId, uid]);
    return (rowCount ?? 0) > 0;
  }

  /**
   * Runs `fn` in a transaction holding the group row FOR UPDATE, with the
   * membership rows of the actor and of `uids`.
   */
  private mutate<T>(
    opts: WriteOptions<T>,
    actor: Actor,
    groupId: string,
    uids: string[],
    fn: (client: pg.PoolClient, locked: Locked) => Promise<T>,
  ): Promise<T> {
    checkActor(actor);
    checkIdentifier("groupId", groupId);
    const me = actorUid(actor);
    const asked = me === undefined ? uids : [me, ...uids];
    return this.transaction(opts, async (client) => {
      await client.query({ ...LOCK_GATE, values: [GROUP_GATE_CLASS, groupGateKey(groupId)] });
      const { rows } = await client.query<GroupRow>({ ...LOCK_GROUP, values: [groupId] });
      const group = rows[0];
      if (!group || group.dismissed_at !== null) throw notFound(groupId);
      const members = new Map<string, MemberRow>();
      if (asked.length > 0) {
        const { rows: found } = await client.query<MemberRow>({ ...SELECT_MEMBERS, values: [groupId, asked] });
        for (const m of found) members.set(m.uid, m);
      }
      const actorRole = me === undefined ? undefined : (members.get(me)?.role as GroupRole | undefined);
      return fn(client, { group, members, actorRole });
    });
  }

  /**
   * `opts.beforeCommit` runs last in the transaction: if it throws, nothing of
   * the change remains. Changes write only with the client, so a serialization
   * failure or deadlock may rerun the whole of it.
   */
  private transaction<T>(opts: WriteOptions<T>, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.db.transaction(
      async (client) => {
        const result = await fn(client);
        await opts.beforeCommit?.(client, result);
        return result;
      },
      { rerunnable: true },
    );
  }
}

async function update(
  client: pg.PoolClient,
  groupId: string,
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
  const { rows } = await client.query<GroupRow>({
    ...UPDATE_GROUP,
    values: [
      groupId,
      change.name ?? null,
      change.announcement ?? null,
      change.mutedAll ?? null,
      change.ownerUid ?? null,
      change.dismiss === true,
      change.bump ? 1 : 0,
    ],
  });
  return toGroup(rows[0] as GroupRow);
}

async function requireUsers(client: pg.PoolClient, uids: string[]): Promise<void> {
  const { rows } = await client.query<{ id: string }>({ ...USERS_EXISTING, values: [uids] });
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

function toGroup(r: GroupRow): Group {
  return {
    id: r.id,
    name: r.name,
    ownerUid: r.owner_id,
    announcement: r.announcement,
    mutedAll: r.muted_all,
    memberVersion: Number(r.member_version),
    createdAt: r.created_at.getTime(),
    dismissed: r.dismissed_at !== null,
  };
}

function toMember(groupId: string, r: MemberRow): GroupMember {
  return {
    groupId,
    uid: r.uid,
    role: r.role as GroupRole,
    mutedUntil: r.muted_until ? r.muted_until.getTime() : null,
    joinedAt: r.joined_at.getTime(),
  };
}
