import { ERRORS, type ErrorName, ImError } from "@im/core";
import { databaseError, sqlState } from "@im/storage";
import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { z } from "zod";

/**
 * The one error format of the REST API. `code` is a name from core's error
 * list (errors.ts), whose HTTP status it is answered with; `field` names the
 * offending input for INVALID_ARGUMENT when known.
 */
export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().meta({ example: "INVALID_ARGUMENT" }),
      message: z.string(),
      field: z.string().optional(),
    }),
  })
  .meta({ id: "Error" });

export type ErrorResponse = z.infer<typeof ErrorResponse>;

/** Error responses every authenticated /v1 route may give. */
export const authErrors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  429: ErrorResponse,
} as const;

export function errorBody(code: ErrorName, message: string, field?: string): ErrorResponse {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

export function sendError(reply: FastifyReply, err: ImError, field?: string): FastifyReply {
  if (err.retryAfterMs > 0) reply.header("retry-after", String(Math.max(1, Math.ceil(err.retryAfterMs / 1000))));
  return reply.code(err.http).send(errorBody(err.kind, err.message, field));
}

/** "/toUids/0" → "toUids.0"; the location (body, querystring, params) when the path is empty. */
function fieldOf(instancePath: string, context: string | undefined): string {
  const path = instancePath.replace(/^\//, "").split("/").filter(Boolean).join(".");
  return path || context || "body";
}

/**
 * Maps everything thrown by a route to the error format: ImError keeps its
 * code and status; schema validation → 400 naming the field; fastify's own
 * client errors (bad JSON, wrong content type, too large) keep their status;
 * a database failure that reached here unmapped gets storage's one mapping
 * (UNAVAILABLE, retryable; never a 500); anything else is a bug, logged and
 * answered with INTERNAL and no detail.
 */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ImError | Error, request, reply) => {
    if (err instanceof ImError) {
      if (err.http >= 500) request.log.warn({ err }, "request failed");
      return sendError(reply, err);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const first = err.validation[0];
      const field = fieldOf(first?.instancePath ?? "", (err as { validationContext?: string }).validationContext);
      const message = `${field}: ${first?.message ?? "invalid"}`;
      return reply.code(400).send(errorBody("INVALID_ARGUMENT", message, field));
    }
    const status = (err as FastifyError).statusCode;
    if (typeof status === "number" && status >= 400 && status < 500) {
      const code: ErrorName =
        status === 413
          ? "CONTENT_TOO_LARGE"
          : status === 404
            ? "NOT_FOUND"
            : status === 429
              ? "RATE_LIMITED"
              : "INVALID_ARGUMENT";
      return reply.code(status).send(errorBody(code, err.message));
    }
    if (sqlState(err) !== undefined) {
      const mapped = databaseError(err, { what: "storage", onError: (cause) => request.log.warn({ err: cause }) });
      return sendError(reply, mapped);
    }
    request.log.error({ err }, "unexpected error");
    return reply.code(ERRORS.INTERNAL.http).send(errorBody("INTERNAL", "internal error"));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody("NOT_FOUND", `no route ${request.method} ${request.url.split("?")[0]}`));
  });
}
