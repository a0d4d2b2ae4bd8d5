// `npm run cluster -- --nodes 3 [--base-port 7100] [--host 127.0.0.1]`: N realtime nodes
// on this machine against the local PostgreSQL and Redis, for trying cluster mode.
// Node i (from 0) listens on TCP base+2i, WebSocket base+2i+1 and its gateway on
// base+80+i, all on --host. Ctrl-C drains and stops them all.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";

const { values } = parseArgs({
  options: {
    nodes: { type: "string", default: "3" },
    "base-port": { type: "string", default: "7100" },
    host: { type: "string", default: "127.0.0.1" },
  },
});
const host = values.host;
const count = Number(values.nodes);
const basePort = Number(values["base-port"]);
const databaseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/im";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const root = fileURLToPath(new URL("../../../", import.meta.url));

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount)
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await client.end();
  }
}

await ensureDatabase(databaseUrl);
const children = Array.from({ length: count }, (_, i) => {
  const nodeId = `node-${i + 1}`;
  const child = spawn(process.execPath, ["--import", "tsx", "apps/realtime/src/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      IM_NODE_ID: nodeId,
      IM_HOST: host,
      IM_GATEWAY_HOST: host,
      // A wildcard is no address a client can dial; the node's default (loopback) is advertised then.
      ...(host === "0.0.0.0" || host === "::" ? {} : { IM_ADVERTISE_HOST: host }),
      IM_TCP_PORT: String(basePort + 2 * i),
      IM_WS_PORT: String(basePort + 2 * i + 1),
      IM_GATEWAY_PORT: String(basePort + 80 + i),
      // One console is enough: the first node serves it, over its own gateway.
      IM_CONSOLE_PORT: i === 0 ? (process.env.IM_CONSOLE_PORT ?? "7103") : "-1",
      // The web chat likewise, pointed at the first node's WebSocket.
      IM_WEB_PORT: i === 0 ? (process.env.IM_WEB_PORT ?? "7104") : "-1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => console.log(`[${nodeId}] ${line}`));
  }
  return child;
});
console.log(
  `started ${count} nodes on ${host}: ${children
    .map((_, i) => `tcp ${basePort + 2 * i} / ws ${basePort + 2 * i + 1} / gateway ${basePort + 80 + i}`)
    .join(", ")}`,
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null)));
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const c of children) c.once("exit", (code) => !stopping && console.log(`a node exited with ${code}`));
