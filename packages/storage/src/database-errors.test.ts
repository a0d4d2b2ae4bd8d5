import { ImError } from "@im/core";
import { describe, expect, it } from "vitest";
import { databaseError, isForeignKeyViolation, isTransientFailure, isUniqueViolation } from "./database-errors.ts";

const failure = (code: string) => Object.assign(new Error("detail from the server"), { code });
/** A raw statement's failure on Prisma Client, as its pg driver adapter reports it. */
const rawFailure = (originalCode: string, index?: string) =>
  Object.assign(new Error("Raw query failed"), {
    code: "P2010",
    meta: {
      driverAdapterError: { cause: { originalCode, ...(index === undefined ? {} : { constraint: { index } }) } },
    },
  });

describe("databaseError", () => {
  it("makes a failed server or connection a retryable UNAVAILABLE naming what was unavailable, and reports the cause", () => {
    const causes: unknown[] = [];
    const cause = failure("57P01");
    const err = databaseError(cause, { what: "group storage", retryAfterMs: 100, onError: (e) => causes.push(e) });
    expect(err.kind).toBe("UNAVAILABLE");
    expect(err.message).toBe("group storage unavailable, retry");
    expect(err.retryAfterMs).toBe(100);
    expect(causes).toEqual([cause]);
  });

  it("makes a unique violation a CONFLICT only where the caller expects one (pg and Prisma Client alike)", () => {
    for (const code of ["23505", "P2002"]) {
      expect(databaseError(failure(code), { what: "x", conflict: "taken" })).toMatchObject({
        kind: "CONFLICT",
        message: "taken",
      });
      expect(databaseError(failure(code), { what: "x" }).kind).toBe("UNAVAILABLE");
      expect(isUniqueViolation(failure(code))).toBe(true);
    }
  });

  it("makes a refused value INVALID_ARGUMENT and passes ImErrors unchanged", () => {
    expect(databaseError(failure("22021"), { what: "x" }).kind).toBe("INVALID_ARGUMENT");
    expect(databaseError(failure("P2000"), { what: "x" }).kind).toBe("INVALID_ARGUMENT");
    const own = new ImError("NOT_FOUND", "no such thing");
    expect(databaseError(own, { what: "x" })).toBe(own);
  });

  it("reads a failed raw statement on Prisma Client by the SQLSTATE the database sent", () => {
    expect(isTransientFailure(rawFailure("40P01"))).toBe(true);
    expect(isTransientFailure(rawFailure("40001"))).toBe(true);
    expect(isUniqueViolation(rawFailure("23505", "users_pkey"), "users_pkey")).toBe(true);
    expect(isUniqueViolation(rawFailure("23505", "users_pkey"), "other_key")).toBe(false);
    expect(databaseError(rawFailure("22012"), { what: "x" }).kind).toBe("INVALID_ARGUMENT");
    expect(
      databaseError(rawFailure("23505", "groups_pkey"), {
        what: "x",
        conflict: (c) => (c === "groups_pkey" ? "group exists" : undefined),
      }),
    ).toMatchObject({ kind: "CONFLICT", message: "group exists" });
    expect(databaseError(rawFailure("57P01"), { what: "x" }).kind).toBe("UNAVAILABLE");
  });

  it("tells a foreign key violation from pg and from Prisma Client alike", () => {
    expect(["23503", "P2003"].map((c) => isForeignKeyViolation(failure(c)))).toEqual([true, true]);
    expect(isForeignKeyViolation(failure("23505"))).toBe(false);
    expect(isForeignKeyViolation(new ImError("NOT_FOUND", "x"))).toBe(false);
  });

  it("knows which failures a rerun may cure", () => {
    expect(["40001", "40P01", "P2034"].map((c) => isTransientFailure(failure(c)))).toEqual([true, true, true]);
    expect(isTransientFailure(failure("23505"))).toBe(false);
    expect(isTransientFailure(new ImError("UNAVAILABLE", "x"))).toBe(false);
  });
});
