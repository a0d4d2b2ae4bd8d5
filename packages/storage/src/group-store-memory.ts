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
  type UserStore,
  type WriteOptions,
} from "@im/core";
import { checkActor, checkCreateGroup, checkMuteUntil } from "./validate.ts";

export interface MemoryGroupRecord {
  group: Group;
  members: Map<string, GroupMember>;
}

/** The state of a memory group store; the memory message store reads members from it. */
export class MemoryGroupData {
  readonly groups = new Map<string, MemoryGroupRecord>();
}

export interface MemoryGroupStoreOptions {
  /** Where uids are checked to exist. */
  users: UserStore;
  data?: MemoryGroupData;
  /** Most members of one group (default 10,000). */
  maxMembers?: number;
}

/**
 * GroupStore in process memory with the same semantics as the PostgreSQL
 * store: the reference for the shared contract suite. Every mutation checks
 * and applies in one synchronous step (after any awaited user lookup), which
 * makes it atomic with respect to memory appends.
 */
export class MemoryGroupStore implements GroupStore {
  readonly data: MemoryGroupData;
  private readonly users: UserStore;
  private readonly maxMembers: number;

  constructor(opts: MemoryGroupStoreOptions) {
    this.data = opts.data ?? new MemoryGroupData();
    this.users = opts.users;
    this.maxMembers = opts.maxMembers ?? MAX_GROUP_MEMBERS;
  }

  /** No transaction to join: the hook runs once the change is made (README "Security"). */
  private async after<T>(opts: WriteOptions<T>, result: T): Promise<T> {
    await opts.beforeCommit?.(undefined, result);
    return result;
  }

  async create(input: CreateGroup, opts: WriteOptions<Group> = {}): Promise<Group> {
    return this.after(opts, await this.createNow(input));
  }

  async rename(actor: Actor, groupId: string, name: string, opts: WriteOptions<Group> = {}): Promise<Group> {
    return this.after(opts, await this.renameNow(actor, groupId, name));
  }

  async setAnnouncement(actor: Actor, groupId: string, text: string, opts: WriteOptions<Group> = {}): Promise<Group> {
    return this.after(opts, await this.setAnnouncementNow(actor, groupId, text));
  }

  async transferOwner(
    actor: Actor,
    groupId: string,
    newOwnerUid: string,
    opts: WriteOptions<Group> = {},
  ): Promise<Group> {
    return this.after(opts, await this.transferOwnerNow(actor, groupId, newOwnerUid));
  }

  async dismiss(actor: Actor, groupId: string, opts: WriteOptions<void> = {}): Promise<void> {
    return this.after(opts, await this.dismissNow(actor, groupId));
  }

  async addMembers(
    actor: Actor,
    groupId: string,
    uids: string[],
    opts: WriteOptions<string[]> = {},
  ): Promise<string[]> {
    return this.after(opts, await this.addMembersNow(actor, groupId, uids));
  }

  async removeMembers(
    actor: Actor,
    groupId: string,
    uids: string[],
    opts: WriteOptions<string[]> = {},
  ): Promise<string[]> {
    return this.after(opts, await this.removeMembersNow(actor, groupId, uids));
  }

  async setRole(actor: Actor, groupId: string, uid: string, role: 0 | 1, opts: WriteOptions<void> = {}): Promise<void> {
    return this.after(opts, await this.setRoleNow(actor, groupId, uid, role));
  }

  async muteMember(
    actor: Actor,
    groupId: string,
    uid: string,
    untilMs: number | null,
    opts: WriteOptions<void> = {},
  ): Promise<void> {
    return this.after(opts, await this.muteMemberNow(actor, groupId, uid, untilMs));
  }

  async muteAll(actor: Actor, groupId: string, muted: boolean, opts: WriteOptions<void> = {}): Promise<void> {
    return this.after(opts, await this.muteAllNow(actor, groupId, muted));
  }

  private async createNow(input: CreateGroup): Promise<Group> {
    const others = checkCreateGroup(input).filter((u) => u !== input.ownerUid);
    if (others.length + 1 > this.maxMembers)
      throw new ImError("CONFLICT", `a group holds at most ${this.maxMembers} members`);
    await this.requireUsers([input.ownerUid, ...others]);
    const id = input.id ?? randomUUID();
    if (this.data.groups.has(id)) throw new ImError("CONFLICT", `group ${id} already exists`);
    const now = Date.now();
    const group: Group = {
      id,
      name: input.name,
      ownerUid: input.ownerUid,
      announcement: "",
      mutedAll: false,
      memberVersion: 0,
      createdAt: now,
      dismissed: false,
    };
    const members = new Map<string, GroupMember>();
    for (const uid of [input.ownerUid, ...others]) {
      const role = uid === input.ownerUid ? GroupRole.OWNER : GroupRole.MEMBER;
      members.set(uid, { groupId: id, uid, role, mutedUntil: null, joinedAt: now });
    }
    this.data.groups.set(id, { group, members });
    return { ...group };
  }

  async get(groupId: string): Promise<Group> {
    checkIdentifier("groupId", groupId);
    return { ...this.live(groupId).group };
  }

  private async renameNow(actor: Actor, groupId: string, name: string): Promise<Group> {
    checkName("name", name);
    const rec = this.authorize(actor, groupId, "rename");
    rec.group.name = name;
    return { ...rec.group };
  }

  private async setAnnouncementNow(actor: Actor, groupId: string, text: string): Promise<Group> {
    checkFreeText("text", text, MAX_ANNOUNCEMENT_LENGTH);
    const rec = this.authorize(actor, groupId, "setAnnouncement");
    rec.group.announcement = text;
    return { ...rec.group };
  }

  private async transferOwnerNow(actor: Actor, groupId: string, newOwnerUid: string): Promise<Group> {
    checkIdentifier("newOwnerUid", newOwnerUid);
    const rec = this.authorize(actor, groupId, "transferOwner");
    const next = rec.members.get(newOwnerUid);
    if (!next) throw new ImError("NOT_GROUP_MEMBER", `${newOwnerUid} is not a member of this group`);
    if (next.role !== GroupRole.OWNER) {
      const previous = rec.members.get(rec.group.ownerUid);
      if (previous) previous.role = GroupRole.ADMIN;
      next.role = GroupRole.OWNER;
      rec.group.ownerUid = newOwnerUid;
      rec.group.memberVersion++;
    }
    return { ...rec.group };
  }

  private async dismissNow(actor: Actor, groupId: string): Promise<void> {
    const rec = this.authorize(actor, groupId, "dismiss");
    rec.group.dismissed = true;
    rec.group.memberVersion++;
  }

  private async addMembersNow(actor: Actor, groupId: string, uids: string[]): Promise<string[]> {
    const wanted = checkUidList("uids", uids, MAX_GROUP_MEMBERS);
    // Authorize before revealing which uids exist, and again after the lookup: the group may have changed meanwhile.
    this.authorize(actor, groupId, "addMembers");
    await this.requireUsers(wanted);
    const rec = this.authorize(actor, groupId, "addMembers");
    const added = wanted.filter((u) => !rec.members.has(u));
    if (added.length === 0) return [];
    if (rec.members.size + added.length > this.maxMembers)
      throw new ImError("CONFLICT", `a group holds at most ${this.maxMembers} members`);
    const now = Date.now();
    for (const uid of added)
      rec.members.set(uid, { groupId, uid, role: GroupRole.MEMBER, mutedUntil: null, joinedAt: now });
    rec.group.memberVersion++;
    return added;
  }

  private async removeMembersNow(actor: Actor, groupId: string, uids: string[]): Promise<string[]> {
    const wanted = checkUidList("uids", uids, MAX_GROUP_MEMBERS);
    const rec = this.live(groupId);
    const role = this.memberRole(rec, actor);
    const removed: string[] = [];
    for (const uid of wanted) {
      const target = rec.members.get(uid);
      if (!target) continue;
      checkMemberAction(actor, role, "remove", target);
      removed.push(uid);
    }
    if (removed.length === 0) return [];
    for (const uid of removed) rec.members.delete(uid);
    rec.group.memberVersion++;
    return removed;
  }

  private async setRoleNow(actor: Actor, groupId: string, uid: string, role: 0 | 1): Promise<void> {
    checkIdentifier("uid", uid);
    if (role !== GroupRole.MEMBER && role !== GroupRole.ADMIN)
      throw new ImError("INVALID_ARGUMENT", "role must be 0 (member) or 1 (admin)");
    const rec = this.authorize(actor, groupId, "setRole");
    const target = this.target(rec, uid);
    checkMemberAction(actor, this.roleOf(rec, actor), "setRole", target);
    if (target.role === role) return;
    target.role = role;
    rec.group.memberVersion++;
  }

  private async muteMemberNow(actor: Actor, groupId: string, uid: string, untilMs: number | null): Promise<void> {
    checkIdentifier("uid", uid);
    checkMuteUntil(untilMs);
    const rec = this.live(groupId);
    const role = this.memberRole(rec, actor);
    const target = this.target(rec, uid);
    checkMemberAction(actor, role, "mute", target);
    if (target.mutedUntil === untilMs) return;
    target.mutedUntil = untilMs;
    rec.group.memberVersion++;
  }

  private async muteAllNow(actor: Actor, groupId: string, muted: boolean): Promise<void> {
    if (typeof muted !== "boolean") throw new ImError("INVALID_ARGUMENT", "muted must be a boolean");
    const rec = this.authorize(actor, groupId, "muteAll");
    if (rec.group.mutedAll === muted) return;
    rec.group.mutedAll = muted;
    rec.group.memberVersion++;
  }

  async members(groupId: string): Promise<GroupMember[]> {
    checkIdentifier("groupId", groupId);
    return [...this.live(groupId).members.values()].sort(byStanding).map((m) => ({ ...m }));
  }

  async groupsOf(uid: string): Promise<Group[]> {
    checkIdentifier("uid", uid);
    const mine: Group[] = [];
    for (const rec of this.data.groups.values()) {
      if (!rec.group.dismissed && rec.members.has(uid)) mine.push({ ...rec.group });
    }
    return mine.sort((a, b) => a.createdAt - b.createdAt || compare(a.id, b.id));
  }

  async isMember(groupId: string, uid: string): Promise<boolean> {
    checkIdentifier("groupId", groupId);
    checkIdentifier("uid", uid);
    const rec = this.data.groups.get(groupId);
    return rec !== undefined && !rec.group.dismissed && rec.members.has(uid);
  }

  private live(groupId: string): MemoryGroupRecord {
    checkIdentifier("groupId", groupId);
    const rec = this.data.groups.get(groupId);
    if (!rec || rec.group.dismissed) throw new ImError("NOT_FOUND", `group ${groupId} does not exist`);
    return rec;
  }

  private roleOf(rec: MemoryGroupRecord, actor: Actor): GroupRole | undefined {
    const uid = actorUid(actor);
    return uid === undefined ? undefined : rec.members.get(uid)?.role;
  }

  /** The acting user's role; NOT_GROUP_MEMBER for a user outside the group, undefined for the system. */
  private memberRole(rec: MemoryGroupRecord, actor: Actor): GroupRole | undefined {
    checkActor(actor);
    const role = this.roleOf(rec, actor);
    if (role === undefined && actorUid(actor) !== undefined)
      throw new ImError("NOT_GROUP_MEMBER", "not a member of this group");
    return role;
  }

  private authorize(actor: Actor, groupId: string, action: Parameters<typeof checkGroupAction>[2]): MemoryGroupRecord {
    checkActor(actor);
    const rec = this.live(groupId);
    checkGroupAction(actor, this.roleOf(rec, actor), action);
    return rec;
  }

  private target(rec: MemoryGroupRecord, uid: string): GroupMember {
    const member = rec.members.get(uid);
    if (!member) throw new ImError("NOT_GROUP_MEMBER", `${uid} is not a member of this group`);
    return member;
  }

  private async requireUsers(uids: string[]): Promise<void> {
    const known = await Promise.all(uids.map((u) => this.users.exists(u)));
    const missing = uids.filter((_, i) => !known[i]);
    if (missing.length > 0) throw new ImError("USER_NOT_FOUND", `unknown users: ${missing.slice(0, 10).join(", ")}`);
  }
}

/** Owner first, then admins, then members; each by join time, then uid. */
export function byStanding(a: GroupMember, b: GroupMember): number {
  return b.role - a.role || a.joinedAt - b.joinedAt || compare(a.uid, b.uid);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
