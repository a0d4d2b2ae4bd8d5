import { describe, expect, it } from "vitest";
import { bearerMatches, metricsAccess, originAllowed } from "./http-guards.ts";

describe("originAllowed", () => {
  it("lets clients without Origin in (native apps and servers)", () => {
    expect(originAllowed(undefined, "im.example.com:7101", undefined)).toBe(true);
  });

  it("by default wants the page's hostname to be the one connected to", () => {
    expect(originAllowed("https://im.example.com", "im.example.com:7101", undefined)).toBe(true);
    expect(originAllowed("http://127.0.0.1:7104", "127.0.0.1:7101", [])).toBe(true);
    expect(originAllowed("https://evil.example", "im.example.com:7101", undefined)).toBe(false);
    expect(originAllowed("https://im.example.com.evil.example", "im.example.com", undefined)).toBe(false);
    expect(originAllowed("null", "im.example.com", undefined)).toBe(false);
    expect(originAllowed("https://im.example.com", undefined, undefined)).toBe(false);
  });

  it("with an allowlist, wants the exact origin", () => {
    const list = ["https://chat.example.com", "http://localhost:3000/"];
    expect(originAllowed("https://chat.example.com", "im.example.com", list)).toBe(true);
    expect(originAllowed("http://localhost:3000", "im.example.com", list)).toBe(true);
    expect(originAllowed("http://chat.example.com", "im.example.com", list)).toBe(false);
    expect(originAllowed("https://im.example.com", "im.example.com", list)).toBe(false);
    expect(originAllowed("https://anything.example", "im.example.com", ["*"])).toBe(true);
  });
});

describe("metricsAccess", () => {
  it("without a token: loopback peers only", () => {
    expect(metricsAccess("127.0.0.1", undefined, undefined)).toBe("ok");
    expect(metricsAccess("::ffff:127.0.0.1", undefined, undefined)).toBe("ok");
    expect(metricsAccess("10.1.2.3", undefined, undefined)).toBe("forbidden");
  });

  it("with a token: whoever presents it, from anywhere; nobody else, not even loopback", () => {
    expect(metricsAccess("10.1.2.3", "Bearer s3cret-metrics-token", "s3cret-metrics-token")).toBe("ok");
    expect(metricsAccess("127.0.0.1", undefined, "s3cret-metrics-token")).toBe("unauthorized");
    expect(metricsAccess("127.0.0.1", "Bearer wrong", "s3cret-metrics-token")).toBe("unauthorized");
    expect(bearerMatches("Bearer ", "x")).toBe(false);
  });
});
