import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { mintToken } from "@im/auth";
import { spawnServer } from "@im/realtime/testing";
import { createTestDatabase } from "@im/testing";
import { BenchClient } from "./bench-client.ts";
import { fmt } from "./stats.ts";

const SECRET = "bench-secret-not-for-production-0123456789";

function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : Number.NaN;
}

/**
 * Authenticated connections: how fast N clients can connect and log in
 * (tokens minted beforehand, as real clients hold them), and how much server
 * memory each idle authenticated connection costs.
 */
export async function benchConnections(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      count: { type: "string", default: "5000" },
      concurrency: { type: "string", default: "200" },
    },
  });
  const count = Number(values.count);
  const concurrency = Number(values.concurrency);
  const database = await createTestDatabase();
  const server = await spawnServer({ DATABASE_URL: database.url, IM_TOKEN_SECRET: SECRET, IM_LOG_LEVEL: "info" });
  const pid = server.child.pid!;
  const clients: BenchClient[] = [];
  try {
    const tokens = await Promise.all(
      Array.from({ length: count }, (_, i) => mintToken({ secret: SECRET, uid: `c${i}` })),
    );
    await new Promise((r) => setTimeout(r, 1000));
    const before = rssKiB(pid);
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          const i = next++;
          // Spread source addresses so the client side does not run out of ports.
          const c = await BenchClient.connect(server.tcpPort, `127.0.0.${2 + (i % 200)}`);
          await c.auth(tokens[i]!, `d${i}`);
          clients.push(c);
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 3000));
    const after = rssKiB(pid);
    console.log(`connections benchmark: ${count} clients, ${concurrency} connecting at a time`);
    console.log(`  authenticated connections opened: ${fmt(count / elapsed, 0)} /s (${fmt(elapsed, 2)} s in all)`);
    console.log(
      `  server RSS ${fmt(before / 1024, 1)} MiB -> ${fmt(after / 1024, 1)} MiB: ${fmt(((after - before) * 1024) / count / 1024, 2)} KiB per idle authenticated connection`,
    );
  } finally {
    for (const c of clients) c.close();
    await server.stop();
    await database.drop();
  }
}
