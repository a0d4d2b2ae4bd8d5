import { ImError } from "@im/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse } from "../errors.ts";
import type { RouteContext } from "../routes/context.ts";
import { withTransaction } from "../transaction.ts";
import { appendAudit } from "./audit.ts";
import {
  createOperator,
  endSessionsOf,
  hashPassword,
  listOperators,
  lockOperator,
  OPERATOR_ROLES,
} from "./operators.ts";
import { adminErrors, OperatorSchema, TAGS } from "./schemas.ts";
import { sessionOf } from "./session-hook.ts";

const OperatorListing = OperatorSchema.extend({
  disabledAt: z.number().int().nullable(),
  lastSeenAt: z.number().int().nullable().meta({
    description: "Latest request of a live session or latest audited action, whichever is newer",
  }),
});

const Password = z.string().min(1).max(1024).meta({ description: "12-1024 characters" });
const OperatorId = z.object({ id: z.string().min(1).max(64) });
const writeErrors = { ...adminErrors, 404: ErrorResponse, 409: ErrorResponse } as const;

/**
 * Operator accounts: any operator may list them; creating, changing and
 * resetting passwords needs the admin role (session hook). Each write and its
 * audit entry commit in one transaction.
 */
export const operatorRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps }) => {
  const pool = deps.db.pool;

  app.get(
    "/operators",
    {
      schema: {
        tags: TAGS,
        summary: "Every operator account, by username",
        operationId: "adminListOperators",
        response: { 200: z.object({ items: z.array(OperatorListing) }), ...adminErrors },
      },
    },
    async () => ({ items: await listOperators(pool) }),
  );

  app.post(
    "/operators",
    {
      schema: {
        tags: TAGS,
        summary: "Create an operator (admin only)",
        operationId: "adminCreateOperator",
        body: z.object({ username: z.string().min(1).max(64), role: z.enum(OPERATOR_ROLES), password: Password }),
        response: { 200: OperatorListing, ...writeErrors },
      },
    },
    async (request) => {
      const { operator: actor } = sessionOf(request);
      const created = await withTransaction(pool, async (client) => {
        const operator = await createOperator(client, request.body);
        await appendAudit(client, {
          operatorId: actor.id,
          action: "operator.create",
          target: operator.username,
          detail: { operatorId: operator.id, role: operator.role },
          ip: request.ip,
        });
        return operator;
      });
      return { ...created, disabledAt: null, lastSeenAt: null };
    },
  );

  app.patch(
    "/operators/:id",
    {
      schema: {
        tags: TAGS,
        summary: "Change an operator's role or disable/enable it (admin only)",
        operationId: "adminUpdateOperator",
        description:
          "Disabling ends the operator's sessions at once (their next request answers 401). An admin cannot " +
          "disable or demote their own account: 409 CONFLICT with a message starting with SELF_CHANGE. Changes " +
          "are serialised over the enabled admins, so the last enabled admin always remains.",
        params: OperatorId,
        body: z
          .object({ role: z.enum(OPERATOR_ROLES).optional(), disabled: z.boolean().optional() })
          .refine((b) => b.role !== undefined || b.disabled !== undefined, "give role or disabled"),
        response: { 200: OperatorListing, ...writeErrors },
      },
    },
    async (request) => {
      const { operator: actor } = sessionOf(request);
      const { id } = request.params;
      const { role, disabled } = request.body;
      if (id === actor.id && ((role !== undefined && role !== "admin") || disabled === true))
        throw new ImError("CONFLICT", "SELF_CHANGE: you cannot disable or demote your own account");
      await withTransaction(pool, async (client) => {
        // Enabled admins locked in one order: two admins demoting each other at once cannot both win.
        const { rows: admins } = await client.query<{ id: string }>(
          "SELECT id FROM operators WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id FOR UPDATE",
        );
        if (!admins.some((a) => a.id === actor.id)) throw new ImError("FORBIDDEN", "you are no longer an admin");
        const before = await lockOperator(client, id);
        const disabledAt =
          disabled === undefined ? undefined : disabled ? (before.disabledAt === null ? new Date() : undefined) : null;
        await client.query(
          `UPDATE operators SET role = COALESCE($2, role),
                  disabled_at = CASE WHEN $3::boolean THEN $4::timestamptz ELSE disabled_at END
           WHERE id = $1`,
          [id, role ?? null, disabledAt !== undefined, disabledAt ?? null],
        );
        const ended = disabled === true ? await endSessionsOf(client, id) : 0;
        await appendAudit(client, {
          operatorId: actor.id,
          action: "operator.update",
          target: before.username,
          detail: {
            operatorId: id,
            ...(role === undefined ? {} : { role: { from: before.role, to: role } }),
            ...(disabled === undefined ? {} : { disabled, sessionsEnded: ended }),
          },
          ip: request.ip,
        });
      });
      const updated = (await listOperators(pool)).find((o) => o.id === id);
      if (!updated) throw new ImError("NOT_FOUND", `operator ${id} does not exist`);
      return updated;
    },
  );

  app.post(
    "/operators/:id/password",
    {
      schema: {
        tags: TAGS,
        summary: "Set another operator's password (admin only); ends that operator's sessions",
        operationId: "adminSetOperatorPassword",
        description: "For your own password use POST /admin/me/password, which asks for the current one.",
        params: OperatorId,
        body: z.object({ password: Password }),
        response: { 200: z.object({ sessionsEnded: z.number().int() }), ...writeErrors },
      },
    },
    async (request) => {
      const { operator: actor } = sessionOf(request);
      const { id } = request.params;
      if (id === actor.id)
        throw new ImError("CONFLICT", "SELF_CHANGE: change your own password with POST /admin/me/password");
      const passwordHash = await hashPassword(request.body.password);
      const sessionsEnded = await withTransaction(pool, async (client) => {
        const target = await lockOperator(client, id);
        await client.query("UPDATE operators SET password_hash = $2 WHERE id = $1", [id, passwordHash]);
        const ended = await endSessionsOf(client, id);
        await appendAudit(client, {
          operatorId: actor.id,
          action: "operator.password.reset",
          target: target.username,
          detail: { operatorId: id, sessionsEnded: ended },
          ip: request.ip,
        });
        return ended;
      });
      return { sessionsEnded };
    },
  );
};
