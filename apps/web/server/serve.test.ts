import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JwtTokenVerifier } from "@im/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebServer } from "./serve.ts";

const WS = "ws://127.0.0.1:7101/ws";
const SECRET = "a-development-secret-of-this-test-only";

async function serve(devTokens: boolean, distDir: string) {
  const server = createWebServer({ wsUrl: WS, devTokenSecret: devTokens ? SECRET : undefined, distDir });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function postToken(base: string, body: unknown, contentType = "application/json") {
  return fetch(`${base}/api/dev-token`, {
    method: "POST",
    headers: { "Content-Type": contentType },
    body: JSON.stringify(body),
  });
}

describe("web chat server", () => {
  let dist: string;
  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), "im-web-"));
    await writeFile(join(dist, "index.html"), "<!doctype html><title>chat</title>");
    await writeFile(join(dist, "app.js"), "console.log(1)");
  });
  afterAll(() => rm(dist, { recursive: true, force: true }));

  it("serves the page, its script, the config, and a CSP that allows only its own origin and the chat socket", async () => {
    const web = await serve(false, dist);
    try {
      const page = await fetch(`${web.base}/some/deep/link`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("<title>chat</title>");
      expect(page.headers.get("content-security-policy")).toContain("connect-src 'self' ws://127.0.0.1:7101");
      expect(page.headers.get("x-content-type-options")).toBe("nosniff");
      const script = await fetch(`${web.base}/app.js`);
      expect(script.headers.get("content-type")).toContain("text/javascript");
      expect(await (await fetch(`${web.base}/config.json`)).json()).toEqual({ wsUrl: WS, devTokens: false });
      expect(await (await fetch(`${web.base}/%2e%2e/%2e%2e/etc/passwd`)).text()).toContain("<title>chat</title>");
    } finally {
      await web.close();
    }
  });

  it("has no token route unless development tokens are on", async () => {
    const web = await serve(false, dist);
    try {
      const res = await postToken(web.base, { uid: "alice" });
      expect(res.status).toBe(404);
    } finally {
      await web.close();
    }
  });

  it("mints web-only development tokens for valid user ids, from JSON requests only", async () => {
    const web = await serve(true, dist);
    try {
      const res = await postToken(web.base, { uid: "alice" });
      expect(res.status).toBe(200);
      const { token } = (await res.json()) as { token: string };
      const verified = await new JwtTokenVerifier({ secrets: [SECRET] }).verify(token);
      expect(verified).toMatchObject({ uid: "alice", deviceType: 3 });
      expect((await postToken(web.base, { uid: "" })).status).toBe(400);
      expect((await postToken(web.base, { uid: "x".repeat(65) })).status).toBe(400);
      // A cross-site form post cannot send application/json without a preflight.
      expect((await postToken(web.base, { uid: "alice" }, "text/plain")).status).toBe(415);
    } finally {
      await web.close();
    }
  });
});
