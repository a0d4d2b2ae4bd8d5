import { identifierProblem, nameProblem } from "@im/core";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createOperator } from "./admin/operators.ts";
import { SESSION_COOKIE } from "./admin/session-hook.ts";
import { createApiKey, createBusinessLine, SCOPES } from "./business-keys.ts";
import { type GatewayFixture, startGateway } from "./test-support.ts";

let f: GatewayFixture;
let key: string;
let session: { cookie: string; csrf: string };

beforeAll(async () => {
  f = await startGateway();
  await createBusinessLine(f.db, { id: "fuzz", name: "Fuzz" });
  key = (await createApiKey(f.db, "fuzz", { scopes: [...SCOPES] })).key;
  await createOperator(f.db.pool, { username: "fuzz-admin", password: "fuzzing admin pw", role: "admin" });
  const login = await f.app.inject({
    method: "POST",
    url: "/admin/login",
    payload: { username: "fuzz-admin", password: "fuzzing admin pw" },
  });
  session = {
    cookie: login.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? "",
    csrf: login.json().csrfToken,
  };
});
afterAll(async () => {
  await f?.stop();
});

interface Operation {
  method: string;
  path: string;
  params: string[];
  query: string[];
  bodyProps: string[] | null;
}

/** Every operation of the served OpenAPI document, with its parameter and top-level body property names. */
async function operations(): Promise<Operation[]> {
  const doc = (await f.app.inject({ method: "GET", url: "/openapi.json" })).json() as {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown }>>;
  };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const body = op.requestBody as { content?: Record<string, { schema?: { properties?: object } }> } | undefined;
      const schema = body?.content?.["application/json"]?.schema;
      ops.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name),
        query: (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
        bodyProps: body ? Object.keys(schema?.properties ?? {}) : null,
      });
    }
  }
  return ops;
}

const NUL = "a\u0000b";
const SURROGATE = "x\ud800y";
/** JSON text nested `n` objects deep (built as text: JSON.stringify itself would overflow). */
const deepJson = (n: number, prop = "v") => `${`{"${prop}":`.repeat(n)}"bottom"${"}".repeat(n)}`;
/** Values of every JSON type, hostile text and sizes. */
const VALUES: unknown[] = [
  NUL,
  SURROGATE,
  "",
  " ",
  "..",
  "../../admin/me",
  -1,
  1e308,
  1.5,
  true,
  null,
  [],
  [NUL],
  {},
  "x".repeat(100_000),
  "a/b",
  "a\\b",
  " padded ",
  "\t\n",
  "bi\u202Edi",
  "zero\u200Bwidth",
  "0x10",
  " 12",
  { blob: "x".repeat(9_000) },
  JSON.parse(deepJson(20)),
];
const PATH_VALUES = [
  "a%00b",
  "%ED%A0%80",
  "..",
  "%2e%2e%2Fadmin",
  "a%2Fb",
  "%2E%2E%2F%2E%2E%2Fadmin%2Fme",
  "%20%20",
  "%20padded",
  "a%5Cb",
  " 12",
  "0x10",
  "1e3",
  "%2B1",
  "-1",
  "99999999999999999999999",
];

it("no generated bad input makes any REST operation answer 5xx", { timeout: 120_000 }, async () => {
  const ops = (await operations()).filter((o) => o.path !== "/admin/logout");
  expect(ops.length).toBeGreaterThan(40);
  const failures: string[] = [];
  let sent = 0;
  const send = async (op: Operation, opts: InjectOptions, what: string) => {
    const admin = op.path.startsWith("/admin");
    const res = await f.app.inject({
      ...opts,
      method: op.method as InjectOptions["method"],
      headers: admin
        ? { "x-csrf-token": session.csrf, ...opts.headers }
        : { authorization: `Bearer ${key}`, ...opts.headers },
      ...(admin ? { cookies: { [SESSION_COOKIE]: session.cookie } } : {}),
    });
    sent++;
    if (res.statusCode >= 500)
      failures.push(`${op.method} ${op.path} ${what}: ${res.statusCode} ${res.body.slice(0, 200)}`);
  };
  const url = (op: Operation, value: (name: string) => string, query = "") =>
    op.path.replace(/\{(\w+)\}/g, (_, name: string) => value(name)) + query;

  for (const op of ops) {
    const plain = url(op, () => "fuzz-id");
    for (const v of PATH_VALUES) if (op.params.length > 0) await send(op, { url: url(op, () => v) }, `path=${v}`);
    for (const q of op.query)
      for (const v of ["%00", "%ED%A0%80", "-1", "1e400", "1e3", "%20%207", "7%20", "0x1f", "%2B1", "010", "[]"])
        await send(op, { url: `${plain}?${q}=${v}` }, `query ${q}=${v}`);
    if (op.bodyProps === null) continue;
    for (const v of VALUES) {
      await send(op, { url: plain, payload: v as object }, `body=${typeof v}`);
      for (const prop of op.bodyProps) await send(op, { url: plain, payload: { [prop]: v } }, `body.${prop}`);
    }
    const json = { "content-type": "application/json" };
    await send(op, { url: plain, payload: deepJson(10_000), headers: json }, "deep body");
    for (const prop of op.bodyProps)
      await send(op, { url: plain, payload: `{"${prop}":${deepJson(10_000)}}`, headers: json }, `deep body.${prop}`);
    await send(op, { url: plain, payload: "not json", headers: { "content-type": "application/json" } }, "bad json");
    await send(op, { url: plain, payload: '{"a":"\\u0000"}', headers: { "content-type": "application/json" } }, "nul");
    await send(op, { url: plain, payload: "x=1", headers: { "content-type": "text/plain" } }, "text/plain");
  }
  expect(sent).toBeGreaterThan(1000);
  expect(failures).toEqual([]);

  // Nothing the generator sent was stored: every id and name in the database still follows the vocabulary.
  const stored = await f.db.pool.query<{ kind: string; id: string; name: string }>(
    `SELECT 'user' AS kind, id, name FROM users
     UNION ALL SELECT 'group', id, name FROM groups
     UNION ALL SELECT 'org unit', id, name FROM org_units
     UNION ALL SELECT 'business line', id, name FROM business_lines`,
  );
  const bad = stored.rows.filter(
    (r) => identifierProblem(r.id) !== undefined || (r.name !== "" && nameProblem(r.name) !== undefined),
  );
  expect(bad).toEqual([]);
});
