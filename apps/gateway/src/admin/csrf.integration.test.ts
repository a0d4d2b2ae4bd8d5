import { afterAll, beforeAll, expect, it } from "vitest";
import { type GatewayFixture, startGateway } from "../test-support.ts";
import { createOperator } from "./operators.ts";
import { CSRF_HEADER, READ_METHODS, SESSION_COOKIE } from "./session-hook.ts";

const ADMIN = { username: "csrf-root", password: "correct horse battery" };
/** Reachable without a session, so there is no session whose CSRF token could be checked. */
const PUBLIC = new Set(["POST /admin/login"]);

let gateway: GatewayFixture;

beforeAll(async () => {
  gateway = await startGateway();
  await createOperator(gateway.db.pool, { ...ADMIN, role: "admin" });
});
afterAll(async () => {
  await gateway?.stop();
});

it("every state-changing admin operation in the OpenAPI document refuses a request without the CSRF token", async () => {
  const { app } = gateway;
  const signIn = await app.inject({ method: "POST", url: "/admin/login", payload: ADMIN });
  expect(signIn.statusCode).toBe(200);
  const cookie = signIn.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
  const csrfToken: string = signIn.json().csrfToken;

  const doc = (await app.inject({ method: "GET", url: "/openapi.json" })).json();
  const writes = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
    .filter(([path]) => path.startsWith("/admin/"))
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path })))
    .filter(({ method, path }) => !READ_METHODS.has(method) && !PUBLIC.has(`${method} ${path}`));
  expect(writes.length).toBeGreaterThan(20);

  for (const { method, path } of writes) {
    const url = path.replace(/\{[^}]+\}/g, "csrf-probe");
    for (const header of [undefined, `${csrfToken}x`]) {
      const res = await app.inject({
        method: method as "POST",
        url,
        cookies: { [SESSION_COOKIE]: cookie },
        headers: header === undefined ? {} : { [CSRF_HEADER]: header },
        payload: {},
      });
      expect(res.statusCode, `${method} ${path} with ${header ? "a wrong" : "no"} token`).toBe(403);
      expect(res.json().error.message).toContain("CSRF_REJECTED");
    }
  }
  // The session is still good: the refusals were about the token, not the sign-in.
  const me = await app.inject({ method: "GET", url: "/admin/me", cookies: { [SESSION_COOKIE]: cookie } });
  expect(me.statusCode).toBe(200);
});
