/**
 * A standalone gateway process for cluster mode: PostgreSQL and Redis shared
 * with the realtime nodes, pushes and kicks handed to them over the node bus.
 * (In embedded mode the realtime process hosts the gateway itself.)
 */
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
  IM_TOKEN_SECRET: z.string().min(16),
  IM_GATEWAY_HOST: z.string().default("0.0.0.0"),
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

const db = createDb({ url: config.DATABASE_URL });
const storage = createPgStorage(db);
const redis = createRedisBackends({
  url: config.REDIS_URL,
  prefix: config.IM_REDIS_PREFIX,
  connectionName: "im-gateway",
});
const app = await buildApp({
  db,
  storage,
  presence: redis.presence,
  registry: redis.registry,
  ...createBusDelivery({ presence: redis.presence, bus: redis.bus }),
  tokenSecret: config.IM_TOKEN_SECRET,
  logger: { level: config.IM_LOG_LEVEL },
  trustedProxies: config.IM_TRUSTED_PROXIES,
  nodeTtlMs: config.IM_NODE_TTL_MS,
});

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
