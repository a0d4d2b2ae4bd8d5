import { describe, expect, it } from "vitest";
import { ERRORS, errorName, ImError, toImError } from "./errors.ts";

describe("errors", () => {
  it("has unique codes and maps each back to its name", () => {
    const codes = Object.values(ERRORS).map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(errorName(4004)).toBe("USER_NOT_FOUND");
    expect(new ImError("RATE_LIMITED", "slow down", 250)).toMatchObject({ code: 3001, http: 429, retryAfterMs: 250 });
  });

  it("hides the internals of unexpected errors", () => {
    const e = toImError(new Error("password=hunter2 at db.internal"));
    expect(e.kind).toBe("INTERNAL");
    expect(e.message).not.toContain("hunter2");
    const known = new ImError("FORBIDDEN", "no");
    expect(toImError(known)).toBe(known);
  });
});
