import { ImError } from "./errors.ts";
// Types only: group-store.ts re-exports this file, so a value import would be circular.
import type { Actor, GroupRole } from "./group-store.ts";

const MEMBER: GroupRole = 0;
const ADMIN: GroupRole = 1;
const OWNER: GroupRole = 2;

/**
 * Who may do what in a group. Pure functions: the store looks up the roles
 * (inside the transaction that applies the change) and asks here.
 *
 * - system actor (business line, operator): everything;
 * - owner: everything, except leaving (transfer ownership first);
 * - admin: rename, announcement, add members, mute all, remove or mute plain members;
 * - member: leave, and post unless muted;
 * - anyone else: NOT_GROUP_MEMBER.
 */

/** Changes to the group as a whole. */
export type GroupAction =
  | "rename"
  | "setAnnouncement"
  | "addMembers"
  | "muteAll"
  | "setRole"
  | "transferOwner"
  | "dismiss";

/** Changes aimed at one member. */
export type MemberAction = "remove" | "mute" | "setRole";

const LEAST_ROLE: Record<GroupAction, GroupRole> = {
  rename: ADMIN,
  setAnnouncement: ADMIN,
  addMembers: ADMIN,
  muteAll: ADMIN,
  setRole: OWNER,
  transferOwner: OWNER,
  dismiss: OWNER,
};

/** The role and mute of a member as the checks need them. */
export interface MemberStanding {
  role: GroupRole;
  /** ms since epoch; null when not muted. */
  mutedUntil: number | null;
}

export function isSystemActor(actor: Actor): actor is { system: true } {
  return "system" in actor && actor.system === true;
}

/** The acting user's uid, or undefined for the system. */
export function actorUid(actor: Actor): string | undefined {
  return isSystemActor(actor) ? undefined : actor.uid;
}

/**
 * Throws unless the actor may perform a group-wide action.
 * @param actorRole the acting user's role in the group, undefined when not a member (ignored for the system).
 */
export function checkGroupAction(actor: Actor, actorRole: GroupRole | undefined, action: GroupAction): void {
  if (isSystemActor(actor)) return;
  if (actorRole === undefined) throw new ImError("NOT_GROUP_MEMBER", "not a member of this group");
  if (actorRole < LEAST_ROLE[action]) {
    const who = LEAST_ROLE[action] === OWNER ? "the owner" : "the owner or an admin";
    throw new ImError("FORBIDDEN", `only ${who} may ${describe(action)}`);
  }
}

/**
 * Throws unless the actor may remove, mute or change the role of `target`
 * (a current member). Removing oneself is leaving, which every member but the
 * owner may do; otherwise the actor must outrank the target.
 */
export function checkMemberAction(
  actor: Actor,
  actorRole: GroupRole | undefined,
  action: MemberAction,
  target: { uid: string; role: GroupRole },
): void {
  // Without an owner the group could not be administered: ownership moves only by transfer.
  const ownerConflict =
    target.role === OWNER && action !== "mute"
      ? new ImError(
          "CONFLICT",
          action === "remove"
            ? "the owner cannot leave the group; transfer ownership first"
            : "the owner's role changes only by transferring ownership",
        )
      : undefined;
  if (isSystemActor(actor)) {
    if (ownerConflict) throw ownerConflict;
    return;
  }
  if (actorRole === undefined) throw new ImError("NOT_GROUP_MEMBER", "not a member of this group");
  if (action === "setRole") {
    if (actorRole !== OWNER) throw new ImError("FORBIDDEN", "only the owner may change roles");
    if (ownerConflict) throw ownerConflict;
    return;
  }
  if (action === "remove" && target.uid === actor.uid) {
    if (ownerConflict) throw ownerConflict;
    return;
  }
  if (actorRole <= target.role) {
    throw new ImError(
      "FORBIDDEN",
      actorRole === MEMBER
        ? `only the owner or an admin may ${action} members`
        : `may not ${action} ${target.uid === actor.uid ? "yourself" : "a member of equal or higher role"}`,
    );
  }
}

/**
 * Throws unless `member` may post now: NOT_GROUP_MEMBER for a non-member,
 * MUTED while its own mute lasts, or while the whole group is muted and it is
 * a plain member.
 */
export function checkPost(member: MemberStanding | undefined, mutedAll: boolean, nowMs: number): void {
  if (!member) throw new ImError("NOT_GROUP_MEMBER", "not a member of this group");
  if (member.mutedUntil !== null && member.mutedUntil > nowMs)
    throw new ImError("MUTED", `muted until ${new Date(member.mutedUntil).toISOString()}`);
  if (mutedAll && member.role === MEMBER) throw new ImError("MUTED", "the group is muted");
}

function describe(action: GroupAction): string {
  switch (action) {
    case "rename":
      return "rename the group";
    case "setAnnouncement":
      return "set the announcement";
    case "addMembers":
      return "add members";
    case "muteAll":
      return "mute the group";
    case "setRole":
      return "change roles";
    case "transferOwner":
      return "transfer ownership";
    case "dismiss":
      return "dismiss the group";
  }
}
