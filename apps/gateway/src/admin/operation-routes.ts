import { randomUUID } from "node:crypto";
import { ImError, MAX_ANNOUNCEMENT_LENGTH, MAX_CONTENT_BYTES, type Route } from "@im/core";
import { appendAudit, businessLineExists, withPrismaTransaction } from "@im/storage";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditBeforeCommit, auditOrUnavailable } from "../audit-writes.ts";
import { createApiKey, createBusinessLine, revokeApiKey, SCOPES } from "../business-keys.ts";
import { ErrorResponse } from "../errors.ts";
import { DeviceTypeSchema, Id, Name, Reason, type RouteContext, Text, Uid, UidList } from "../routes/context.ts";
import { adminErrors, TAGS } from "./schemas.ts";
import { sessionOf } from "./session-hook.ts";

const writeErrors = { ...adminErrors, 404: ErrorResponse, 409: ErrorResponse } as const;

/**
 * Changes made by operators: admin role and CSRF token required (session
 * hook); each commits with its audit entry, or (kick, system message: no
 * transaction to join) is preceded by its entry as the intent.
 */
export const operationRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps, prisma }) => {
  app.post(
    "/users/:uid/kickout",
    {
      schema: {
        tags: TAGS,
        summary: "Disconnect a user's sessions (of one device type, or all)",
        operationId: "adminKickUser",
        params: z.object({ uid: Uid }),
        body: z.object({ deviceType: DeviceTypeSchema.optional(), reason: Reason }),
        response: { 200: z.object({ kicked: z.number().int() }), ...writeErrors },
      },
    },
    async (request) => {
      const { operator } = sessionOf(request);
      const { uid } = request.params;
      const { deviceType, reason } = request.body;
      if (!(await deps.storage.users.exists(uid))) throw new ImError("USER_NOT_FOUND", `user ${uid} does not exist`);
      // Kicking writes nothing to join: the entry is the intent, committed first (README "Security").
      await auditOrUnavailable(
        appendAudit(prisma, {
          operatorId: operator.id,
          action: "user.kickout",
          target: uid,
          detail: { deviceType: deviceType ?? null, reason, intent: true },
        }),
      );
      const kicked = await deps.kick(uid, deviceType as Route["deviceType"] | undefined, reason);
      return { kicked };
    },
  );

  app.post(
    "/messages/system",
    {
      schema: {
        tags: TAGS,
        summary: "Send a system message on behalf of a business line",
        operationId: "adminSendSystemMessage",
        body: z.object({
          toUids: UidList(1),
          content: z
            .string()
            .max(MAX_CONTENT_BYTES)
            .refine(
              (c) => Buffer.byteLength(c) <= MAX_CONTENT_BYTES,
              `must be at most ${MAX_CONTENT_BYTES} bytes of UTF-8`,
            ),
          contentType: z.number().int().min(0).max(2_147_483_647).default(1),
          businessId: Id,
        }),
        response: { 200: z.object({ msgId: z.number().int(), sentAt: z.number().int() }), ...writeErrors },
      },
    },
    async (request) => {
      const { operator } = sessionOf(request);
      const { toUids, content, contentType, businessId } = request.body;
      if (!(await businessLineExists(prisma, businessId)))
        throw new ImError("NOT_FOUND", `business line ${businessId} does not exist`);
      // Each console send is a new message; the prefix tells operator sends apart in the messages table.
      const idempotencyKey = `admin:${randomUUID()}`;
      // The entry is the intent, committed before the batched append stores the message; the key ties them.
      await auditOrUnavailable(
        appendAudit(prisma, {
          operatorId: operator.id,
          action: "message.system",
          target: businessId,
          detail: { idempotencyKey, toUids: toUids.length, contentType, intent: true },
        }),
      );
      const result = await deps.storage.messages.appendSystem({
        businessId,
        toUids,
        idempotencyKey,
        contentType,
        content,
      });
      if (result.writes.length > 0) {
        // Stored is what counts: a receiver that misses the push gets the message on its next pull.
        await deps
          .deliver(result.writes)
          .catch((err: unknown) => request.log.warn({ err }, "push after a console system message failed"));
      }
      return { msgId: result.msgId, sentAt: result.sentAt };
    },
  );

  app.post(
    "/groups/:id/dismiss",
    {
      schema: {
        tags: TAGS,
        summary: "Dismiss a group",
        operationId: "adminDismissGroup",
        params: z.object({ id: Id }),
        response: { 200: z.object({ dismissed: z.literal(true) }), ...writeErrors },
      },
    },
    async (request) => {
      const { operator } = sessionOf(request);
      await deps.storage.groups.dismiss(
        { system: true },
        request.params.id,
        auditBeforeCommit(prisma, { operatorId: operator.id, action: "group.dismiss", target: request.params.id }),
      );
      return { dismissed: true as const };
    },
  );

  app.patch(
    "/groups/:id",
    {
      schema: {
        tags: TAGS,
        summary: "Rename a group or change its announcement",
        operationId: "adminUpdateGroup",
        params: z.object({ id: Id }),
        body: z
          .object({ name: Name().optional(), announcement: Text(MAX_ANNOUNCEMENT_LENGTH).optional() })
          .refine((b) => b.name !== undefined || b.announcement !== undefined, "name or announcement is required"),
        response: { 200: z.object({ id: z.string(), name: z.string(), announcement: z.string() }), ...writeErrors },
      },
    },
    async (request) => {
      const { operator } = sessionOf(request);
      const { id } = request.params;
      const { name, announcement } = request.body;
      // Two store writes, each committed with an entry naming what it changed.
      if (name !== undefined)
        await deps.storage.groups.rename(
          { system: true },
          id,
          name,
          auditBeforeCommit(prisma, { operatorId: operator.id, action: "group.update", target: id, detail: { name } }),
        );
      if (announcement !== undefined)
        await deps.storage.groups.setAnnouncement(
          { system: true },
          id,
          announcement,
          auditBeforeCommit(prisma, {
            operatorId: operator.id,
            action: "group.update",
            target: id,
            detail: { announcement },
          }),
        );
      const group = await deps.storage.groups.get(id);
      return { id: group.id, name: group.name, announcement: group.announcement };
    },
  );

  app.post(
    "/groups/:id/members",
    {
      schema: {
        tags: TAGS,
        summary: "Add or remove group members",
        operationId: "adminChangeGroupMembers",
        params: z.object({ id: Id }),
        body: z.object({
          add: UidList().default([]),
          remove: UidList().default([]),
        }),
        response: { 200: z.object({ added: z.array(z.string()), removed: z.array(z.string()) }), ...writeErrors },
      },
    },
    async (request) => {
      const { operator } = sessionOf(request);
      const { id } = request.params;
      const { add, remove } = request.body;
      // Each store write commits with an entry naming the uids it actually changed.
      const entry = (detail: Record<string, unknown>) => ({
        operatorId: operator.id,
        action: "group.members",
        target: id,
        detail,
      });
      const added =
        add.length > 0
          ? await deps.storage.groups.addMembers(
              { system: true },
              id,
              add,
              auditBeforeCommit(prisma, (uids: string[]) => entry({ added: uids, removed: [] })),
            )
          : [];
      const removed =
        remove.length > 0
          ? await deps.storage.groups.removeMembers(
              { system: true },
              id,
              remove,
              auditBeforeCommit(prisma, (uids: string[]) => entry({ added: [], removed: uids })),
            )
          : [];
      return { added, removed };
    },
  );

  app.put(
    "/groups/:id/mute",
    {
      schema: {
        tags: TAGS,
        summary: "Mute or unmute the whole group",
        operationId: "adminSetGroupMute",
        params: z.object({ id: Id }),
        body: z.object({ muted: z.boolean() }),
        response: { 200: z.object({ mutedAll: z.boolean() }), ...writeErrors },
      },
    },
    async (request) => {
      const { operator } = sessionOf(request);
      await deps.storage.groups.muteAll(
        { system: true },
        request.params.id,
        request.body.muted,
        auditBeforeCommit(prisma, {
          operatorId: operator.id,
          action: "group.mute",
          target: request.params.id,
          detail: request.body,
        }),
      );
      return { mutedAll: request.body.muted };
    },
  );

  app.post(
    "/business-lines",
    {
      schema: {
        tags: TAGS,
        summary: "Create a business line",
        operationId: "adminCreateBusinessLine",
        body: z.object({
          id: Id,
          name: Name(),
          webhookUrl: z.string().max(2048).optional(),
          webhookSecret: z.string().min(1).max(255).optional(),
        }),
        response: { 201: z.object({ id: z.string(), name: z.string() }), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { operator } = sessionOf(request);
      const { id, name, webhookUrl, webhookSecret } = request.body;
      await withPrismaTransaction(prisma, async (client) => {
        await createBusinessLine(
          { prisma: client },
          {
            id,
            name,
            ...(webhookUrl === undefined ? {} : { webhookUrl }),
            ...(webhookSecret === undefined ? {} : { webhookSecret }),
          },
        );
        await appendAudit(client, {
          operatorId: operator.id,
          action: "business-line.create",
          target: id,
          detail: { name, webhookUrl: webhookUrl ?? null },
        });
      });
      return reply.code(201).send({ id, name });
    },
  );

  app.post(
    "/business-lines/:id/keys",
    {
      schema: {
        tags: TAGS,
        summary: "Issue an API key for a business line",
        operationId: "adminIssueApiKey",
        description: "The key is in this response only; the system keeps just its hash.",
        params: z.object({ id: Id }),
        body: z.object({
          scopes: z.array(z.enum(SCOPES)).max(SCOPES.length).optional(),
          rateLimit: z.number().int().min(0).max(1_000_000).optional(),
        }),
        response: {
          201: z.object({ keyId: z.string(), businessId: z.string(), key: z.string() }),
          ...writeErrors,
        },
      },
    },
    async (request, reply) => {
      const { operator } = sessionOf(request);
      const { scopes, rateLimit } = request.body;
      const issued = await withPrismaTransaction(prisma, async (client) => {
        const issued = await createApiKey({ prisma: client }, request.params.id, {
          ...(scopes === undefined ? {} : { scopes }),
          ...(rateLimit === undefined ? {} : { rateLimit }),
        });
        await appendAudit(client, {
          operatorId: operator.id,
          action: "api-key.create",
          target: issued.keyId,
          detail: { businessId: issued.businessId, scopes: scopes ?? [], rateLimit: rateLimit ?? 0 },
        });
        return issued;
      });
      return reply.code(201).send(issued);
    },
  );

  app.post(
    "/keys/:keyId/revoke",
    {
      schema: {
        tags: TAGS,
        summary: "Revoke an API key",
        operationId: "adminRevokeApiKey",
        params: z.object({ keyId: z.string().min(1).max(64) }),
        response: { 200: z.object({ revoked: z.literal(true) }), ...writeErrors },
      },
    },
    async (request) => {
      const { operator } = sessionOf(request);
      await withPrismaTransaction(prisma, async (client) => {
        await revokeApiKey({ prisma: client }, request.params.keyId);
        await appendAudit(client, { operatorId: operator.id, action: "api-key.revoke", target: request.params.keyId });
      });
      return { revoked: true as const };
    },
  );
};
