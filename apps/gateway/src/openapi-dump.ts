import { writeFile } from "node:fs/promises";
import { buildApp } from "./app.ts";
import type { GatewayDeps } from "./deps.ts";

/**
 * Writes the gateway's OpenAPI document to a file (or stdout) without a
 * database: building the app only registers routes, so the dependencies are
 * never called. The console's typed client is generated from this output.
 */
// Route plugins may keep references to parts of their dependencies; only calling one is an error.
const unused = (what: string): unknown =>
  new Proxy(() => {}, {
    get(_target, prop) {
      if (prop === "then") return undefined;
      return unused(`${what}.${String(prop)}`);
    },
    apply() {
      throw new Error(`${what}() called while dumping the OpenAPI document`);
    },
  });

const deps = {
  db: { pool: unused("db.pool") },
  storage: unused("storage"),
  presence: unused("presence"),
  registry: unused("registry"),
  deliver: async () => {},
  kick: async () => 0,
  tokenSecret: unused("tokenSecret"),
} as unknown as GatewayDeps;

const app = await buildApp(deps);
await app.ready();
const doc = `${JSON.stringify(app.swagger(), null, 2)}\n`;
await app.close();
const out = process.argv[2];
if (out) await writeFile(out, doc);
else process.stdout.write(doc);
