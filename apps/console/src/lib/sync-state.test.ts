import { describe, expect, it } from "vitest";
import { STUCK_SILENCE_MS, syncState } from "./sync-state.ts";

const now = 1_800_000_000_000;

describe("syncState", () => {
  it("is in sync when the device acked the inbox head", () => {
    expect(syncState({ online: true, lag: 0, lastActiveAt: now - 10 * STUCK_SILENCE_MS }, now)).toBe("in-sync");
    expect(syncState({ online: false, lag: 0, lastActiveAt: null }, now)).toBe("in-sync");
  });

  it("is behind, not stuck, while a connected device still talks", () => {
    expect(syncState({ online: true, lag: 3, lastActiveAt: now - 1_000 }, now)).toBe("behind");
    expect(syncState({ online: true, lag: 3, lastActiveAt: now - STUCK_SILENCE_MS }, now)).toBe("behind");
  });

  it("is stuck when a connected device is behind and silent for over a minute", () => {
    expect(syncState({ online: true, lag: 1, lastActiveAt: now - STUCK_SILENCE_MS - 1 }, now)).toBe("stuck");
  });

  it("leaves offline devices behind: they sync at their next login", () => {
    expect(syncState({ online: false, lag: 7, lastActiveAt: now - 3_600_000 }, now)).toBe("behind");
    expect(syncState({ online: false, lag: 7, lastActiveAt: null }, now)).toBe("behind");
  });
});
