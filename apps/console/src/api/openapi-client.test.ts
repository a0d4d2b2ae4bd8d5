import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { afterAll, beforeAll, expect, it } from "vitest";

/**
 * What a business line does with the gateway's OpenAPI document: generate a
 * typed client and call operations by name. The generated types are checked
 * with the TypeScript compiler against a small program, so a document whose
 * operations lack names, or whose schemas collapse to `any`, fails here.
 */
const repo = fileURLToPath(new URL("../../../../", import.meta.url));
const dump = join(repo, "apps/gateway/src/openapi-dump.ts");

type Operation = { operationId?: string; security?: unknown[] };
let dir: string;
let doc: { paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } };

beforeAll(() => {
  // Inside the repo's node_modules, so the program resolves openapi-fetch like any consumer would.
  mkdirSync(join(repo, "node_modules/.cache"), { recursive: true });
  dir = mkdtempSync(join(repo, "node_modules/.cache/openapi-client-"));
  execFileSync(process.execPath, ["--import", "tsx", dump, join(dir, "openapi.json")], { cwd: repo });
  doc = JSON.parse(readFileSync(join(dir, "openapi.json"), "utf8"));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function operations(): [string, string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(
      ([method, op]) => [`${method.toUpperCase()} ${path}`, method, op] as [string, string, Operation],
    ),
  );
}

it("every operation has a unique camelCase operationId and declares its security", () => {
  const ops = operations();
  expect(ops.length).toBeGreaterThan(50);
  const ids = ops.map(([, , op]) => op.operationId);
  for (const [name, , op] of ops) {
    expect(op.operationId, name).toMatch(/^[a-z][a-zA-Z0-9]*$/);
    expect(Array.isArray(op.security), `${name} security`).toBe(true);
    for (const requirement of op.security as Record<string, unknown>[])
      for (const scheme of Object.keys(requirement))
        expect(doc.components.securitySchemes, `${name} → ${scheme}`).toHaveProperty(scheme);
  }
  expect(new Set(ids).size).toBe(ids.length);
  const security = Object.fromEntries(ops.map(([name, , op]) => [name, op.security]));
  expect(security["POST /admin/login"]).toEqual([]);
  expect(security["GET /healthz"]).toEqual([]);
  expect(security["GET /admin/users"]).toEqual([{ adminSession: [] }]);
  expect(security["POST /admin/users/{uid}/kickout"]).toEqual([{ adminSession: [], csrfToken: [] }]);
  expect(security["POST /v1/messages"]).toEqual([{ apiKey: [] }]);
});

it("a client generated from the document type-checks calls made by operation name", async () => {
  writeFileSync(
    join(dir, "schema.ts"),
    astToString(await openapiTS(JSON.parse(readFileSync(join(dir, "openapi.json"), "utf8")))),
  );
  const ids = operations().map(([, , op]) => op.operationId as string);
  writeFileSync(
    join(dir, "usage.ts"),
    `import createClient from "openapi-fetch";
import type { operations, paths } from "./schema.ts";

type Body<K extends keyof operations> = operations[K] extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;
type Ok<K extends keyof operations> = operations[K]["responses"] extends { 200: { content: { "application/json": infer R } } } ? R : never;

// A tiny SDK keyed by operationId, as generators build them.
export declare function call<K extends keyof operations>(operation: K, body: Body<K>): Promise<Ok<K>>;

export async function usage(): Promise<string[]> {
  const sent = await call("sendMessage", { toUids: ["alice"], contentType: 1, content: "hi", idempotencyKey: "k1" });
  const msgId: number = sent.msgId;
  // @ts-expect-error: content is required
  await call("sendMessage", { toUids: ["alice"], contentType: 1, idempotencyKey: "k2" });
  // @ts-expect-error: no such operation
  await call("sendMesage", {});

  const api = createClient<paths>({ baseUrl: "http://127.0.0.1:7102" });
  const members = await api.GET("/v1/groups/{groupId}/members", { params: { path: { groupId: "g1" } } });
  const roles: number[] = members.data?.members.map((m) => m.role) ?? [];
  return [String(msgId), ...roles.map(String)];
}

// Every operation of the document is a key of \`operations\`, and nothing else is.
type Documented = ${ids.map((id) => JSON.stringify(id)).join(" | ")};
export const everyOperation: Record<Documented, true> = {} as Record<keyof operations, true>;
export const onlyOperations: Record<keyof operations, true> = {} as Record<Documented, true>;
`,
  );
  const program = ts.createProgram([join(dir, "usage.ts")], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
    types: [],
  });
  const problems = ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
  expect(problems).toEqual([]);
});
