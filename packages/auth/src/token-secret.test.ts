import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  checkOperatorSecret,
  isLoopbackHost,
  loadOrCreateDevSecret,
  resolveTokenSecrets,
  StartupRefused,
} from "./token-secret.ts";

const GOOD = "Zt3q9vXk2LmP8wR4yB7nC1dF6gH0jK5sA_-Ue";
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), "im-secret-"));
  dirs.push(d);
  return d;
}

describe("isLoopbackHost", () => {
  it("knows loopback from everything else", () => {
    for (const h of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "::ffff:127.0.0.1"])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ["0.0.0.0", "::", "10.0.0.5", "192.168.1.1", "example.com", "128.0.0.1", "::ffff:10.0.0.1"])
      expect(isLoopbackHost(h), h).toBe(false);
  });
});

describe("checkOperatorSecret", () => {
  it("wants 32 bytes with some variety", () => {
    expect(() => checkOperatorSecret(GOOD, "S")).not.toThrow();
    expect(() => checkOperatorSecret("x".repeat(31), "S")).toThrow(/31 bytes; it must be at least 32/);
    expect(() => checkOperatorSecret("abab".repeat(10), "S")).toThrow(/does not look random/);
  });
});

describe("loadOrCreateDevSecret", () => {
  it("creates one 0600 secret per data directory and agrees on it under concurrent starts", async () => {
    const a = await tempDir();
    const all = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateDevSecret(a)));
    expect(new Set(all).size).toBe(1);
    const secret = all[0] ?? "";
    expect(Buffer.from(secret, "base64url")).toHaveLength(32);
    expect((await stat(path.join(a, "token-secret"))).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateDevSecret(a)).toBe(secret);
    expect(await loadOrCreateDevSecret(await tempDir())).not.toBe(secret);
  });
});

describe("resolveTokenSecrets", () => {
  const loopback = [{ name: "IM_HOST", host: "127.0.0.1" }];
  const open = [{ name: "IM_HOST", host: "0.0.0.0" }];

  it("uses a configured secret, from the environment or a file, with the previous one for verification", async () => {
    const dataDir = await tempDir();
    const env = await resolveTokenSecrets({ secret: GOOD, dataDir, sso: false, binds: open });
    expect(env).toMatchObject({ current: GOOD, previous: [], source: "configured" });
    const file = path.join(dataDir, "secret.txt");
    await writeFile(file, `${GOOD}\n`);
    const fromFile = await resolveTokenSecrets({
      secretFile: file,
      previous: `${GOOD}-old`,
      dataDir,
      sso: false,
      binds: open,
    });
    expect(fromFile).toMatchObject({ current: GOOD, previous: [`${GOOD}-old`] });
    await expect(
      resolveTokenSecrets({ secret: GOOD, secretFile: file, dataDir, sso: false, binds: loopback }),
    ).rejects.toThrow(/not both/);
    await expect(resolveTokenSecrets({ previous: GOOD, dataDir, sso: false, binds: loopback })).rejects.toThrow(
      /needs a current/,
    );
  });

  it("generates the development secret only for loopback, and none at all with SSO", async () => {
    const dataDir = await tempDir();
    const dev = await resolveTokenSecrets({ dataDir, sso: false, binds: loopback });
    expect(dev.source).toBe("development");
    expect(dev.current).toBe((await readFile(path.join(dataDir, "token-secret"), "utf8")).trim());
    const err = await resolveTokenSecrets({ dataDir, sso: false, binds: open }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StartupRefused);
    expect((err as Error).message).toMatch(/IM_HOST=0\.0\.0\.0/);
    const sso = await resolveTokenSecrets({ dataDir: await tempDir(), sso: true, binds: loopback });
    expect(sso).toMatchObject({ current: null, source: "none" });
    await expect(resolveTokenSecrets({ dataDir, sso: true, binds: open })).rejects.toThrow(StartupRefused);
  });
});
