import type { Actor, Group } from "@im/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { authErrors, ErrorResponse } from "../errors.ts";
import { type RouteContext, security, Uid } from "./context.ts";

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
  role: z.number().int(),
  mutedUntil: z.number().int().nullable(),
  joinedAt: z.number().int(),
});

const GroupId = z.object({ groupId: z.string().min(1).max(255) });
const Uids = z.object({ uids: z.array(Uid).min(1).max(1000) });
const groupErrors = { 404: ErrorResponse, 409: ErrorResponse, ...authErrors };

function toGroup(g: Group): z.infer<typeof GroupSchema> {
  const { dismissed: _, ...rest } = g;
  return rest;
}

/** Groups managed by the business line: every change is made as the system actor. */
export const groupRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps }) => {
  const groups = deps.storage.groups;

  app.post(
    "/groups",
    {
      config: { scope: "groups" },
      schema: {
        tags: ["groups"],
        summary: "Create a group with its owner and members",
        security,
        body: z.object({
          id: z.string().min(1).max(255).optional(),
          name: z.string().max(255),
          ownerUid: Uid,
          memberUids: z.array(Uid).max(10_000).default([]),
        }),
        response: { 201: GroupSchema, ...groupErrors },
      },
    },
    async (request, reply) => {
      const { id, name, ownerUid, memberUids } = request.body;
      const group = await groups.create({ ...(id === undefined ? {} : { id }), name, ownerUid, memberUids });
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
        members: members.map((m) => ({ uid: m.uid, role: m.role, mutedUntil: m.mutedUntil, joinedAt: m.joinedAt })),
      };
    },
  );

  app.post(
    "/groups/:groupId/members",
    {
      config: { scope: "groups" },
      schema: {
        tags: ["groups"],
        summary: "Add members (uids already in the group are ignored)",
        security,
        params: GroupId,
        body: Uids,
        response: { 200: z.object({ added: z.array(z.string()) }), ...groupErrors },
      },
    },
    async (request) => ({ added: await groups.addMembers(SYSTEM, request.params.groupId, request.body.uids) }),
  );

  app.post(
    "/groups/:groupId/members/remove",
    {
      config: { scope: "groups" },
      schema: {
        tags: ["groups"],
        summary: "Remove members (uids not in the group are ignored; the owner cannot be removed)",
        security,
        params: GroupId,
        body: Uids,
        response: { 200: z.object({ removed: z.array(z.string()) }), ...groupErrors },
      },
    },
    async (request) => ({ removed: await groups.removeMembers(SYSTEM, request.params.groupId, request.body.uids) }),
  );

  app.delete(
    "/groups/:groupId",
    {
      config: { scope: "groups" },
      schema: {
        tags: ["groups"],
        summary: "Dismiss a group",
        security,
        params: GroupId,
        response: { 200: z.object({ dismissed: z.literal(true) }), ...groupErrors },
      },
    },
    async (request) => {
      await groups.dismiss(SYSTEM, request.params.groupId);
      return { dismissed: true as const };
    },
  );
};
