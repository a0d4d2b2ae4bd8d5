import { describe, expect, it } from "vitest";
import { bundleBrowser } from "./build-browser.ts";

describe("browser bundle", () => {
  it("holds the whole client with no Node built-in, within 50 KB gzipped", async () => {
    const bundle = await bundleBrowser();
    expect(bundle.imports.length).toBeGreaterThan(10);
    const nodeImports = bundle.imports.filter((path) => path.startsWith("node:") || path === "ws" || path === "net");
    expect(nodeImports).toEqual([]);
    expect(bundle.code).not.toMatch(/["']node:[a-z]/);
    expect(bundle.imports.some((path) => path.endsWith("platform-browser.ts"))).toBe(true);
    expect(bundle.imports.some((path) => path.endsWith("platform-node.ts"))).toBe(false);
    // The public API is there, TCP is not.
    expect(bundle.code).toMatch(/export\{[^}]*\bImClient\b/);
    expect(bundle.code).not.toContain("TcpTransport");
    expect(bundle.gzippedBytes).toBeLessThanOrEqual(50 * 1024);
  }, 30_000);
});
