import { describe, expect, it } from "vitest";
import { DEFAULT_LOGIN_BUDGETS, LOGIN_WINDOW_MS, LoginThrottle, type Reservation } from "./login-throttle.ts";

const { perPair, perAddress, perUsername } = DEFAULT_LOGIN_BUDGETS;

function fail(r: Reservation): void {
  if (!r.ok) throw new Error("expected a reservation");
  r.attempt.failed();
}

describe("LoginThrottle", () => {
  it("counts attempts in flight: 200 concurrent reservations get at most the pair budget", () => {
    const throttle = new LoginThrottle(() => 0);
    const reservations = Array.from({ length: 200 }, () => throttle.reserve("10.0.0.1", "root"));
    expect(reservations.filter((r) => r.ok)).toHaveLength(perPair);
    const refused = reservations.find((r) => !r.ok);
    expect(refused && !refused.ok && refused.waitMs).toBeGreaterThan(0);
  });

  it("refuses a username from an address after the pair budget, until the window ends", () => {
    let now = 1_000;
    const throttle = new LoginThrottle(() => now);
    for (let i = 0; i < perPair; i++) fail(throttle.reserve("10.0.0.1", "root"));
    expect(throttle.reserve("10.0.0.1", "root")).toEqual({ ok: false, waitMs: LOGIN_WINDOW_MS });
    expect(throttle.reserve("10.0.0.1", "ROOT").ok).toBe(false);
    expect(throttle.reserve("10.0.0.2", "root").ok).toBe(true);
    now += LOGIN_WINDOW_MS;
    expect(throttle.reserve("10.0.0.1", "root").ok).toBe(true);
  });

  it("refuses an address that sprays many usernames", () => {
    const throttle = new LoginThrottle(() => 0);
    for (let i = 0; i < perAddress; i++) fail(throttle.reserve("10.0.0.9", `user${i}`));
    expect(throttle.reserve("10.0.0.9", "fresh-name").ok).toBe(false);
    expect(throttle.reserve("10.0.0.10", "fresh-name").ok).toBe(true);
  });

  it("refuses a username attacked from many addresses", () => {
    const throttle = new LoginThrottle(() => 0);
    for (let i = 0; i < perUsername; i++) fail(throttle.reserve(`10.1.0.${i}`, "root"));
    expect(throttle.reserve("10.2.0.1", "root").ok).toBe(false);
    expect(throttle.reserve("10.2.0.1", "other").ok).toBe(true);
  });

  it("forgets the account's failures after a correct password, but not the address's", () => {
    const throttle = new LoginThrottle(() => 0);
    for (let i = 0; i < perPair - 1; i++) fail(throttle.reserve("a", "root"));
    const ok = throttle.reserve("a", "root");
    if (!ok.ok) throw new Error("expected a reservation");
    ok.attempt.succeeded();
    for (let i = 0; i < perPair - 1; i++) fail(throttle.reserve("a", "root"));
    expect(throttle.reserve("a", "root").ok).toBe(true);
    // The address key kept counting: (perPair - 1) * 2 failures plus the reservation above.
    for (let i = 0; i < perAddress; i++) throttle.reserve("a", `spray${i}`);
    expect(throttle.reserve("a", "anyone").ok).toBe(false);
  });

  it("settles an attempt once, however often it is called", () => {
    const throttle = new LoginThrottle(() => 0);
    const r = throttle.reserve("a", "root");
    if (!r.ok) throw new Error("expected a reservation");
    for (let i = 0; i < 10; i++) r.attempt.failed();
    for (let i = 0; i < perPair - 1; i++) expect(throttle.reserve("a", "root").ok).toBe(true);
  });

  it("keeps a blocked key while other usernames flood the table, and fails closed when it is full of blocks", () => {
    const throttle = new LoginThrottle(() => 0, { perPair: 2, perAddress: 1_000, perUsername: 1_000 }, 12);
    for (let i = 0; i < 2; i++) fail(throttle.reserve("10.0.0.1", "root"));
    expect(throttle.reserve("10.0.0.1", "root").ok).toBe(false);
    // Each flood attempt adds up to three keys; the table holds 12.
    for (let i = 0; i < 500; i++) {
      const r = throttle.reserve(`10.9.${i >> 8}.${i & 255}`, `flood${i}`);
      if (r.ok) r.attempt.failed();
      expect(throttle.size).toBeLessThanOrEqual(12);
    }
    expect(throttle.reserve("10.0.0.1", "root").ok).toBe(false);

    // A table of nothing but blocked keys refuses new keys rather than forgetting a block.
    const full = new LoginThrottle(() => 0, { perPair: 1, perAddress: 1, perUsername: 1 }, 3);
    fail(full.reserve("x", "y"));
    expect(full.size).toBe(3);
    expect(full.reserve("z", "w").ok).toBe(false);
    expect(full.reserve("x", "y").ok).toBe(false);
  });
});
