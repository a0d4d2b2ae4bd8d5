import type { FastifyDynamicSwaggerOptions } from "@fastify/swagger";
import { jsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";
import { CSRF_HEADER, SESSION_COOKIE } from "./admin/session-hook.ts";

/**
 * Security requirements an operation can carry. The scheme names are those of
 * `components.securitySchemes` below; routes pick one of these, never spell
 * a scheme by hand, so a renamed scheme cannot leave a dangling reference.
 */
export const securityOf = {
  /** No credentials: health, readiness, the console's sign-in. */
  public: [] as Record<string, string[]>[],
  /** A business line's API key. */
  businessKey: [{ apiKey: [] }] as Record<string, string[]>[],
  /** A console session (reads). */
  adminRead: [{ adminSession: [] }] as Record<string, string[]>[],
  /** A console session plus its CSRF token (every state-changing method). */
  adminWrite: [{ adminSession: [], csrfToken: [] }] as Record<string, string[]>[],
  /** Loopback peers need nothing; anyone else the metrics token, once configured. */
  metrics: [{}, { metricsToken: [] }] as Record<string, string[]>[],
};

type OpenApiDocument = ReturnType<typeof jsonSchemaTransformObject>;

/**
 * zod's registry yields an input and an output variant of every named schema;
 * only those some operation refers to belong in the document (a linter flags
 * the rest, and generated clients would carry dead types).
 */
export function withoutUnusedSchemas(input: OpenApiDocument): OpenApiDocument {
  const doc = input as { components?: { schemas?: Record<string, unknown> } };
  const schemas = doc.components?.schemas;
  if (!schemas) return input;
  const { schemas: _all, ...otherComponents } = doc.components ?? {};
  const outside = JSON.stringify({ ...doc, components: otherComponents });
  const used = new Set<string>();
  const pending: string[] = [];
  const collect = (text: string) => {
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g))
      if (name && !used.has(name)) {
        used.add(name);
        pending.push(name);
      }
  };
  collect(outside);
  // Named schemas may refer to each other.
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) collect(JSON.stringify(schemas[name]));
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  return { ...input, components: { ...doc.components, schemas: kept } } as OpenApiDocument;
}

/** The gateway's OpenAPI document: what @fastify/swagger builds from the route schemas. */
export const openapiOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    openapi: "3.1.0",
    info: {
      title: "IM gateway",
      version: "1.0.0",
      description:
        "The business API of the IM system (under /v1) and the admin API of the operator console (under /admin). " +
        "Business lines authenticate with `authorization: Bearer imk_<keyId>_<secret>`; the console with its session cookie " +
        "and, on every state-changing method, the session's CSRF token in `x-csrf-token`. " +
        'Every error is `{ "error": { "code", "message", "field"? } }` with the HTTP status of its code.',
      // The project has not chosen a licence yet; until it does, nothing is granted beyond what the law allows.
      license: { name: "All rights reserved (no licence chosen yet)", identifier: "LicenseRef-AllRightsReserved" },
    },
    servers: [
      {
        url: "http://127.0.0.1:7102",
        description:
          "The gateway of a local `npm start` (default port); a deployment serves the API at its own address",
      },
    ],
    tags: [
      { name: "health", description: "Liveness, readiness and metrics for orchestrators and monitoring" },
      { name: "users", description: "User profiles, presence, kickout, bans" },
      { name: "tokens", description: "Login tokens for the realtime protocol" },
      { name: "messages", description: "Sending messages to users (sendMsg) and their delivery" },
      { name: "cluster", description: "Realtime endpoints for clients (iplist)" },
      { name: "groups", description: "Groups, their members, roles and mutes" },
      { name: "conversations", description: "Conversation lists and histories of a user's inbox" },
      { name: "org", description: "The organisation tree and its members" },
      { name: "admin", description: "The operator console's API (session cookie, CSRF-checked writes)" },
    ],
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "A business line's API key: `imk_<keyId>_<secret>`" },
        adminSession: {
          type: "apiKey",
          in: "cookie",
          name: SESSION_COOKIE,
          description: "The console session, set by adminLogin (HttpOnly, SameSite=Strict)",
        },
        csrfToken: {
          type: "apiKey",
          in: "header",
          name: CSRF_HEADER,
          description: "The session's CSRF token (from adminLogin or adminGetMe), required on state-changing methods",
        },
        metricsToken: {
          type: "http",
          scheme: "bearer",
          description: "IM_METRICS_TOKEN, when configured; without it /metrics answers loopback peers only",
        },
      },
    },
  },
  transform: jsonSchemaTransform,
  transformObject: (input) => withoutUnusedSchemas(jsonSchemaTransformObject(input)),
};
