import { describe, expect, it } from "vitest";
import type { ErrorName } from "./errors.ts";
import { ImError } from "./errors.ts";
import {
  checkGroupAction,
  checkMemberAction,
  checkPost,
  type GroupAction,
  isSystemActor,
} from "./group-permissions.ts";
import { type Actor, GroupRole } from "./group-store.ts";

const { MEMBER, ADMIN, OWNER } = GroupRole;
const system: Actor = { system: true };

function outcome(fn: () => void): "ok" | ErrorName {
  try {
    fn();
    return "ok";
  } catch (err) {
    expect(err).toBeInstanceOf(ImError);
    return (err as ImError).kind;
  }
}

describe("group permissions", () => {
  it("tells the system actor from users", () => {
    expect(isSystemActor(system)).toBe(true);
    expect(isSystemActor({ uid: "u" })).toBe(false);
  });

  it("lets group-wide actions through by role", () => {
    const actions: GroupAction[] = [
      "rename",
      "setAnnouncement",
      "addMembers",
      "muteAll",
      "setRole",
      "transferOwner",
      "dismiss",
    ];
    const table = Object.fromEntries(
      actions.map((a) => [
        a,
        [OWNER, ADMIN, MEMBER, undefined].map((role) => outcome(() => checkGroupAction({ uid: "me" }, role, a))),
      ]),
    );
    expect(table).toEqual({
      rename: ["ok", "ok", "FORBIDDEN", "NOT_GROUP_MEMBER"],
      setAnnouncement: ["ok", "ok", "FORBIDDEN", "NOT_GROUP_MEMBER"],
      addMembers: ["ok", "ok", "FORBIDDEN", "NOT_GROUP_MEMBER"],
      muteAll: ["ok", "ok", "FORBIDDEN", "NOT_GROUP_MEMBER"],
      setRole: ["ok", "FORBIDDEN", "FORBIDDEN", "NOT_GROUP_MEMBER"],
      transferOwner: ["ok", "FORBIDDEN", "FORBIDDEN", "NOT_GROUP_MEMBER"],
      dismiss: ["ok", "FORBIDDEN", "FORBIDDEN", "NOT_GROUP_MEMBER"],
    });
    for (const a of actions) expect(outcome(() => checkGroupAction(system, undefined, a))).toBe("ok");
  });

  it("lets the owner and admins remove and mute only lower roles", () => {
    const roles = [OWNER, ADMIN, MEMBER] as const;
    for (const action of ["remove", "mute"] as const) {
      const table = roles.map((actorRole) =>
        roles.map((targetRole) =>
          outcome(() => checkMemberAction({ uid: "me" }, actorRole, action, { uid: "other", role: targetRole })),
        ),
      );
      // Rows: actor owner, admin, member; columns: target owner (another one cannot exist), admin, member.
      expect(table, action).toEqual([
        ["FORBIDDEN", "ok", "ok"],
        ["FORBIDDEN", "FORBIDDEN", "ok"],
        ["FORBIDDEN", "FORBIDDEN", "FORBIDDEN"],
      ]);
    }
    expect(outcome(() => checkMemberAction({ uid: "me" }, undefined, "remove", { uid: "x", role: MEMBER }))).toBe(
      "NOT_GROUP_MEMBER",
    );
  });

  it("lets every member but the owner leave, and no one mute themselves", () => {
    const self = (role: GroupRole, action: "remove" | "mute") =>
      outcome(() => checkMemberAction({ uid: "me" }, role, action, { uid: "me", role }));
    expect([self(MEMBER, "remove"), self(ADMIN, "remove"), self(OWNER, "remove")]).toEqual(["ok", "ok", "CONFLICT"]);
    expect([self(MEMBER, "mute"), self(ADMIN, "mute"), self(OWNER, "mute")]).toEqual([
      "FORBIDDEN",
      "FORBIDDEN",
      "FORBIDDEN",
    ]);
  });

  it("leaves role changes to the owner and never demotes the owner", () => {
    const setRole = (actor: Actor, actorRole: GroupRole | undefined, targetRole: GroupRole) =>
      outcome(() => checkMemberAction(actor, actorRole, "setRole", { uid: "t", role: targetRole }));
    expect(setRole({ uid: "me" }, OWNER, MEMBER)).toBe("ok");
    expect(setRole({ uid: "me" }, OWNER, ADMIN)).toBe("ok");
    expect(setRole({ uid: "me" }, ADMIN, MEMBER)).toBe("FORBIDDEN");
    expect(setRole({ uid: "me" }, MEMBER, MEMBER)).toBe("FORBIDDEN");
    expect(setRole({ uid: "me" }, undefined, MEMBER)).toBe("NOT_GROUP_MEMBER");
    expect(setRole({ uid: "me" }, OWNER, OWNER)).toBe("CONFLICT");
    expect(setRole(system, undefined, ADMIN)).toBe("ok");
    expect(setRole(system, undefined, OWNER)).toBe("CONFLICT");
  });

  it("gives the system every member action except removing the owner", () => {
    const act = (action: "remove" | "mute", role: GroupRole) =>
      outcome(() => checkMemberAction(system, undefined, action, { uid: "t", role }));
    expect([act("remove", MEMBER), act("remove", ADMIN), act("remove", OWNER)]).toEqual(["ok", "ok", "CONFLICT"]);
    expect([act("mute", MEMBER), act("mute", ADMIN), act("mute", OWNER)]).toEqual(["ok", "ok", "ok"]);
  });

  it("lets members post unless muted, and admins through a muted group", () => {
    const now = 1_000_000;
    const post = (role: GroupRole | undefined, mutedUntil: number | null, mutedAll: boolean) =>
      outcome(() => checkPost(role === undefined ? undefined : { role, mutedUntil }, mutedAll, now));
    expect(post(MEMBER, null, false)).toBe("ok");
    expect(post(undefined, null, false)).toBe("NOT_GROUP_MEMBER");
    expect(post(MEMBER, now + 1, false)).toBe("MUTED");
    expect(post(MEMBER, now, false)).toBe("ok");
    expect(post(MEMBER, now - 5000, false)).toBe("ok");
    expect(post(MEMBER, null, true)).toBe("MUTED");
    expect(post(ADMIN, null, true)).toBe("ok");
    expect(post(OWNER, null, true)).toBe("ok");
    expect(post(ADMIN, now + 1, false)).toBe("MUTED");
  });
});
