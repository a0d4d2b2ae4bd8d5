import { hostname } from "node:os";
import { MAX_CONTENT_BYTES } from "@im/core";
import { z } from "zod";

const int = (def: number) => z.coerce.number().int().nonnegative().default(def);

/** Every setting of a realtime node, read from the environment once by main.ts. */
export const ConfigSchema = z
  .object({
    NODE_ENV: z.string().default("development"),
    IM_NODE_ID: z.string().min(1).default(`${hostname()}-${process.pid}`),
    /** TCP and WebSocket listeners; anything but loopback needs an operator's token secret. */
    IM_HOST: z.string().min(1).default("127.0.0.1"),
    IM_TCP_PORT: int(7100),
    IM_WS_PORT: int(7101),
    /** REST gateway (business API, docs at /docs) hosted in this process; -1 turns it off. */
    IM_GATEWAY_PORT: z.coerce.number().int().min(-1).max(65535).default(7180),
    IM_GATEWAY_HOST: z.string().min(1).default("127.0.0.1"),
    /** Operator console (Next.js) served by this process; -1 turns it off. */
    IM_CONSOLE_PORT: z.coerce.number().int().min(-1).max(65535).default(7103),
    IM_CONSOLE_HOST: z.string().default("127.0.0.1"),
    /** Web chat for end users (apps/web) served by this process; -1 turns it off. */
    IM_WEB_PORT: z.coerce.number().int().min(-1).max(65535).default(7104),
    IM_WEB_HOST: z.string().default("127.0.0.1"),
    /** The WebSocket URL browsers use, when it differs from this node's own (TLS proxy, other host). */
    IM_WEB_WS_URL: z.string().url().optional(),
    /** Unset: start an embedded PostgreSQL under IM_DATA_DIR. */
    DATABASE_URL: z.string().url().optional(),
    IM_DATA_DIR: z.string().default("./data"),
    /** Set: cluster mode (presence, node bus and node registry in Redis). */
    REDIS_URL: z.string().url().optional(),
    IM_REDIS_PREFIX: z.string().default("im:"),
    /** Host clients should use to reach this node; published in the node registry. */
    IM_ADVERTISE_HOST: z.string().default("127.0.0.1"),
    IM_NODE_TTL_MS: int(5_000),
    IM_DRAIN_MS: int(10_000),
    IM_EMBEDDED_PG_PORT: int(7132),
    /** At least 32 random bytes (checked at startup); unset: a development secret under IM_DATA_DIR. */
    IM_TOKEN_SECRET: z.string().optional(),
    IM_TOKEN_SECRET_FILE: z.string().optional(),
    /** The secret being rotated out: still verifies tokens, never signs new ones. */
    IM_TOKEN_SECRET_PREVIOUS: z.string().optional(),
    /** Lifetime of tokens the gateway issues without an explicit one, and of old tokens without exp (seconds). */
    IM_TOKEN_TTL: z.coerce
      .number()
      .int()
      .min(60)
      .max(366 * 24 * 3600)
      .default(7 * 24 * 3600),
    IM_SSO_URL: z.string().url().optional(),
    /** PEM certificate chain and key: TCP over TLS, WebSocket over HTTPS (wss://), gateway over HTTPS. */
    IM_TLS_CERT_FILE: z.string().optional(),
    IM_TLS_KEY_FILE: z.string().optional(),
    /** The private CA that issued IM_TLS_CERT_FILE, for the console's proxy to trust (public CAs need nothing). */
    IM_TLS_CA_FILE: z.string().optional(),
    /** How the console reaches the gateway; with TLS, a name in the certificate (default: the bound address). */
    IM_CONSOLE_GATEWAY_URL: z.string().url().optional(),
    /** Comma-separated browser origins allowed to open WebSockets ("*": any); unset: same hostname only. */
    IM_WS_ALLOWED_ORIGINS: z.string().optional(),
    /** Bearer token /metrics requires; unset: /metrics answers loopback peers only. */
    IM_METRICS_TOKEN: z.string().min(16).optional(),
    IM_MAX_FRAME_BYTES: int(64 * 1024),
    IM_MAX_CONTENT_BYTES: int(MAX_CONTENT_BYTES),
    IM_AUTH_TIMEOUT_MS: int(10_000),
    IM_HEARTBEAT_MS: int(10_000),
    IM_IDLE_TIMEOUT_MS: int(90_000),
    IM_RATE_PER_SEC: int(500),
    IM_RATE_BURST: int(1000),
    IM_MAX_CONNECTIONS: int(100_000),
    IM_KICKOUT_POLICY: z.enum(["same-type", "single", "unlimited"]).default("same-type"),
    IM_UNDELIVERED_MS: int(5_000),
    IM_PUSH_WEBHOOK_URL: z.string().url().optional(),
    IM_PUSH_WEBHOOK_SECRET: z.string().optional(),
    /** Days pushes, acks and offline pushes stay in the delivery ledger (message trace); 0 keeps them. */
    IM_DELIVERY_LEDGER_DAYS: int(7),
    /** c2s webhook attempts per event, the first included, before it becomes a dead letter. */
    IM_C2S_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(10),
    /** Delay before the first c2s webhook retry; doubles with each retry, with jitter. */
    IM_C2S_RETRY_BASE_MS: int(1_000),
    IM_STORE_LANES: int(4),
    IM_STORE_MAX_BATCH: int(512),
    IM_STORE_LINGER_MS: int(1),
    IM_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** Comma-separated addresses/CIDRs whose X-Forwarded-For the gateway believes (the console's proxy). */
    IM_TRUSTED_PROXIES: z
      .string()
      .default("127.0.0.1,::1")
      .transform((s) =>
        s
          .split(",")
          .map((a) => a.trim())
          .filter((a) => a !== ""),
      ),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === "production" && !c.IM_TOKEN_SECRET && !c.IM_TOKEN_SECRET_FILE && !c.IM_SSO_URL)
      ctx.addIssue({ code: "custom", path: ["IM_TOKEN_SECRET"], message: "required in production" });
    if (!c.IM_TLS_CERT_FILE !== !c.IM_TLS_KEY_FILE)
      ctx.addIssue({
        code: "custom",
        path: ["IM_TLS_KEY_FILE"],
        message: "IM_TLS_CERT_FILE and IM_TLS_KEY_FILE go together",
      });
    if (c.IM_PUSH_WEBHOOK_URL && !c.IM_PUSH_WEBHOOK_SECRET)
      ctx.addIssue({ code: "custom", path: ["IM_PUSH_WEBHOOK_SECRET"], message: "required with IM_PUSH_WEBHOOK_URL" });
  });

export type Config = z.infer<typeof ConfigSchema>;

/** "a, b ,c" → ["a", "b", "c"]; unset or blank → undefined. */
export function splitList(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return items && items.length > 0 ? items : undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
