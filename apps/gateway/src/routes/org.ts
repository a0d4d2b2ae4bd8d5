import { MAX_NAME_LENGTH, type OrgMember, type OrgUnit } from "@im/core";
import { orgUnitsOwnedBy } from "@im/storage";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditBeforeCommit, v1AuditRecord } from "../audit-writes.ts";
import { grantOf } from "../auth.ts";
import { authErrors, ErrorResponse } from "../errors.ts";
import { checkOwned, checkWritable, isCrossLine, noForeignUsers, setOwner } from "../ownership.ts";
import { Id, Name, type RouteContext, security, Text, Uid } from "./context.ts";

/** Unit ids are stored "/"-separated in each unit's path; the identifier rule keeps "/" out. */
const UnitId = Id;
const Sort = z
  .number()
  .int()
  .min(-(2 ** 31))
  .max(2 ** 31 - 1)
  .meta({ description: "Position among siblings, ascending (32-bit integer)" });

const Unit = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  sort: z.number().int(),
  path: z.array(z.string()).meta({ description: "Ids from the root down to this unit, both included" }),
  depth: z.number().int().meta({ description: "0 for a root" }),
});

const Member = z.object({ unitId: z.string(), uid: z.string(), title: z.string(), sort: z.number().int() });

const UnitParams = z.object({ id: UnitId });
const UnitMemberParams = UnitParams.extend({ uid: Uid });
const orgErrors = { 404: ErrorResponse, 409: ErrorResponse, ...authErrors };

function toUnit(u: OrgUnit): z.infer<typeof Unit> {
  return { id: u.id, parentId: u.parentId, name: u.name, sort: u.sort, path: u.path, depth: u.depth };
}

function toMember(m: OrgMember): z.infer<typeof Member> {
  return { unitId: m.unitId, uid: m.uid, title: m.title, sort: m.sort };
}

/**
 * The organisation tree over REST. There is no org scope among the key
 * scopes yet; the directory is about people, so keys need the users scope.
 */
export const orgRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps, prisma }) => {
  const org = deps.storage.org;
  // A change of a org unit commits with the line's claim on it (when unowned) and its audit entry.
  // A new parent is claimed the same way.
  const audited = (request: FastifyRequest, detail?: Record<string, unknown>, parentId?: string | null) =>
    auditBeforeCommit(prisma, v1AuditRecord(request, 200, detail === undefined ? {} : { detail }), async (tx) => {
      await checkOwned(tx, grantOf(request), "org unit", (request.params as { id: string }).id, true);
      if (parentId) await checkOwned(tx, grantOf(request), "org unit", parentId, true);
    });
  // Every route naming a unit acts only on this line's units (README "Business-line isolation").
  app.addHook("preHandler", async (request) => {
    const id = (request.params as { id?: string } | undefined)?.id;
    if (id === undefined) return;
    if (request.method === "GET") await checkOwned(prisma, grantOf(request), "org unit", id, false);
    else await checkWritable(prisma, grantOf(request), "org unit", id);
  });

  app.post(
    "/org/units",
    {
      config: { scope: "users", auditedInRoute: true },
      schema: {
        tags: ["org"],
        summary: "Add a unit under a parent (null: a new root)",
        operationId: "createOrgUnit",
        description: "`id` is generated when left out. 404 for an unknown parent, 409 when the id is taken.",
        security,
        body: z.object({
          id: UnitId.optional(),
          parentId: UnitId.nullable(),
          name: Name(),
          sort: Sort.optional(),
        }),
        response: { 201: Unit, ...orgErrors },
      },
    },
    async (request, reply) => {
      const { id, parentId, name, sort } = request.body;
      if (parentId !== null) await checkWritable(prisma, grantOf(request), "org unit", parentId);
      const unit = await org.createUnit(
        {
          ...(id === undefined ? {} : { id }),
          parentId,
          name,
          ...(sort === undefined ? {} : { sort }),
        },
        // The line's claim and the audit entry commit with the unit, or nothing does.
        auditBeforeCommit(
          prisma,
          (created) => v1AuditRecord(request, 201, { target: created.id }),
          async (tx, created) => {
            if (parentId !== null) await checkOwned(tx, grantOf(request), "org unit", parentId, true);
            await setOwner(tx, grantOf(request), "org unit", created.id);
          },
        ),
      );
      return reply.code(201).send(toUnit(unit));
    },
  );

  app.patch(
    "/org/units/:id",
    {
      config: { scope: "users", auditedInRoute: true },
      schema: {
        tags: ["org"],
        summary: "Rename a unit and/or move it with its subtree",
        operationId: "updateOrgUnit",
        description:
          "Fields left out keep their value; at least one is required. `parentId` null makes the unit a root. " +
          "409 when the new parent is the unit itself or below it.",
        security,
        params: UnitParams,
        body: z
          .object({
            name: Name().optional(),
            parentId: UnitId.nullable().optional(),
            sort: Sort.optional(),
          })
          .refine(
            (b) => b.name !== undefined || b.parentId !== undefined || b.sort !== undefined,
            "name, parentId or sort is required",
          ),
        response: { 200: Unit, ...orgErrors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { name, parentId, sort } = request.body;
      // Moving under another line's unit would graft this unit into its tree.
      if (parentId) await checkWritable(prisma, grantOf(request), "org unit", parentId);
      let unit: OrgUnit | undefined;
      // The move first: it is the change that may be refused (a cycle), and then nothing has changed.
      if (parentId !== undefined || sort !== undefined) {
        // Re-sorting alone keeps the parent; the store moves and sorts in one call.
        const target = parentId !== undefined ? parentId : currentParent(await org.tree(id), id);
        unit = await org.moveUnit(id, target, sort, audited(request, { field: "parent" }, parentId));
      }
      if (name !== undefined) unit = await org.renameUnit(id, name, audited(request, { field: "name" }));
      return toUnit(unit as OrgUnit);
    },
  );

  app.delete(
    "/org/units/:id",
    {
      config: { scope: "users", auditedInRoute: true },
      schema: {
        tags: ["org"],
        summary: "Delete an empty unit",
        operationId: "deleteOrgUnit",
        description: "409 while the unit has child units or members.",
        security,
        params: UnitParams,
        response: { 200: z.object({ deleted: z.literal(true) }), ...orgErrors },
      },
    },
    async (request) => {
      await org.deleteUnit(request.params.id, audited(request));
      return { deleted: true as const };
    },
  );

  app.get(
    "/org/tree",
    {
      config: { scope: "users" },
      schema: {
        tags: ["org"],
        summary: "The whole tree, or the subtree under rootId, depth first",
        operationId: "getOrgTree",
        description: "Each unit comes before its children; siblings by sort, then name. Depths are absolute.",
        security,
        querystring: z.object({ rootId: UnitId.optional() }),
        response: { 200: z.object({ units: z.array(Unit) }), ...orgErrors },
      },
    },
    async (request) => {
      const grant = grantOf(request);
      const { rootId } = request.query;
      if (rootId !== undefined) await checkOwned(prisma, grant, "org unit", rootId, false);
      const units = await org.tree(rootId);
      if (isCrossLine(grant)) return { units: units.map(toUnit) };
      // A line sees its own units only (units it did not create are another line's or the operators').
      const own = await orgUnitsOwnedBy(prisma, grant.businessId);
      return { units: units.filter((u) => own.has(u.id)).map(toUnit) };
    },
  );

  app.put(
    "/org/units/:id/members/:uid",
    {
      config: { scope: "users", auditedInRoute: true },
      schema: {
        tags: ["org"],
        summary: "List a person in a unit, or update the listing",
        operationId: "setOrgUnitMember",
        description: 'Fields left out keep their value; a new listing starts with title "" and sort 0.',
        security,
        params: UnitMemberParams,
        body: z.object({ title: Text(MAX_NAME_LENGTH).optional(), sort: Sort.optional() }).default({}),
        response: { 200: Member, ...orgErrors },
      },
    },
    async (request) => {
      const { id, uid } = request.params;
      const { title, sort } = request.body;
      await noForeignUsers(prisma, grantOf(request), [uid]);
      const member = await org.addMember(
        id,
        uid,
        { ...(title === undefined ? {} : { title }), ...(sort === undefined ? {} : { sort }) },
        audited(request),
      );
      return toMember(member);
    },
  );

  app.delete(
    "/org/units/:id/members/:uid",
    {
      config: { scope: "users", auditedInRoute: true },
      schema: {
        tags: ["org"],
        summary: "Remove a person from a unit",
        operationId: "removeOrgUnitMember",
        description: "`removed` is false when the person was not listed in the unit.",
        security,
        params: UnitMemberParams,
        response: { 200: z.object({ removed: z.boolean() }), ...orgErrors },
      },
    },
    async (request) => ({ removed: await org.removeMember(request.params.id, request.params.uid, audited(request)) }),
  );

  app.get(
    "/org/units/:id/members",
    {
      config: { scope: "users" },
      schema: {
        tags: ["org"],
        summary: "The people listed in a unit, or with recursive=true in its whole subtree",
        operationId: "listOrgUnitMembers",
        description: "By sort then uid; recursively unit by unit in tree order (once per unit a person is in).",
        security,
        params: UnitParams,
        querystring: z.object({
          recursive: z
            .enum(["true", "false"])
            .default("false")
            .transform((v) => v === "true"),
        }),
        response: { 200: z.object({ members: z.array(Member) }), ...orgErrors },
      },
    },
    async (request) => ({
      members: (await org.members(request.params.id, { recursive: request.query.recursive })).map(toMember),
    }),
  );
};

/** The parent of `id` from its subtree (which the store lists with the unit first). */
function currentParent(subtree: OrgUnit[], id: string): string | null {
  return subtree.find((u) => u.id === id)?.parentId ?? null;
}
