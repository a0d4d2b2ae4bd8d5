import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildOnce } from "./build-once.ts";

describe("buildOnce", () => {
  let dir: string;
  let builds = 0;
  const options = () => ({
    name: "the test app",
    dir,
    inputs: ["src", "package.json"],
    output: join("dist", "app.js"),
    stampFile: join("dist", "stamp"),
    build: async () => {
      builds++;
      await mkdir(join(dir, "dist"), { recursive: true });
      await writeFile(join(dir, "dist", "app.js"), `build ${builds}`);
    },
    log: () => {},
  });

  beforeEach(async () => {
    builds = 0;
    dir = await mkdtemp(join(tmpdir(), "im-launcher-"));
    await mkdir(join(dir, "src"));
    await writeFile(join(dir, "src", "a.ts"), "a");
    await writeFile(join(dir, "package.json"), "{}");
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("builds once, then again only when an input changes or the output is gone", async () => {
    expect(await buildOnce(options())).toBe(true);
    expect(await buildOnce(options())).toBe(false);
    await writeFile(join(dir, "src", "a.ts"), "a changed");
    expect(await buildOnce(options())).toBe(true);
    await writeFile(join(dir, "src", "b.ts"), "new file");
    expect(await buildOnce(options())).toBe(true);
    await rm(join(dir, "dist", "app.js"));
    expect(await buildOnce(options())).toBe(true);
    expect(await buildOnce(options())).toBe(false);
    expect(builds).toBe(4);
  });

  it("keeps no stamp when the build fails, so the next start tries again", async () => {
    const failing = { ...options(), build: async () => Promise.reject(new Error("syntax error")) };
    await expect(buildOnce(failing)).rejects.toThrow("syntax error");
    expect(await buildOnce(options())).toBe(true);
  });
  it("builds once when two starts race, the second waiting for the first", async () => {
    let running = 0;
    let overlapped = false;
    const slow = {
      ...options(),
      build: async () => {
        running++;
        if (running > 1) overlapped = true;
        await new Promise((r) => setTimeout(r, 300));
        await options().build();
        running--;
      },
    };
    expect((await Promise.all([buildOnce(slow), buildOnce(slow)])).sort()).toEqual([false, true]);
    expect(overlapped).toBe(false);
    expect(builds).toBe(1);
  });
});
