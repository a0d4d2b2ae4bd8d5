/**
 * A standalone gateway process for cluster mode: PostgreSQL and Redis shared
 * with the realtime nodes, pushes and kicks handed to them over the node bus.
 * (In embedded mode the realtime process hosts the gateway itself.)
 */
import { readFile } from "node:fs/promises";
import { resolveTokenSecrets, StartupRefused } from "@im/auth";
import { createRedisBackends } from "@im/cluster";
import { createDb } from "@im/db";
import { createPgStorage } from "@im/storage";
import { z } from "zod";
import { buildApp } from "./app.ts";
import { createBusDelivery } from "./bus-delivery.ts";

const ConfigSchema = z.object({
  DATABASE_URL: z.string().url(),
  REDIS_URL: z.string().url(),
  IM_REDIS_PREFIX: z.string().default("im:"),
  /** At least 32 random bytes; unset: the development secret under IM_DATA_DIR (loopback only). */
  IM_TOKEN_SECRET: z.string().optional(),
  IM_TOKEN_SECRET_FILE: z.string().optional(),
  IM_DATA_DIR: z.string().default("./data"),
  IM_GATEWAY_HOST: z.string().min(1).default("127.0.0.1"),
  /** Both set: serve HTTPS. */
  IM_TLS_CERT_FILE: z.string().optional(),
  IM_TLS_KEY_FILE: z.string().optional(),
  /** Bearer token /metrics requires; unset: loopback peers only. */
  IM_METRICS_TOKEN: z.string().min(16).optional(),
  IM_GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(7180),
  IM_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** The realtime nodes' registry TTL (their IM_NODE_TTL_MS), to tell healthy nodes from lagging ones. */
  IM_NODE_TTL_MS: z.coerce.number().int().min(1).default(5_000),
  /** Comma-separated addresses/CIDRs whose X-Forwarded-For is believed (the console's proxy). */
  IM_TRUSTED_PROXIES: z
    .string()
    .default("127.0.0.1,::1")
    .transform((s) =>
      s
        .split(",")
        .map((a) => a.trim())
        .filter((a) => a !== ""),
    ),
});

const parsed = ConfigSchema.safeParse(process.env);
if (!parsed.success) {
  console.error(
    `invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`,
  );
  process.exit(2);
}
const config = parsed.data;
if (!config.IM_TLS_CERT_FILE !== !config.IM_TLS_KEY_FILE) {
  console.error("invalid configuration: IM_TLS_CERT_FILE and IM_TLS_KEY_FILE go together");
  process.exit(2);
}
const https =
  config.IM_TLS_CERT_FILE && config.IM_TLS_KEY_FILE
    ? { cert: await readFile(config.IM_TLS_CERT_FILE), key: await readFile(config.IM_TLS_KEY_FILE) }
    : undefined;

let tokenSecret: string;
try {
  const secrets = await resolveTokenSecrets({
    secret: config.IM_TOKEN_SECRET,
    secretFile: config.IM_TOKEN_SECRET_FILE,
    dataDir: config.IM_DATA_DIR,
    sso: false,
    binds: [{ name: "IM_GATEWAY_HOST", host: config.IM_GATEWAY_HOST }],
  });
  tokenSecret = secrets.current as string;
} catch (err) {
  if (!(err instanceof StartupRefused)) throw err;
  console.error(`error: ${err.message}`);
  process.exit(2);
}

const db = createDb({ url: config.DATABASE_URL });
const storage = createPgStorage(db);
// Logged through the app's logger once it exists; the listener itself is what keeps ioredis quiet.
let logRedisError: (err: unknown) => void = () => {};
const redis = createRedisBackends({
  url: config.REDIS_URL,
  prefix: config.IM_REDIS_PREFIX,
  connectionName: "im-gateway",
  onError: (err) => logRedisError(err),
});
const app = await buildApp({
  db,
  storage,
  presence: redis.presence,
  registry: redis.registry,
  ...createBusDelivery({ presence: redis.presence, bus: redis.bus }),
  tokenSecret,
  ...(https ? { https } : {}),
  ...(config.IM_METRICS_TOKEN ? { metricsToken: config.IM_METRICS_TOKEN } : {}),
  logger: { level: config.IM_LOG_LEVEL },
  trustedProxies: config.IM_TRUSTED_PROXIES,
  nodeTtlMs: config.IM_NODE_TTL_MS,
  backendsReady: redis.ready,
});
logRedisError = (err) => app.log.warn({ err }, "redis error");

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, "gateway stopping");
  await app.close();
  await storage.close();
  await redis.close();
  await db.close();
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop(signal));

await app.listen({ host: config.IM_GATEWAY_HOST, port: config.IM_GATEWAY_PORT });
const bound = app.server.address();
app.log.info({ address: bound }, "gateway listening");
