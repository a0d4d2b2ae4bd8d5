// `npm run soak -- --minutes 60`: three realtime nodes and two gateways in
// cluster mode on a private Redis and a private embedded PostgreSQL, mixed
// traffic (1:1, group, s2c over REST, c2s to a webhook), faults at random
// moments, then an audit of every inbox and every c2s event. Exits 1 on any
// violation. Ports: --base-port (default 26000) up to base+22.
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createApiKey, createBusinessLine } from "@im/gateway";
import pg from "pg";
import { audit } from "./audit.ts";
import { readStream, WebhookTarget } from "./c2s-target.ts";
import { FaultInjector } from "./faults.ts";
import { Ledger } from "./ledger.ts";
import { Postgres, RedisServer, ServerChild } from "./processes.ts";
import { Random } from "./random.ts";
import { Traffic } from "./traffic.ts";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "60" },
    "base-port": { type: "string", default: "26000" },
    users: { type: "string", default: "24" },
    groups: { type: "string", default: "4" },
    "group-size": { type: "string", default: "6" },
    rate: { type: "string", default: "40" },
    inflight: { type: "string", default: "64" },
    "fault-every": { type: "string", default: "12" },
    seed: { type: "string" },
    "keep-logs": { type: "boolean", default: false },
  },
});
const num = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`--${name} must be a positive number`);
    process.exit(2);
  }
  return n;
};
const minutes = num("minutes");
const base = num("base-port");
const seed = values.seed === undefined ? randomBytes(4).readUInt32BE(0) : num("seed");
const random = new Random(seed);
const secret = randomBytes(32).toString("base64url");
const BUSINESS = "soak";
const PREFIX = "soak:";
const started = Date.now();
const log = (line: string) => console.log(`[soak ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

const logDir = await mkdtemp(path.join(os.tmpdir(), "im-soak-"));
// The embedded PostgreSQL runs as the postgres OS user when we are root: it must be able to enter.
await chmod(logDir, 0o755);
const redis = new RedisServer(base + 20, logDir);
const postgres = new Postgres(base + 21, path.join(logDir, "pgdata"));
const webhook = new WebhookTarget(base + 22);
const nodePorts = [0, 1, 2].map((i) => ({ tcpPort: base + 2 * i, wsPort: base + 2 * i + 1 }));
const gatewayPorts = [base + 10, base + 11];
const servers: ServerChild[] = [];
let traffic: Traffic | null = null;

let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    traffic?.closeAll();
    await Promise.all(servers.map((s) => s.stop(5_000)));
    for (const s of servers) s.closeLog();
    await postgres.stop().catch((err) => log(`stopping PostgreSQL failed: ${err}`));
    await redis.kill();
    await webhook.close();
  })();
  return cleaning;
}
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    log(`${signal}: stopping everything the soak started`);
    void cleanup().finally(() => process.exit(130));
  });

// Nothing in CI may hang: a soak still running 15 minutes after its traffic should have ended has failed.
setTimeout(
  () => {
    log("the soak overran its time by 15 minutes; stopping everything");
    void cleanup().finally(() => process.exit(1));
  },
  (minutes + 15) * 60_000,
).unref();

let violations: string[] = [];
try {
  log(`seed ${seed}, ${minutes} min, ports ${base}-${base + 22}, logs in ${logDir}`);
  await redis.start();
  await postgres.start();
  await webhook.start();
  const common = {
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    IM_REDIS_PREFIX: PREFIX,
    IM_TOKEN_SECRET: secret,
    IM_NODE_TTL_MS: "3000",
    IM_LOG_LEVEL: "info",
    IM_DATA_DIR: logDir,
  };
  for (const [i, p] of nodePorts.entries())
    servers.push(
      new ServerChild(
        {
          name: `node-${i + 1}`,
          script: "apps/realtime/src/main.ts",
          env: {
            ...common,
            IM_NODE_ID: `soak-node-${i + 1}`,
            IM_TCP_PORT: String(p.tcpPort),
            IM_WS_PORT: String(p.wsPort),
            IM_GATEWAY_PORT: "-1",
            IM_CONSOLE_PORT: "-1",
            IM_WEB_PORT: "-1",
            // Short heartbeats so clients notice a frozen node within seconds.
            IM_HEARTBEAT_MS: "2000",
            IM_IDLE_TIMEOUT_MS: "6000",
            IM_DRAIN_MS: "1000",
            IM_STORE_LANES: "2",
            IM_C2S_RETRY_BASE_MS: "200",
            IM_C2S_MAX_ATTEMPTS: "40",
          },
          ready: (rec) => rec.msg === "listening",
        },
        logDir,
      ),
    );
  for (const [i, port] of gatewayPorts.entries())
    servers.push(
      new ServerChild(
        {
          name: `gateway-${i + 1}`,
          script: "apps/gateway/src/server.ts",
          env: { ...common, IM_GATEWAY_PORT: String(port) },
          ready: (rec) => rec.msg === "gateway listening",
        },
        logDir,
      ),
    );
  // The first node applies the migrations; the others and the gateways start on a migrated database.
  await servers[0]!.start();
  await Promise.all(servers.slice(1).map((s) => s.start()));

  const pool = new pg.Pool({ connectionString: postgres.url, max: 2 });
  await createBusinessLine(
    { pool },
    { id: BUSINESS, name: "Soak", webhookUrl: webhook.url, webhookSecret: randomBytes(16).toString("hex") },
  );
  const { key } = await createApiKey({ pool }, BUSINESS);
  await pool.end();

  const ledger = new Ledger();
  traffic = new Traffic({
    users: num("users"),
    groups: num("groups"),
    groupSize: num("group-size"),
    secret,
    nodes: nodePorts,
    gatewayUrls: gatewayPorts.map((p) => `http://127.0.0.1:${p}`),
    apiKey: key,
    businessId: BUSINESS,
    random,
    ledger,
  });
  await traffic.setup();
  log(`${traffic.uids.length} users online, ${traffic.groups.length} groups; traffic and faults start`);

  const faults = new FaultInjector({ servers, redis, postgres, random, everySec: num("fault-every"), log });
  const progress = setInterval(() => {
    const count = (k: Parameters<Ledger["count"]>[0]) =>
      `${ledger.count(k, "acked")}${ledger.count(k, "failed") ? `(+${ledger.count(k, "failed")} failed)` : ""}`;
    log(
      `acked c2c ${count("c2c")} group ${count("group")} s2c ${count("s2c")} c2s ${count("c2s")}, ` +
        `in flight ${traffic!.inflight}, faults ${faults.total} (kill ${faults.counts.kill} freeze ${faults.counts.freeze} ` +
        `redis ${faults.counts.redis} pg ${faults.counts.postgres})${faults.current ? `, now: ${faults.current}` : ""}`,
    );
  }, 10_000);
  const until = Date.now() + minutes * 60_000;
  await Promise.all([
    traffic.run(num("rate"), num("inflight"), until),
    faults.run(until).then(() => log("faults over; traffic runs to the end")),
  ]);
  clearInterval(progress);

  log("traffic over; resending what failed, with the same ids");
  await traffic.retryFailed(Date.now() + 120_000);

  // c2s is delivered in the background: wait for every acked event (bounded), then audit.
  const ackedC2s = ledger.sent.filter((s) => s.kind === "c2s" && s.status === "acked").map((s) => s.eventId!);
  const streamKey = `${PREFIX}c2s:{${BUSINESS}}`;
  let stream = await readStream(redis.url, streamKey);
  const c2sDeadline = Date.now() + 90_000;
  while (ackedC2s.some((id) => !webhook.arrivals.has(id) || !stream.has(id)) && Date.now() < c2sDeadline) {
    await new Promise((r) => setTimeout(r, 500));
    stream = await readStream(redis.url, streamKey);
  }
  // Live clients catch up (reconnect and sync) before their view is compared with the inboxes.
  await Promise.all(
    traffic.uids.map(async (uid) => {
      const client = traffic!.client(uid);
      const deadline = Date.now() + 30_000;
      while (client.state !== "connected" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await client.sync().catch((err) => log(`${uid}: final sync failed: ${err}`));
    }),
  );

  log("auditing every inbox");
  const result = await audit(ledger, traffic, { webhook: webhook.arrivals, stream });
  violations = result.violations;
  for (const s of servers) violations.push(...s.unexpectedExits);
  // Everything is up again and was resent for two minutes: a send still refused means the cluster did not recover.
  for (const s of ledger.sent.filter((x) => x.status === "failed"))
    violations.push(`${s.kind} ${s.id} was never acked: ${s.lastError}`);
  const f = result.figures;
  const stillFailed = ledger.sent.filter((s) => s.status === "failed");
  const lines = [
    `soak: ${minutes} min, seed ${seed}, 3 realtime nodes + 2 gateways, ${traffic.uids.length} users, ${traffic.groups.length} groups`,
    `  sent and acked: c2c ${ledger.count("c2c", "acked")}, group ${ledger.count("group", "acked")}, ` +
      `s2c ${ledger.count("s2c", "acked")}, c2s ${ledger.count("c2s", "acked")} ` +
      `(${ledger.sent.length} sends, ${ledger.sent.filter((s) => s.attempts > 1).length} needed a resend after the client gave up, ` +
      `${stillFailed.length} never acked)`,
    `  faults: ${faults.total} (SIGKILL ${faults.counts.kill}, SIGSTOP ${faults.counts.freeze}, ` +
      `Redis restart ${faults.counts.redis}, PostgreSQL restart ${faults.counts.postgres})`,
    `  audit: ${f.inboxes} inboxes, ${f.inboxEntries} entries, ${f.deliveriesChecked} acked deliveries checked, ` +
      `${f.storedUnacked} stored but never acked; c2s ${f.c2sChecked} events checked, ` +
      `${f.c2sWebhookRepeats} webhook repeats and ${f.c2sStreamRepeats} stream repeats (at-least-once, same event id)`,
    `  violations: ${violations.length}`,
  ];
  const reasons = new Map<string, number>();
  for (const s of ledger.sent)
    if (s.lastError) reasons.set(s.lastError.slice(0, 100), (reasons.get(s.lastError.slice(0, 100)) ?? 0) + 1);
  for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 5))
    lines.push(`  a send gave up ${n} times with: ${reason}`);
  for (const v of violations.slice(0, 40)) lines.push(`  VIOLATION ${v}`);
  if (violations.length > 40) lines.push(`  ... and ${violations.length - 40} more`);
  console.log(lines.join("\n"));
} catch (err) {
  violations.push(`the soak itself failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  console.error(violations.at(-1));
} finally {
  await cleanup();
}
if (violations.length > 0 || values["keep-logs"]) log(`server logs kept in ${logDir}`);
else await rm(logDir, { recursive: true, force: true });
process.exit(violations.length > 0 ? 1 : 0);
