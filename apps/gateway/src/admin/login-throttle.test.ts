import { describe, expect, it } from "vitest";
import { LOGIN_WINDOW_MS, LoginThrottle, MAX_LOGIN_FAILURES } from "./login-throttle.ts";

describe("LoginThrottle", () => {
  it("refuses a username from an address after too many failures, until the window ends", () => {
    let now = 1_000;
    const throttle = new LoginThrottle(() => now);
    for (let i = 0; i < MAX_LOGIN_FAILURES; i++) {
      expect(throttle.waitMs("10.0.0.1", "root")).toBe(0);
      throttle.failed("10.0.0.1", "root");
    }
    expect(throttle.waitMs("10.0.0.1", "root")).toBe(LOGIN_WINDOW_MS);
    expect(throttle.waitMs("10.0.0.1", "ROOT")).toBe(LOGIN_WINDOW_MS);
    expect(throttle.waitMs("10.0.0.2", "root")).toBe(0);
    now += LOGIN_WINDOW_MS;
    expect(throttle.waitMs("10.0.0.1", "root")).toBe(0);
  });

  it("forgets failures after a successful sign-in", () => {
    const throttle = new LoginThrottle(() => 0);
    for (let i = 0; i < MAX_LOGIN_FAILURES - 1; i++) throttle.failed("a", "root");
    throttle.succeeded("a", "root");
    throttle.failed("a", "root");
    expect(throttle.waitMs("a", "root")).toBe(0);
  });
});
