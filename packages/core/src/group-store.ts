/** Member roles; numbers match the group_members.role column and proto GroupRole. */
export const GroupRole = { MEMBER: 0, ADMIN: 1, OWNER: 2 } as const;
export type GroupRole = (typeof GroupRole)[keyof typeof GroupRole];

export interface Group {
  id: string;
  name: string;
  ownerUid: string;
  announcement: string;
  /** When set, only admins and the owner may post. */
  mutedAll: boolean;
  /** Grows with every change of members, roles or mutes (caches of member lists key on it). */
  memberVersion: number;
  /** ms since epoch. */
  createdAt: number;
  dismissed: boolean;
}

export interface GroupMember {
  groupId: string;
  uid: string;
  role: GroupRole;
  /** ms since epoch until which the member may not post; null when not muted. */
  mutedUntil: number | null;
  /** ms since epoch. */
  joinedAt: number;
}

/**
 * Who asks for a change: a user (clients; rights depend on the role) or the
 * system (a business line over REST, or an operator), which may do anything.
 */
export type Actor = { uid: string } | { system: true };

export interface CreateGroup {
  /** Chosen by the caller (e.g. a business line's own id); generated when absent. */
  id?: string;
  name: string;
  /** Becomes the owner (role 2). */
  ownerUid: string;
  /** Further members (role 0); the owner may appear here too. */
  memberUids: string[];
}

/**
 * Groups and their members.
 *
 * Guarantees:
 * - Each mutation is atomic: it either applies completely or, when it throws,
 *   changes nothing (e.g. one forbidden uid in removeMembers removes nobody).
 * - Authorization follows group-permissions.ts: FORBIDDEN for an insufficient
 *   role, NOT_GROUP_MEMBER when the acting user is not in the group; a
 *   `{ system: true }` actor may do everything.
 * - Membership changes are ordered with group sends (MessageStore.appendGroup):
 *   once removeMembers resolves, no later append delivers to the removed
 *   members; once addMembers resolves, every later append delivers to the new
 *   members, and none acknowledged before it did.
 * - Every change of members, roles or mutes (including dismiss) raises
 *   memberVersion.
 * - A dismissed group is gone for every read (NOT_FOUND, not listed) and
 *   accepts no sends; its id stays taken.
 * Errors: NOT_FOUND (no such group, or dismissed), USER_NOT_FOUND (a uid that
 * never logged in or was never created), CONFLICT (group id taken, group full,
 * the owner leaving or demoted without a transfer), INVALID_ARGUMENT.
 */
/**
 * Work a caller adds to a store write (e.g. its audit entry), so that both
 * commit or neither does. A PostgreSQL store runs `beforeCommit` inside the
 * write's own transaction, after the change and before COMMIT, with that
 * transaction's client (the group and org stores: a Prisma transaction
 * client); if it throws, the change is rolled
 * back and the error reaches the caller. A memory store has no transaction:
 * it passes `undefined` and calls the hook after the change.
 */
export interface WriteOptions<T = unknown> {
  beforeCommit?: (tx: unknown, result: T) => Promise<void>;
}

export interface GroupStore {
  /** Creates the group with the owner and members in one step. */
  create(input: CreateGroup, opts?: WriteOptions<Group>): Promise<Group>;
  get(groupId: string): Promise<Group>;
  rename(actor: Actor, groupId: string, name: string, opts?: WriteOptions<Group>): Promise<Group>;
  setAnnouncement(actor: Actor, groupId: string, text: string, opts?: WriteOptions<Group>): Promise<Group>;
  /** Owner only. The new owner must be a member; the old owner becomes an admin. */
  transferOwner(actor: Actor, groupId: string, newOwnerUid: string, opts?: WriteOptions<Group>): Promise<Group>;
  /** Owner only. */
  dismiss(actor: Actor, groupId: string, opts?: WriteOptions<void>): Promise<void>;
  /** Owner and admins. Uids already in the group are ignored. Resolves to the uids actually added. */
  addMembers(actor: Actor, groupId: string, uids: string[], opts?: WriteOptions<string[]>): Promise<string[]>;
  /**
   * Owner and admins remove others (admins only plain members); any member may
   * remove itself (leave), except the owner, who must transfer ownership first
   * (CONFLICT). Uids not in the group are ignored. Resolves to the uids actually removed.
   */
  removeMembers(actor: Actor, groupId: string, uids: string[], opts?: WriteOptions<string[]>): Promise<string[]>;
  /** Owner only: makes a member an admin (1) or a plain member (0). */
  setRole(actor: Actor, groupId: string, uid: string, role: 0 | 1, opts?: WriteOptions<void>): Promise<void>;
  /** Owner for anyone but itself, admins for plain members. `untilMs` null (or past) lifts the mute. */
  muteMember(
    actor: Actor,
    groupId: string,
    uid: string,
    untilMs: number | null,
    opts?: WriteOptions<void>,
  ): Promise<void>;
  /** Owner and admins: while muted, only admins and the owner may post. */
  muteAll(actor: Actor, groupId: string, muted: boolean, opts?: WriteOptions<void>): Promise<void>;
  /** Owner first, then admins, then members; each by join time. */
  members(groupId: string): Promise<GroupMember[]>;
  /** The live groups the user is in, oldest first. */
  groupsOf(uid: string): Promise<Group[]>;
  /** False for a missing or dismissed group. */
  isMember(groupId: string, uid: string): Promise<boolean>;
}
