import { type Actor, type Group, type GroupMember, GroupRole, ImError, MAX_ANNOUNCEMENT_LENGTH } from "@im/core";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditBeforeCommit, v1AuditRecord } from "../audit-writes.ts";
import { grantOf } from "../auth.ts";
import { authErrors, ErrorResponse } from "../errors.ts";
import { checkOwned, checkWritable, noForeignUsers, readUser, setOwner } from "../ownership.ts";
import { Id, Name, type RouteContext, security, Text, Uid, UidList } from "./context.ts";

const SYSTEM: Actor = { system: true };

const GroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  ownerUid: z.string(),
  announcement: z.string(),
  mutedAll: z.boolean(),
  memberVersion: z.number().int(),
  createdAt: z.number().int(),
});

const Member = z.object({
  uid: z.string(),
  role: z.number().int().meta({ description: "0 member, 1 admin, 2 owner" }),
  mutedUntil: z.number().int().nullable(),
  joinedAt: z.number().int(),
});

const GroupId = z.object({ groupId: Id });
const GroupMemberParams = GroupId.extend({ uid: Uid });
const RoleName = z.enum(["member", "admin"]);
/** Latest instant a JavaScript Date (and so the store) can hold. */
const MAX_TIME_MS = 8.64e15;
const Uids = z.object({ uids: UidList(1) });
const groupErrors = { 404: ErrorResponse, 409: ErrorResponse, ...authErrors };

function toGroup(g: Group): z.infer<typeof GroupSchema> {
  const { dismissed: _, ...rest } = g;
  return rest;
}

function toMember(m: GroupMember): z.infer<typeof Member> {
  return { uid: m.uid, role: m.role, mutedUntil: m.mutedUntil, joinedAt: m.joinedAt };
}

/**
 * The system actor is never "not a member": NOT_GROUP_MEMBER from the store
 * means the uid the request aims at is not in the group, which over REST is
 * an unknown member (path uid) or a conflict with the group's state (body uid).
 */
async function aimedAt<T>(uid: string, as: "NOT_FOUND" | "CONFLICT", work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (ImError.is(err, "NOT_GROUP_MEMBER")) throw new ImError(as, `${uid} is not a member of this group`);
    throw err;
  }
}

/** Groups managed by the business line: every change is made as the system actor. */
export const groupRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps, prisma }) => {
  const groups = deps.storage.groups;
  // A change of a group commits with the line's claim on it (when unowned) and its audit entry.
  const audited = (request: FastifyRequest, detail?: Record<string, unknown>) =>
    auditBeforeCommit(prisma, v1AuditRecord(request, 200, detail === undefined ? {} : { detail }), (tx) =>
      checkOwned(tx, grantOf(request), "group", (request.params as { groupId: string }).groupId, true),
    );
  // Every route naming a group acts only on this line's groups (README "Business-line isolation").
  app.addHook("preHandler", async (request) => {
    const groupId = (request.params as { groupId?: string } | undefined)?.groupId;
    if (groupId === undefined) return;
    if (request.method === "GET") await checkOwned(prisma, grantOf(request), "group", groupId, false);
    else await checkWritable(prisma, grantOf(request), "group", groupId);
  });

  app.post(
    "/groups",
    {
      config: { scope: "groups", auditedInRoute: true },
      schema: {
        tags: ["groups"],
        summary: "Create a group with its owner and members",
        operationId: "createGroup",
        security,
        body: z.object({
          id: Id.optional(),
          name: Name(),
          ownerUid: Uid,
          memberUids: UidList().default([]),
        }),
        response: { 201: GroupSchema, ...groupErrors },
      },
    },
    async (request, reply) => {
      const { id, name, ownerUid, memberUids } = request.body;
      await noForeignUsers(prisma, grantOf(request), [ownerUid, ...memberUids]);
      // The line's claim and the audit entry commit with the group, or nothing does.
      const group = await groups.create(
        { ...(id === undefined ? {} : { id }), name, ownerUid, memberUids },
        auditBeforeCommit(
          prisma,
          (created) => v1AuditRecord(request, 201, { target: created.id }),
          (tx, created) => setOwner(tx, grantOf(request), "group", created.id),
        ),
      );
      return reply.code(201).send(toGroup(group));
    },
  );

  app.get(
    "/groups/:groupId",
    {
      config: { scope: "groups" },
      schema: {
        tags: ["groups"],
        summary: "A group and its members",
        operationId: "getGroup",
        security,
        params: GroupId,
        response: { 200: GroupSchema.extend({ members: z.array(Member) }), ...groupErrors },
      },
    },
    async (request) => {
      const group = await groups.get(request.params.groupId);
      const members = await groups.members(group.id);
      return {
        ...toGroup(group),
        members: members.map(toMember),
      };
    },
  );

  app.post(
    "/groups/:groupId/members",
    {
      config: { scope: "groups", auditedInRoute: true },
      schema: {
        tags: ["groups"],
        summary: "Add members (uids already in the group are ignored)",
        operationId: "addGroupMembers",
        security,
        params: GroupId,
        body: Uids,
        response: { 200: z.object({ added: z.array(z.string()) }), ...groupErrors },
      },
    },
    async (request) => {
      await noForeignUsers(prisma, grantOf(request), request.body.uids);
      return { added: await groups.addMembers(SYSTEM, request.params.groupId, request.body.uids, audited(request)) };
    },
  );

  app.post(
    "/groups/:groupId/members/remove",
    {
      config: { scope: "groups", auditedInRoute: true },
      schema: {
        tags: ["groups"],
        summary: "Remove members (uids not in the group are ignored; the owner cannot be removed)",
        operationId: "removeGroupMembers",
        security,
        params: GroupId,
        body: Uids,
        response: { 200: z.object({ removed: z.array(z.string()) }), ...groupErrors },
      },
    },
    async (request) => ({
      removed: await groups.removeMembers(SYSTEM, request.params.groupId, request.body.uids, audited(request)),
    }),
  );

  app.delete(
    "/groups/:groupId",
    {
      config: { scope: "groups", auditedInRoute: true },
      schema: {
        tags: ["groups"],
        summary: "Dismiss a group",
        operationId: "dismissGroup",
        security,
        params: GroupId,
        response: { 200: z.object({ dismissed: z.literal(true) }), ...groupErrors },
      },
    },
    async (request) => {
      await groups.dismiss(SYSTEM, request.params.groupId, audited(request));
      return { dismissed: true as const };
    },
  );
  app.patch(
    "/groups/:groupId",
    {
      config: { scope: "groups", auditedInRoute: true },
      schema: {
        tags: ["groups"],
        summary: "Rename a group and/or set its announcement",
        operationId: "updateGroup",
        description: "Fields left out keep their value; at least one is required.",
        security,
        params: GroupId,
        body: z
          .object({ name: Name().optional(), announcement: Text(MAX_ANNOUNCEMENT_LENGTH).optional() })
          .refine((b) => b.name !== undefined || b.announcement !== undefined, "name or announcement is required"),
        response: { 200: GroupSchema, ...groupErrors },
      },
    },
    async (request) => {
      const { groupId } = request.params;
      const { name, announcement } = request.body;
      let group: Group | undefined;
      // Two store writes, each committed with an entry naming the field it changed.
      if (name !== undefined) group = await groups.rename(SYSTEM, groupId, name, audited(request, { field: "name" }));
      if (announcement !== undefined)
        group = await groups.setAnnouncement(
          SYSTEM,
          groupId,
          announcement,
          audited(request, { field: "announcement" }),
        );
      return toGroup(group as Group);
    },
  );

  app.post(
    "/groups/:groupId/owner",
    {
      config: { scope: "groups", auditedInRoute: true },
      schema: {
        tags: ["groups"],
        summary: "Transfer ownership to a member (the old owner becomes an admin)",
        operationId: "transferGroupOwnership",
        description: "409 when the uid is not a member of the group.",
        security,
        params: GroupId,
        body: z.object({ uid: Uid }),
        response: { 200: GroupSchema, ...groupErrors },
      },
    },
    async (request) => {
      const { uid } = request.body;
      await noForeignUsers(prisma, grantOf(request), [uid]);
      const group = await aimedAt(uid, "CONFLICT", () =>
        groups.transferOwner(SYSTEM, request.params.groupId, uid, audited(request)),
      );
      return toGroup(group);
    },
  );

  app.put(
    "/groups/:groupId/members/:uid/role",
    {
      config: { scope: "groups", auditedInRoute: true },
      schema: {
        tags: ["groups"],
        summary: "Make a member an admin or a plain member",
        operationId: "setGroupMemberRole",
        description: "The owner's role changes only by transferring ownership (409).",
        security,
        params: GroupMemberParams,
        body: z.object({ role: RoleName }),
        response: { 200: z.object({ uid: z.string(), role: RoleName }), ...groupErrors },
      },
    },
    async (request) => {
      const { groupId, uid } = request.params;
      const { role } = request.body;
      const value = role === "admin" ? GroupRole.ADMIN : GroupRole.MEMBER;
      await aimedAt(uid, "NOT_FOUND", () => groups.setRole(SYSTEM, groupId, uid, value, audited(request)));
      return { uid, role };
    },
  );

  app.put(
    "/groups/:groupId/members/:uid/mute",
    {
      config: { scope: "groups", auditedInRoute: true },
      schema: {
        tags: ["groups"],
        summary: "Mute a member until a time, or lift the mute",
        operationId: "setGroupMemberMute",
        description: "`until` is ms since epoch; null (or a past time) lifts the mute.",
        security,
        params: GroupMemberParams,
        body: z.object({ until: z.number().int().min(0).max(MAX_TIME_MS).nullable() }),
        response: { 200: z.object({ uid: z.string(), mutedUntil: z.number().int().nullable() }), ...groupErrors },
      },
    },
    async (request) => {
      const { groupId, uid } = request.params;
      const { until } = request.body;
      await aimedAt(uid, "NOT_FOUND", () => groups.muteMember(SYSTEM, groupId, uid, until, audited(request)));
      return { uid, mutedUntil: until };
    },
  );

  app.put(
    "/groups/:groupId/mute",
    {
      config: { scope: "groups", auditedInRoute: true },
      schema: {
        tags: ["groups"],
        summary: "Mute or unmute the whole group (only the owner and admins may post while muted)",
        operationId: "setGroupMute",
        security,
        params: GroupId,
        body: z.object({ muted: z.boolean() }),
        response: { 200: z.object({ mutedAll: z.boolean() }), ...groupErrors },
      },
    },
    async (request) => {
      await groups.muteAll(SYSTEM, request.params.groupId, request.body.muted, audited(request));
      return { mutedAll: request.body.muted };
    },
  );

  app.get(
    "/groups/:groupId/members",
    {
      config: { scope: "groups" },
      schema: {
        tags: ["groups"],
        summary: "A group's members: the owner, then admins, then members, each by join time",
        operationId: "listGroupMembers",
        security,
        params: GroupId,
        response: { 200: z.object({ members: z.array(Member) }), ...groupErrors },
      },
    },
    async (request) => ({ members: (await groups.members(request.params.groupId)).map(toMember) }),
  );

  app.get(
    "/users/:uid/groups",
    {
      config: { scope: "groups" },
      schema: {
        tags: ["groups"],
        summary: "The live groups a user is in, oldest first",
        operationId: "listUserGroups",
        security,
        params: z.object({ uid: Uid }),
        response: { 200: z.object({ groups: z.array(GroupSchema) }), 404: ErrorResponse, ...authErrors },
      },
    },
    async (request) => {
      const { uid } = request.params;
      await readUser(prisma, grantOf(request), uid);
      return { groups: (await groups.groupsOf(uid)).map(toGroup) };
    },
  );
};
