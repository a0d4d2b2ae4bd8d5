import { describe, expect, it } from "vitest";
import { ImError } from "./errors.ts";
import {
  checkFreeText,
  checkIdentifier,
  checkInt32,
  checkKey,
  checkName,
  checkSeq,
  checkStorable,
  checkUidList,
  extraProblem,
  identifierProblem,
  isValidIdentifier,
  keyProblem,
  MAX_EXTRA_BYTES,
  MAX_EXTRA_DEPTH,
  MAX_ID_LENGTH,
  MAX_KEY_LENGTH,
  MAX_NAME_LENGTH,
  MAX_UIDS_PER_CALL,
  nameProblem,
  parseDecimal,
  storableProblem,
  textProblem,
} from "./validation.ts";

describe("identifiers", () => {
  it("accepts the shapes the system uses", () => {
    for (const id of ["alice-1a2b3c4d", "u4242", "biz-7f3e", "a.b", "x@y:z", "用户-🙂", "用户-😀-ü", "9"])
      expect(identifierProblem(id), id).toBeUndefined();
    expect(isValidIdentifier("😀".repeat(MAX_ID_LENGTH))).toBe(true);
  });

  it("refuses path-like input", () => {
    expect(identifierProblem("..")).toMatch(/dot/);
    expect(identifierProblem(".hidden")).toMatch(/dot/);
    expect(identifierProblem("a..b")).toMatch(/"\.\."/);
    expect(identifierProblem("a/b")).toMatch(/"\/"/);
    expect(identifierProblem("a\\b")).toMatch(/"\\\\"/);
    expect(identifierProblem("../../admin/me")).toBeDefined();
  });

  it("refuses whitespace, controls, invisible and unstorable characters", () => {
    expect(identifierProblem("")).toBe("is required");
    expect(identifierProblem(undefined)).toBe("is required");
    expect(identifierProblem("   ")).toMatch(/" "/);
    expect(identifierProblem(" bob")).toMatch(/" "/);
    expect(identifierProblem("bob\u3000")).toMatch(/must not contain/);
    expect(identifierProblem("tab\there")).toMatch(/must not contain/);
    expect(identifierProblem("bo\u200Bb")).toMatch(/must not contain/);
    expect(identifierProblem("bo\u202Eb")).toMatch(/must not contain/);
    expect(identifierProblem("a\u0000")).toMatch(/U\+0000/);
    expect(identifierProblem("a\uD800")).toMatch(/surrogate/);
    expect(identifierProblem("a%2Fb")).toMatch(/"%"/);
    expect(identifierProblem("a?b")).toMatch(/"\?"/);
  });

  it("counts length in code points", () => {
    expect(identifierProblem("a".repeat(MAX_ID_LENGTH))).toBeUndefined();
    expect(identifierProblem("a".repeat(MAX_ID_LENGTH + 1))).toMatch(/at most/);
    expect(identifierProblem("😀".repeat(MAX_ID_LENGTH + 1))).toMatch(/at most/);
  });
});

describe("names", () => {
  it("accepts ordinary names", () => {
    expect(nameProblem("Team Alpha")).toBeUndefined();
    expect(nameProblem("研发部 😀")).toBeUndefined();
    expect(nameProblem("x".repeat(MAX_NAME_LENGTH))).toBeUndefined();
  });

  it("refuses empty, whitespace-only, padded, control-laden and long names", () => {
    expect(nameProblem("")).toMatch(/empty/);
    expect(nameProblem(" \t\u3000")).toMatch(/empty/);
    expect(nameProblem(" Team")).toMatch(/whitespace/);
    expect(nameProblem("Team\n")).toMatch(/whitespace/);
    expect(nameProblem("Te\nam")).toMatch(/control/);
    expect(nameProblem("Te\u202Eam")).toMatch(/control/);
    expect(nameProblem("Te\u0000am")).toMatch(/U\+0000/);
    expect(nameProblem("x".repeat(MAX_NAME_LENGTH + 1))).toMatch(/at most/);
    expect(nameProblem("x".repeat(11), 10)).toMatch(/at most 10/);
  });
});

describe("text", () => {
  it("keeps line breaks and tabs, may be empty", () => {
    expect(textProblem("line 1\r\nline 2\tend", 100)).toBeUndefined();
    expect(textProblem("", 100)).toBeUndefined();
  });

  it("refuses other controls, unstorable text and overlong text", () => {
    expect(textProblem("bell\u0007", 100)).toMatch(/control/);
    expect(textProblem("esc\u001b[2J", 100)).toMatch(/control/);
    expect(textProblem("c1\u0085", 100)).toMatch(/control/);
    expect(textProblem("a\uDC00", 100)).toMatch(/surrogate/);
    expect(textProblem("abcd", 3)).toMatch(/at most 3/);
    expect(storableProblem("ok")).toBeUndefined();
  });
});

describe("extra", () => {
  it("accepts a small object", () => {
    expect(extraProblem({ a: 1, b: { c: [1, 2, { d: "x" }] } })).toBeUndefined();
  });

  it("refuses non-objects, deep nesting and oversized values", () => {
    expect(extraProblem([])).toMatch(/object/);
    expect(extraProblem(null)).toMatch(/object/);
    let deep: unknown = {};
    for (let i = 1; i < MAX_EXTRA_DEPTH; i++) deep = { d: deep };
    expect(extraProblem(deep)).toBeUndefined();
    expect(extraProblem({ d: deep })).toMatch(/deeper/);
    let hostile: unknown = {};
    for (let i = 0; i < 100_000; i++) hostile = { d: hostile };
    expect(extraProblem(hostile)).toMatch(/deeper/);
    expect(extraProblem({ s: "x".repeat(MAX_EXTRA_BYTES - 8) })).toBeUndefined();
    expect(extraProblem({ s: "x".repeat(MAX_EXTRA_BYTES) })).toMatch(/bytes/);
    expect(extraProblem({ s: "é".repeat(MAX_EXTRA_BYTES / 2) })).toMatch(/bytes/);
  });
});

describe("decimal numbers", () => {
  it("reads plain decimal digits", () => {
    expect(parseDecimal("0")).toBe(0);
    expect(parseDecimal("42")).toBe(42);
    expect(parseDecimal(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("refuses every other spelling", () => {
    for (const text of [
      "",
      "0x10",
      " 7",
      "7 ",
      "1e3",
      "+1",
      "-1",
      "01",
      "1.0",
      "1_000",
      "9007199254740993",
      "Infinity",
    ])
      expect(parseDecimal(text), JSON.stringify(text)).toBeUndefined();
  });
});

describe("client keys and the throwing checks", () => {
  it("keys are opaque but bounded and control-free", () => {
    expect(keyProblem("7c9e6679-7425-40de-944b-e07fc1f90ae7")).toBeUndefined();
    expect(keyProblem("a b/c")).toBeUndefined();
    expect(keyProblem("")).toBe("is required");
    expect(keyProblem("a\u001bb")).toMatch(/control/);
    expect(keyProblem("x".repeat(65))).toMatch(/at most 64/);
    expect(keyProblem("x".repeat(65), 255)).toBeUndefined();
  });

  it("name the field in an INVALID_ARGUMENT error", () => {
    expect(checkIdentifier("to_uid", "bob")).toBe("bob");
    expect(() => checkIdentifier("to_uid", "../../admin/me")).toThrow(ImError);
    expect(() => checkIdentifier("to_uid", "a/b")).toThrow(/^to_uid must not contain "\/"/);
    expect(() => checkKey("client_msg_id", "")).toThrow(/client_msg_id is required/);
    expect(() => checkName("name", "  ")).toThrow(/name must not be empty/);
    expect(() => checkFreeText("text", "\u0007", 10)).toThrow(/text must not contain control/);
    try {
      checkIdentifier("group_id", "..");
    } catch (e) {
      expect((e as ImError).kind).toBe("INVALID_ARGUMENT");
    }
    expect.assertions(7);
  });
});

describe("lists, numbers and stored text", () => {
  it("a uid list is bounded by MAX_UIDS_PER_CALL, every entry an identifier, repeats dropped in order", () => {
    expect(checkUidList("uids", ["b", "a", "b"])).toEqual(["b", "a"]);
    const most = Array.from({ length: MAX_UIDS_PER_CALL }, (_, i) => `u${i}`);
    expect(checkUidList("uids", most)).toHaveLength(MAX_UIDS_PER_CALL);
    expect(() => checkUidList("uids", [...most, "one-more"])).toThrow(/uids must name at most/);
    expect(() => checkUidList("uids", ["ok", "a/b"])).toThrow(/^uids\[\] must not contain/);
    expect(() => checkUidList("uids", "alice")).toThrow(/must be a list/);
  });

  it("int32 and seq checks refuse what the columns cannot hold", () => {
    expect(checkInt32("sort", -(2 ** 31))).toBe(-(2 ** 31));
    expect(() => checkInt32("sort", 2 ** 31)).toThrow(/sort must be a 32-bit integer/);
    expect(() => checkInt32("sort", 1.5)).toThrow(ImError);
    expect(checkSeq("seq", 0)).toBe(0);
    expect(() => checkSeq("seq", -1)).toThrow(/seq must be a non-negative integer/);
    expect(() => checkSeq("seq", Number.MAX_SAFE_INTEGER + 1)).toThrow(ImError);
  });

  it("stored text may be anything PostgreSQL holds, and nothing else", () => {
    expect(checkStorable("content", "")).toBe("");
    expect(checkStorable("content", "line\n😀\u0007")).toBe("line\n😀\u0007");
    expect(() => checkStorable("content", "a\u0000")).toThrow(/content must not contain U\+0000/);
    expect(() => checkStorable("content", "\uD83D")).toThrow(/content must not contain an unpaired surrogate/);
    expect(() => checkStorable("content", 7)).toThrow(/content must be a string/);
  });

  it("client keys default to MAX_KEY_LENGTH", () => {
    expect(keyProblem("k".repeat(MAX_KEY_LENGTH))).toBeUndefined();
    expect(() => checkKey("idempotencyKey", "k".repeat(MAX_KEY_LENGTH + 1))).toThrow(/idempotencyKey must be at most/);
  });
});
