import { ImError, MAX_CONTENT_BYTES } from "@im/core";
import { appendAudit, withPrismaTransaction } from "@im/storage";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { v1AuditRecord } from "../audit-writes.ts";
import { grantOf } from "../auth.ts";
import { requireBackends } from "../backend-guard.ts";
import { authErrors, ErrorResponse } from "../errors.ts";
import { actOnUsers } from "../ownership.ts";
import { DecimalInt, Key, type RouteContext, security, UidList } from "./context.ts";

// Content is at most what a client accepts from the realtime nodes by default.

export const messageRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { deps, messages, prisma }) => {
  app.post(
    "/messages",
    {
      config: { scope: "messages", auditedInRoute: true },
      schema: {
        tags: ["messages"],
        summary: "Send a message from the business line to users (sendMsg)",
        operationId: "sendMessage",
        description:
          "Stored durably, then pushed to the receivers' online devices; offline receivers get it on their next pull. " +
          "A retry with the same idempotencyKey and the same body (receivers in any order, content, contentType) " +
          "returns the original msgId with duplicate = true and sends nothing again; the same key with another body " +
          "is refused with 409 CONFLICT (use a new key for a new message).",
        security,
        body: z.object({
          toUids: UidList(1),
          contentType: z.number().int().min(0).max(2_147_483_647),
          content: z
            .string()
            .max(MAX_CONTENT_BYTES)
            .refine(
              (c) => Buffer.byteLength(c) <= MAX_CONTENT_BYTES,
              `must be at most ${MAX_CONTENT_BYTES} bytes of UTF-8`,
            ),
          idempotencyKey: Key,
        }),
        response: {
          200: z.object({ msgId: z.number().int(), sentAt: z.number().int(), duplicate: z.boolean() }),
          404: ErrorResponse,
          409: ErrorResponse,
          503: ErrorResponse,
          ...authErrors,
        },
      },
    },
    async (request) => {
      const { businessId } = grantOf(request);
      const { toUids, contentType, content, idempotencyKey } = request.body;
      // Refused before anything is stored, so the caller's retry (same key) is the one send.
      requireBackends(deps);
      // The entry is the intent, committed (with the receivers' claims) before the message is stored:
      // storing goes through the batched append and must not wait on the audit log. The idempotency key
      // ties the entry to the message; an entry whose key stored nothing is a send that failed (README "Security").
      await withPrismaTransaction(prisma, async (tx) => {
        await actOnUsers(tx, grantOf(request), toUids);
        await appendAudit(
          tx,
          v1AuditRecord(request, 200, {
            target: idempotencyKey,
            detail: { intent: true, idempotencyKey, receivers: toUids.length },
          }),
        );
      });
      const result = await deps.storage.messages.appendSystem({
        businessId,
        toUids,
        idempotencyKey,
        contentType,
        content,
      });
      if (!result.duplicate && result.writes.length > 0) {
        // Stored is what counts: a receiver that misses the push gets the message on its next pull.
        await deps
          .deliver(result.writes)
          .catch((err: unknown) => request.log.warn({ err }, "push after sendMsg failed"));
      }
      return { msgId: result.msgId, sentAt: result.sentAt, duplicate: result.duplicate };
    },
  );

  app.get(
    "/messages/:msgId/delivery",
    {
      config: { scope: "messages" },
      schema: {
        tags: ["messages"],
        summary: "Whether each receiver of a sent message got it on a device",
        operationId: "getMessageDelivery",
        security,
        params: z.object({ msgId: DecimalInt(1, Number.MAX_SAFE_INTEGER) }),
        response: {
          200: z.object({
            msgId: z.number().int(),
            receivers: z.array(z.object({ uid: z.string(), seq: z.number().int(), delivered: z.boolean() })),
          }),
          404: ErrorResponse,
          ...authErrors,
        },
      },
    },
    async (request) => {
      const { businessId } = grantOf(request);
      const { msgId } = request.params;
      const receivers = await messages.receiversOf(businessId, msgId);
      if (!receivers) throw new ImError("NOT_FOUND", `message ${msgId} was not sent by this business line`);
      const delivered = await Promise.all(receivers.map((r) => deps.storage.messages.isDelivered(r.uid, r.seq)));
      return { msgId, receivers: receivers.map((r, i) => ({ ...r, delivered: delivered[i] === true })) };
    },
  );
};
