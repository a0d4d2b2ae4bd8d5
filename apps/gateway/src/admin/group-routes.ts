import type { Group } from "@im/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditBeforeCommit } from "../audit-writes.ts";
import { ErrorResponse } from "../errors.ts";
import { Id, Name, type RouteContext, Uid, UidList } from "../routes/context.ts";
import { adminErrors, TAGS } from "./schemas.ts";
import { sessionOf } from "./session-hook.ts";

const GroupCreated = z.object({
  id: z.string(),
  name: z.string(),
  ownerUid: z.string(),
  members: z.number().int().meta({ description: "Members including the owner" }),
  createdAt: z.number().int(),
});

/** Groups an operator creates from the console (changes to existing groups live in operation-routes.ts). */
export const groupRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps, prisma }) => {
  app.post(
    "/groups",
    {
      schema: {
        tags: TAGS,
        summary: "Create a group with its owner and members",
        operationId: "adminCreateGroup",
        description: "Every uid must be a known user. Without an id the system picks one. Audited as group.create.",
        body: z.object({
          id: Id.optional(),
          name: Name(),
          ownerUid: Uid,
          members: UidList().default([]),
        }),
        response: { 201: GroupCreated, 404: ErrorResponse, 409: ErrorResponse, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { operator } = sessionOf(request);
      const { id, name, ownerUid, members } = request.body;
      const group = await deps.storage.groups.create(
        { ...(id === undefined ? {} : { id }), name, ownerUid, memberUids: members },
        // The entry commits with the group, or neither exists.
        auditBeforeCommit(prisma, (created: Group) => ({
          operatorId: operator.id,
          action: "group.create",
          target: created.id,
          detail: { name, ownerUid, members: members.length },
          ip: request.ip,
        })),
      );
      const memberCount = (await deps.storage.groups.members(group.id)).length;
      return reply.code(201).send({
        id: group.id,
        name: group.name,
        ownerUid: group.ownerUid,
        members: memberCount,
        createdAt: group.createdAt,
      });
    },
  );
};
