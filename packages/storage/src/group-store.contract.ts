import { randomUUID } from "node:crypto";
import {
  type Actor,
  type AppendResult,
  ConvType,
  type Group,
  type GroupSend,
  type GroupStore,
  ImError,
  type InboxMessage,
  type MessageStore,
  type UserStore,
} from "@im/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

export interface OpenedGroups {
  groups: GroupStore;
  /** A message store on the same data, for group sends. */
  messages: MessageStore;
  users: UserStore;
  close(): Promise<void>;
}

/** What the contract needs from a backend. */
export interface GroupStoreHarness {
  /** Opens stores on the harness's data; another open() is another server process. */
  open(): Promise<OpenedGroups>;
  /** Makes the uids known users (as a first login would). */
  createUsers(uids: string[]): Promise<void>;
  /** How many messages this sender has stored, read past the stores. */
  countMessages(fromUid: string): Promise<number>;
  cleanup(): Promise<void>;
}

let counter = 0;
/** A uid (or group id) no other test uses, so tests can share one database. */
function uid(name: string): string {
  counter++;
  return `${name}-${counter}-${randomUUID().slice(0, 8)}`;
}

async function failure(promise: Promise<unknown>): Promise<ImError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "expected an ImError").toBeInstanceOf(ImError);
  return err as ImError;
}

async function expectImError(promise: Promise<unknown>, kind: string): Promise<void> {
  expect((await failure(promise)).kind).toBe(kind);
}

async function pullAll(store: MessageStore, owner: string): Promise<InboxMessage[]> {
  const all: InboxMessage[] = [];
  for (;;) {
    const page = await store.pull(owner, all.at(-1)?.seq ?? 0, 500);
    all.push(...page.messages);
    if (!page.hasMore) return all;
  }
}

/** The GroupStore contract, with group sends through the MessageStore of the same backend. */
export function describeGroupStoreContract(name: string, createHarness: () => Promise<GroupStoreHarness>): void {
  describe(`GroupStore contract: ${name}`, () => {
    let harness: GroupStoreHarness;
    let opened: OpenedGroups;
    let groups: GroupStore;
    let messages: MessageStore;
    const system: Actor = { system: true };

    beforeAll(async () => {
      harness = await createHarness();
      opened = await harness.open();
      groups = opened.groups;
      messages = opened.messages;
    });
    afterAll(async () => {
      await opened?.close();
      await harness?.cleanup();
    });

    /** A group with an owner, an admin and `plain` plain members, all of them known users. */
    async function team(plain = 2): Promise<{ group: Group; owner: string; admin: string; members: string[] }> {
      const owner = uid("owner");
      const admin = uid("admin");
      const members = Array.from({ length: plain }, (_, i) => uid(`m${i}`));
      await harness.createUsers([owner, admin, ...members]);
      const group = await groups.create({ name: "team", ownerUid: owner, memberUids: [admin, ...members] });
      await groups.setRole({ uid: owner }, group.id, admin, 1);
      return { group: await groups.get(group.id), owner, admin, members };
    }

    function say(fromUid: string, groupId: string, content: string, clientMsgId: string = randomUUID()): GroupSend {
      return { fromUid, groupId, clientMsgId, contentType: 1, content };
    }

    async function roles(groupId: string): Promise<Record<string, number>> {
      return Object.fromEntries((await groups.members(groupId)).map((m) => [m.uid, m.role]));
    }

    it("hands each write's result to beforeCommit, and the hook's failure to the caller", async () => {
      const owner = uid("hook-owner");
      await harness.createUsers([owner]);
      const seen: unknown[] = [];
      const record = { beforeCommit: async (_tx: unknown, result: unknown) => void seen.push(result) };
      const group = await groups.create({ name: "Hooked", ownerUid: owner, memberUids: [] }, record);
      expect(seen).toEqual([group]);
      await groups.muteAll(system, group.id, true, record);
      expect(seen).toHaveLength(2);
      const refused = {
        beforeCommit: async () => {
          throw new ImError("CONFLICT", "refused by the hook");
        },
      };
      await expectImError(groups.rename(system, group.id, "Renamed", refused), "CONFLICT");
    });

    describe("lifecycle", () => {
      it("creates a group with its owner and members and finds it from every side", async () => {
        const [owner, a, b] = [uid("owner"), uid("a"), uid("b")];
        await harness.createUsers([owner, a, b]);
        const before = Date.now();
        const group = await groups.create({ name: "Hiking 🥾", ownerUid: owner, memberUids: [a, b, a, owner] });
        expect(group).toMatchObject({
          name: "Hiking 🥾",
          ownerUid: owner,
          announcement: "",
          mutedAll: false,
          dismissed: false,
        });
        expect(group.id.length).toBeGreaterThan(0);
        expect(group.createdAt).toBeGreaterThanOrEqual(before - 1000);
        expect(await groups.get(group.id)).toEqual(group);

        const members = await groups.members(group.id);
        expect(members[0]).toMatchObject({ groupId: group.id, uid: owner, role: 2, mutedUntil: null });
        expect(members.map((m) => m.uid).sort()).toEqual([owner, a, b].sort());
        expect(members.filter((m) => m.role === 0)).toHaveLength(2);
        for (const m of members) expect(m.joinedAt).toBeGreaterThanOrEqual(before - 1000);

        expect(await groups.isMember(group.id, a)).toBe(true);
        expect(await groups.isMember(group.id, uid("stranger"))).toBe(false);
        expect(await groups.isMember(uid("nogroup"), a)).toBe(false);
        expect((await groups.groupsOf(b)).map((g) => g.id)).toEqual([group.id]);

        // An id chosen by the caller, e.g. a business line's own.
        const id = uid("biz-group");
        const second = await groups.create({ id, name: "ops", ownerUid: a, memberUids: [] });
        expect(second.id).toBe(id);
        expect((await groups.groupsOf(a)).map((g) => g.id)).toEqual([group.id, id]);
        await expectImError(groups.create({ id, name: "again", ownerUid: b, memberUids: [] }), "CONFLICT");
        expect((await groups.get(id)).ownerUid).toBe(a);
      });

      it("refuses unknown users and bad input, storing nothing", async () => {
        const owner = uid("owner");
        await harness.createUsers([owner]);
        const id = uid("g");
        await expectImError(
          groups.create({ id, name: "x", ownerUid: owner, memberUids: [uid("ghost")] }),
          "USER_NOT_FOUND",
        );
        await expectImError(groups.create({ id, name: "x", ownerUid: uid("ghost"), memberUids: [] }), "USER_NOT_FOUND");
        await expectImError(groups.get(id), "NOT_FOUND");
        expect(await groups.groupsOf(owner)).toEqual([]);
        await expectImError(groups.create({ name: "nul\u0000", ownerUid: owner, memberUids: [] }), "INVALID_ARGUMENT");
        await expectImError(groups.create({ name: "x", ownerUid: owner, memberUids: [""] }), "INVALID_ARGUMENT");
        await expectImError(groups.get(""), "INVALID_ARGUMENT");
        await expectImError(groups.members(uid("missing")), "NOT_FOUND");
      });

      it("renames and sets the announcement for the owner, admins and the system only", async () => {
        const { group, owner, admin, members } = await team();
        const outsider = uid("outsider");
        await harness.createUsers([outsider]);
        expect((await groups.rename({ uid: owner }, group.id, "by owner")).name).toBe("by owner");
        expect((await groups.rename({ uid: admin }, group.id, "by admin")).name).toBe("by admin");
        expect((await groups.setAnnouncement({ uid: admin }, group.id, "📣 meet at 9")).announcement).toBe(
          "📣 meet at 9",
        );
        await expectImError(groups.rename({ uid: members[0] as string }, group.id, "nope"), "FORBIDDEN");
        await expectImError(groups.setAnnouncement({ uid: members[0] as string }, group.id, "nope"), "FORBIDDEN");
        await expectImError(groups.rename({ uid: outsider }, group.id, "nope"), "NOT_GROUP_MEMBER");
        expect(await groups.get(group.id)).toMatchObject({ name: "by admin", announcement: "📣 meet at 9" });
        expect((await groups.rename(system, group.id, "by system")).name).toBe("by system");
        // Neither is a membership change.
        expect((await groups.get(group.id)).memberVersion).toBe(group.memberVersion);
      });

      it("adds members for the owner and admins, ignoring those already in", async () => {
        const { group, owner, admin, members } = await team();
        const [x, y, z] = [uid("x"), uid("y"), uid("z")];
        await harness.createUsers([x, y, z]);
        expect(await groups.addMembers({ uid: admin }, group.id, [x, members[0] as string, x])).toEqual([x]);
        expect(await groups.addMembers({ uid: owner }, group.id, [x, y])).toEqual([y]);
        expect(await groups.addMembers({ uid: owner }, group.id, [y])).toEqual([]);
        expect(await groups.addMembers(system, group.id, [z])).toEqual([z]);
        const after = await groups.get(group.id);
        expect(after.memberVersion).toBeGreaterThan(group.memberVersion);
        expect(await roles(group.id)).toMatchObject({ [x]: 0, [y]: 0, [z]: 0 });

        // Nothing is added when any uid is unknown, or the actor may not add.
        const w = uid("w");
        await harness.createUsers([w]);
        await expectImError(groups.addMembers({ uid: owner }, group.id, [w, uid("ghost")]), "USER_NOT_FOUND");
        await expectImError(groups.addMembers({ uid: members[1] as string }, group.id, [w]), "FORBIDDEN");
        await expectImError(groups.addMembers({ uid: w }, group.id, [w]), "NOT_GROUP_MEMBER");
        expect(await groups.isMember(group.id, w)).toBe(false);
        expect((await groups.get(group.id)).memberVersion).toBe(after.memberVersion);
      });

      it("removes members by rank, lets members leave, and keeps the owner until a transfer", async () => {
        const { group, owner, admin, members } = await team(4);
        const [m0, m1, m2, m3] = members as [string, string, string, string];
        // One forbidden uid refuses the whole request.
        await expectImError(groups.removeMembers({ uid: admin }, group.id, [m0, owner]), "FORBIDDEN");
        await expectImError(groups.removeMembers({ uid: m0 }, group.id, [m1]), "FORBIDDEN");
        expect(await groups.isMember(group.id, m0)).toBe(true);

        expect(await groups.removeMembers({ uid: admin }, group.id, [m0, uid("never-in")])).toEqual([m0]);
        expect(await groups.removeMembers({ uid: m1 }, group.id, [m1])).toEqual([m1]);
        await expectImError(groups.removeMembers({ uid: m1 }, group.id, [m2]), "NOT_GROUP_MEMBER");
        await expectImError(groups.removeMembers({ uid: owner }, group.id, [owner]), "CONFLICT");
        await expectImError(groups.removeMembers(system, group.id, [owner]), "CONFLICT");
        expect(await groups.removeMembers({ uid: owner }, group.id, [admin])).toEqual([admin]);
        expect(await groups.removeMembers(system, group.id, [m2])).toEqual([m2]);
        expect((await groups.members(group.id)).map((m) => m.uid).sort()).toEqual([owner, m3].sort());
        expect(await groups.groupsOf(m0)).toEqual([]);
      });

      it("changes roles for the owner only and transfers ownership to a member", async () => {
        const { group, owner, admin, members } = await team();
        const [m0, m1] = members as [string, string];
        const outsider = uid("outsider");
        await harness.createUsers([outsider]);
        await expectImError(groups.setRole({ uid: admin }, group.id, m0, 1), "FORBIDDEN");
        await expectImError(groups.setRole({ uid: owner }, group.id, outsider, 1), "NOT_GROUP_MEMBER");
        await expectImError(groups.setRole({ uid: owner }, group.id, owner, 1), "CONFLICT");
        await groups.setRole({ uid: owner }, group.id, m0, 1);
        await groups.setRole({ uid: owner }, group.id, admin, 0);
        expect(await roles(group.id)).toEqual({ [owner]: 2, [m0]: 1, [admin]: 0, [m1]: 0 });

        await expectImError(groups.transferOwner({ uid: m0 }, group.id, m1), "FORBIDDEN");
        await expectImError(groups.transferOwner({ uid: owner }, group.id, outsider), "NOT_GROUP_MEMBER");
        const before = (await groups.get(group.id)).memberVersion;
        const moved = await groups.transferOwner({ uid: owner }, group.id, m1);
        expect(moved.ownerUid).toBe(m1);
        expect(moved.memberVersion).toBeGreaterThan(before);
        expect(await roles(group.id)).toEqual({ [owner]: 1, [m0]: 1, [admin]: 0, [m1]: 2 });
        expect((await groups.members(group.id))[0]?.uid).toBe(m1);
        // The former owner is an admin now, and may leave.
        expect(await groups.removeMembers({ uid: owner }, group.id, [owner])).toEqual([owner]);
        expect((await groups.transferOwner(system, group.id, m0)).ownerUid).toBe(m0);
      });

      it("dismisses for the owner or the system, after which the group is gone", async () => {
        const { group, owner, admin, members } = await team();
        const [m0] = members as [string];
        await expectImError(groups.dismiss({ uid: admin }, group.id), "FORBIDDEN");
        await messages.appendGroup(say(m0, group.id, "last words"));
        await groups.dismiss({ uid: owner }, group.id);
        await expectImError(groups.get(group.id), "NOT_FOUND");
        await expectImError(groups.members(group.id), "NOT_FOUND");
        expect(await groups.isMember(group.id, m0)).toBe(false);
        expect(await groups.groupsOf(owner)).toEqual([]);
        await expectImError(groups.rename({ uid: owner }, group.id, "zombie"), "NOT_FOUND");
        await expectImError(groups.addMembers(system, group.id, [m0]), "NOT_FOUND");
        await expectImError(groups.dismiss({ uid: owner }, group.id), "NOT_FOUND");
        await expectImError(messages.appendGroup(say(owner, group.id, "anyone?")), "NOT_FOUND");
        // The id stays taken; the history stays in the inboxes.
        await expectImError(groups.create({ id: group.id, name: "new", ownerUid: owner, memberUids: [] }), "CONFLICT");
        expect((await pullAll(messages, admin)).map((m) => m.content)).toEqual(["last words"]);

        const other = await team();
        await groups.dismiss(system, other.group.id);
        await expectImError(groups.get(other.group.id), "NOT_FOUND");
      });
    });

    describe("mutes", () => {
      it("mutes members by rank, and a muted member cannot post until the mute ends", async () => {
        const { group, owner, admin, members } = await team();
        const [m0, m1] = members as [string, string];
        const before = (await groups.get(group.id)).memberVersion;
        await groups.muteMember({ uid: admin }, group.id, m0, Date.now() + 60_000);
        expect((await groups.get(group.id)).memberVersion).toBeGreaterThan(before);
        expect((await groups.members(group.id)).find((m) => m.uid === m0)?.mutedUntil).toBeGreaterThan(Date.now());
        await expectImError(groups.muteMember({ uid: admin }, group.id, owner, Date.now() + 60_000), "FORBIDDEN");
        await expectImError(groups.muteMember({ uid: m1 }, group.id, m0, null), "FORBIDDEN");
        await expectImError(groups.muteMember({ uid: owner }, group.id, uid("ghost"), null), "NOT_GROUP_MEMBER");
        await expectImError(groups.muteMember({ uid: owner }, group.id, m1, -5), "INVALID_ARGUMENT");

        const sent = await harness.countMessages(m0);
        await expectImError(messages.appendGroup(say(m0, group.id, "shh")), "MUTED");
        expect(await harness.countMessages(m0)).toBe(sent);
        expect(await messages.maxSeq(m1)).toBe(0);

        await groups.muteMember({ uid: owner }, group.id, m0, null);
        await messages.appendGroup(say(m0, group.id, "free again"));
        // A mute that has already ended does not hold anyone back.
        await groups.muteMember({ uid: owner }, group.id, m0, Date.now() - 1000);
        await messages.appendGroup(say(m0, group.id, "still free"));
        // The owner may mute an admin; the system anyone.
        await groups.muteMember({ uid: owner }, group.id, admin, Date.now() + 60_000);
        await expectImError(messages.appendGroup(say(admin, group.id, "hm")), "MUTED");
        await groups.muteMember(system, group.id, owner, Date.now() + 60_000);
        await expectImError(messages.appendGroup(say(owner, group.id, "hm")), "MUTED");
        expect((await pullAll(messages, m1)).map((m) => m.content)).toEqual(["free again", "still free"]);
      });

      it("mutes the whole group for plain members, not for admins and the owner", async () => {
        const { group, owner, admin, members } = await team();
        const [m0, m1] = members as [string, string];
        await expectImError(groups.muteAll({ uid: m0 }, group.id, true), "FORBIDDEN");
        await groups.muteAll({ uid: admin }, group.id, true);
        expect((await groups.get(group.id)).mutedAll).toBe(true);
        await expectImError(messages.appendGroup(say(m0, group.id, "hello?")), "MUTED");
        await messages.appendGroup(say(admin, group.id, "admins only"));
        await messages.appendGroup(say(owner, group.id, "owner too"));
        await groups.muteAll({ uid: owner }, group.id, false);
        await messages.appendGroup(say(m0, group.id, "open again"));
        expect((await pullAll(messages, m1)).map((m) => m.content)).toEqual(["admins only", "owner too", "open again"]);
      });
    });

    describe("group sends", () => {
      it("stores a message once with one entry per member, the sender's first", async () => {
        const { group, owner, admin, members } = await team(3);
        const everyone = [owner, admin, ...members];
        const sender = members[0] as string;
        // The sender already has history: its entry takes its next seq.
        await messages.appendC2C({ fromUid: sender, toUid: owner, clientMsgId: "c2c", contentType: 1, content: "hi" });
        const ack = await messages.appendGroup(say(sender, group.id, "hello all 👋", "g-1"));
        expect(ack.duplicate).toBe(false);
        expect(ack.senderSeq).toBe(2);
        expect(ack.writes).toHaveLength(everyone.length);
        expect(ack.writes[0]?.ownerUid).toBe(sender);
        expect(ack.writes.map((w) => w.ownerUid).sort()).toEqual([...everyone].sort());
        for (const w of ack.writes) {
          expect(w.message).toMatchObject({
            msgId: ack.msgId,
            convType: ConvType.GROUP,
            convId: group.id,
            fromUid: sender,
            toId: group.id,
            clientMsgId: "g-1",
            content: "hello all 👋",
            sentAt: ack.sentAt,
          });
        }
        for (const u of everyone) {
          const inbox = await pullAll(messages, u);
          const mine = inbox.filter((m) => m.msgId === ack.msgId);
          expect(mine).toHaveLength(1);
          expect(inbox.map((m) => m.seq)).toEqual(inbox.map((_, i) => i + 1));
          expect(mine[0]?.seq).toBe(ack.writes.find((w) => w.ownerUid === u)?.message.seq);
        }
        expect(await messages.maxSeq(owner)).toBe(2);
        expect(await messages.maxSeq(admin)).toBe(1);
      });

      it("refuses non-members and unknown groups without storing anything", async () => {
        const { group, owner } = await team();
        const outsider = uid("outsider");
        await harness.createUsers([outsider]);
        await expectImError(messages.appendGroup(say(outsider, group.id, "let me in")), "NOT_GROUP_MEMBER");
        await expectImError(messages.appendGroup(say(owner, uid("nogroup"), "where?")), "NOT_FOUND");
        await expectImError(messages.appendGroup(say(owner, group.id, "nul\u0000")), "INVALID_ARGUMENT");
        await expectImError(messages.appendGroup({ ...say(owner, group.id, "x"), groupId: "" }), "INVALID_ARGUMENT");
        expect(await harness.countMessages(outsider)).toBe(0);
        expect(await harness.countMessages(owner)).toBe(0);
        expect(await messages.maxSeq(owner)).toBe(0);
      });

      it("fails only the refused sends of a batch", async () => {
        const { group, owner, members } = await team();
        const [m0, m1] = members as [string, string];
        const outsider = uid("outsider");
        await harness.createUsers([outsider]);
        await groups.muteMember({ uid: owner }, group.id, m1, Date.now() + 60_000);
        const results = await Promise.allSettled([
          messages.appendGroup(say(m0, group.id, "one")),
          messages.appendGroup(say(outsider, group.id, "intruder")),
          messages.appendGroup(say(m1, group.id, "muted")),
          messages.appendC2C({ fromUid: m0, toUid: owner, clientMsgId: randomUUID(), contentType: 1, content: "dm" }),
          messages.appendGroup(say(owner, uid("nogroup"), "lost")),
          messages.appendGroup(say(m0, group.id, "two")),
        ]);
        expect(results.map((r) => (r.status === "fulfilled" ? "ok" : (r.reason as ImError).kind))).toEqual([
          "ok",
          "NOT_GROUP_MEMBER",
          "MUTED",
          "ok",
          "NOT_FOUND",
          "ok",
        ]);
        expect((await pullAll(messages, owner)).map((m) => m.content)).toEqual(["one", "dm", "two"]);
        expect((await pullAll(messages, m0)).map((m) => m.seq)).toEqual([1, 2, 3]);
      });

      it("stops delivering to a removed member and starts with an added one at once", async () => {
        const { group, owner, admin, members } = await team();
        const [leaver, kicked] = members as [string, string];
        const joiner = uid("joiner");
        await harness.createUsers([joiner]);
        await messages.appendGroup(say(owner, group.id, "before"));
        await groups.removeMembers({ uid: admin }, group.id, [kicked]);
        await groups.removeMembers({ uid: leaver }, group.id, [leaver]);
        await groups.addMembers({ uid: owner }, group.id, [joiner]);
        const after = await messages.appendGroup(say(owner, group.id, "after"));
        expect(after.writes.map((w) => w.ownerUid).sort()).toEqual([owner, admin, joiner].sort());
        expect((await pullAll(messages, kicked)).map((m) => m.content)).toEqual(["before"]);
        expect((await pullAll(messages, leaver)).map((m) => m.content)).toEqual(["before"]);
        expect((await pullAll(messages, joiner)).map((m) => m.content)).toEqual(["after"]);
        await expectImError(messages.appendGroup(say(kicked, group.id, "hey")), "NOT_GROUP_MEMBER");
        // Back in, back in the conversation.
        await groups.addMembers(system, group.id, [kicked]);
        await messages.appendGroup(say(kicked, group.id, "I'm back"));
        expect((await pullAll(messages, joiner)).map((m) => m.content)).toEqual(["after", "I'm back"]);
      });

      it("answers a retried group send with the original ack, even after the sender left", async () => {
        const { group, owner, members } = await team();
        const [m0] = members as [string];
        const original = await messages.appendGroup(say(m0, group.id, "once", "retry-me"));
        const expected: AppendResult = {
          msgId: original.msgId,
          sentAt: original.sentAt,
          senderSeq: original.senderSeq,
          duplicate: true,
          writes: [],
        };
        expect(await messages.appendGroup(say(m0, group.id, "once", "retry-me"))).toEqual(expected);
        // The same id with another body, or for another conversation, is a conflict.
        for (const changed of [
          say(m0, group.id, "once (altered)", "retry-me"),
          { ...say(m0, group.id, "once", "retry-me"), contentType: 9 },
        ]) {
          const err = await messages.appendGroup(changed).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(ImError.is(err, "CONFLICT")).toBe(true);
        }
        const direct = await messages
          .appendC2C({ fromUid: m0, toUid: owner, clientMsgId: "retry-me", contentType: 1, content: "once" })
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(ImError.is(direct, "CONFLICT")).toBe(true);

        const [x, y] = await Promise.all([
          messages.appendGroup(say(m0, group.id, "twin", "twin")),
          messages.appendGroup(say(m0, group.id, "twin", "twin")),
        ]);
        expect(x.duplicate).toBe(false);
        expect(y).toEqual({ msgId: x.msgId, sentAt: x.sentAt, senderSeq: x.senderSeq, duplicate: true, writes: [] });

        // Through another server, after the sender has left: still the original ack, nothing stored.
        await groups.removeMembers({ uid: m0 }, group.id, [m0]);
        const other = await harness.open();
        try {
          expect(await other.messages.appendGroup(say(m0, group.id, "once", "retry-me"))).toEqual(expected);
        } finally {
          await other.close();
        }
        expect((await pullAll(messages, owner)).map((m) => m.content)).toEqual(["once", "twin"]);
        expect(await harness.countMessages(m0)).toBe(2);
      });

      it("keeps one sender's group and direct messages in call order", async () => {
        const { group, owner, members } = await team();
        const sender = members[0] as string;
        const acks = await Promise.all(
          Array.from({ length: 60 }, (_, i) =>
            i % 3 === 0
              ? messages.appendC2C({
                  fromUid: sender,
                  toUid: owner,
                  clientMsgId: `c${i}`,
                  contentType: 1,
                  content: `${i}`,
                })
              : messages.appendGroup(say(sender, group.id, `${i}`, `g${i}`)),
          ),
        );
        expect(acks.map((a) => a.senderSeq)).toEqual(acks.map((_, i) => i + 1));
        expect((await pullAll(messages, owner)).map((m) => m.content)).toEqual(acks.map((_, i) => `${i}`));
      });
    });
  });
}
