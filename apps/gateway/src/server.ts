/**
 * A standalone gateway process for cluster mode: PostgreSQL and Redis shared
 * with the realtime nodes, pushes and kicks handed to them over the node bus.
 * (In embedded mode the realtime process hosts the gateway itself.)
 */
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
  IM_GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(7180),
  IM_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

const parsed = ConfigSchema.safeParse(process.env);
if (!parsed.success) {
  console.error(
    `invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`,
  );
  process.exit(2);
}
const config = parsed.data;

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
  tokenSecret,
  logger: { level: config.IM_LOG_LEVEL },
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
const bound = app.server.address();
app.log.info({ address: bound }, "gateway listening");
