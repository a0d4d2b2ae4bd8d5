import { ImError } from "./errors.ts";

/**
 * One vocabulary for what identifiers and text may contain, shared by the REST
 * edge (zod schemas built from it), the realtime protocol and the stores.
 * Pure functions: each returns why a value is refused, or undefined.
 */

/** Longest identifier (uid, group id, org unit id, business line id, device id, conversation id), in code points. */
export const MAX_ID_LENGTH = 64;
/** Longest name of anything (user, group, org unit, business line), in code points. */
export const MAX_NAME_LENGTH = 128;
/** Longest group announcement, in code points. */
export const MAX_ANNOUNCEMENT_LENGTH = 16_384;
/** Largest user `extra` object, in bytes of its UTF-8 JSON. */
export const MAX_EXTRA_BYTES = 8_192;
/** Deepest nesting of a user `extra` object (the object itself is level 1). */
export const MAX_EXTRA_DEPTH = 8;

/** The rule in words, for error messages and API docs. */
export const ID_RULE =
  `1-${MAX_ID_LENGTH} characters: ASCII letters, digits and . _ - @ :, or non-ASCII letters, digits, marks ` +
  "and symbols; not starting with a dot, no ..";

// ASCII is an allowlist so that / \ whitespace, quotes, % and the like never reach paths, logs or URLs;
// beyond ASCII, letters, marks, digits and symbols (CJK names, emoji) are allowed, while spaces, format
// characters (zero-width, bidi overrides), controls, surrogates and unassigned code points are not.
const ID_CHAR = /^(?:[A-Za-z0-9._@:-]|(?!\p{ASCII})[\p{L}\p{M}\p{N}\p{S}])$/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0, DEL, C1 and the invisible direction overrides that make one name look like another.
const CONTROL_IN_NAME = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/u;
// Content may span lines: tab, LF and CR are the only controls it keeps.
const CONTROL_IN_TEXT = /(?![\t\n\r])[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

function codePoints(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** Why PostgreSQL text cannot hold `value` as sent (U+0000, unpaired surrogates), or undefined. */
export function storableProblem(value: string): string | undefined {
  if (value.includes("\u0000")) return "must not contain U+0000";
  if (LONE_SURROGATE.test(value)) return "must not contain an unpaired surrogate";
  return undefined;
}

/** Why `value` is not an identifier (see ID_RULE), or undefined. */
export function identifierProblem(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length === 0) return "is required";
  const stored = storableProblem(value);
  if (stored) return stored;
  if (value.length > MAX_ID_LENGTH * 2 || codePoints(value) > MAX_ID_LENGTH)
    return `must be at most ${MAX_ID_LENGTH} characters`;
  if (value.startsWith(".")) return "must not start with a dot";
  if (value.includes("..")) return 'must not contain ".."';
  for (const ch of value) if (!ID_CHAR.test(ch)) return `must not contain ${JSON.stringify(ch)} (${ID_RULE})`;
  return undefined;
}

export function isValidIdentifier(value: unknown): value is string {
  return identifierProblem(value) === undefined;
}

/**
 * Why `value` is not a name: required names are non-empty after trimming,
 * carry no surrounding whitespace, no controls or invisible direction marks,
 * and at most `max` code points.
 */
export function nameProblem(value: string, max = MAX_NAME_LENGTH): string | undefined {
  const stored = storableProblem(value);
  if (stored) return stored;
  if (value.trim().length === 0) return "must not be empty or whitespace only";
  if (value.trim() !== value) return "must not start or end with whitespace";
  if (CONTROL_IN_NAME.test(value)) return "must not contain control or invisible formatting characters";
  if (codePoints(value) > max) return `must be at most ${max} characters`;
  return undefined;
}

/** Why `value` is not free text (announcement, reason): may be empty and span lines; no other controls. */
export function textProblem(value: string, max: number): string | undefined {
  const stored = storableProblem(value);
  if (stored) return stored;
  if (CONTROL_IN_TEXT.test(value)) return "must not contain control characters other than tab and line breaks";
  if (codePoints(value) > max) return `must be at most ${max} characters`;
  return undefined;
}

/**
 * Why `value` is not an opaque client-chosen key (client message id,
 * idempotency key): 1-`max` characters, storable, no control characters.
 */
export function keyProblem(value: unknown, max = MAX_ID_LENGTH): string | undefined {
  if (typeof value !== "string" || value.length === 0) return "is required";
  const stored = storableProblem(value);
  if (stored) return stored;
  if (/\p{Cc}/u.test(value)) return "must not contain control characters";
  if (codePoints(value) > max) return `must be at most ${max} characters`;
  return undefined;
}

/** `value` as an identifier, or INVALID_ARGUMENT naming `field`. */
export function checkIdentifier(field: string, value: unknown): string {
  const problem = identifierProblem(value);
  if (problem) throw new ImError("INVALID_ARGUMENT", `${field} ${problem}`);
  return value as string;
}

/** `value` as a client-chosen key, or INVALID_ARGUMENT naming `field`. */
export function checkKey(field: string, value: unknown, max = MAX_ID_LENGTH): string {
  const problem = keyProblem(value, max);
  if (problem) throw new ImError("INVALID_ARGUMENT", `${field} ${problem}`);
  return value as string;
}

/** `value` as a name, or INVALID_ARGUMENT naming `field`. */
export function checkName(field: string, value: string, max = MAX_NAME_LENGTH): string {
  const problem = nameProblem(value, max);
  if (problem) throw new ImError("INVALID_ARGUMENT", `${field} ${problem}`);
  return value;
}

/** `value` as free text, or INVALID_ARGUMENT naming `field`. */
export function checkFreeText(field: string, value: string, max: number): string {
  const problem = textProblem(value, max);
  if (problem) throw new ImError("INVALID_ARGUMENT", `${field} ${problem}`);
  return value;
}

/**
 * A message body as sent by a client: at most `maxBytes` of UTF-8
 * (CONTENT_TOO_LARGE) and no U+0000, which PostgreSQL text cannot hold.
 */
export function checkContent(field: string, value: string, maxBytes: number): string {
  if (Buffer.byteLength(value, "utf8") > maxBytes)
    throw new ImError("CONTENT_TOO_LARGE", `${field} exceeds ${maxBytes} bytes`);
  if (value.includes("\u0000")) throw new ImError("INVALID_ARGUMENT", `${field} must not contain U+0000`);
  return value;
}

/** Why `value` is not a bounded JSON object for `extra` (size and depth), or undefined. */
export function extraProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "must be a JSON object";
  // Walked without recursion: a hostile depth must not overflow the stack before it is refused.
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 1 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop() as { v: unknown; depth: number };
    if (typeof v !== "object" || v === null) continue;
    if (depth > MAX_EXTRA_DEPTH) return `must not nest deeper than ${MAX_EXTRA_DEPTH} levels`;
    for (const child of Object.values(v)) stack.push({ v: child, depth: depth + 1 });
  }
  if (new TextEncoder().encode(JSON.stringify(value)).length > MAX_EXTRA_BYTES)
    return `must be at most ${MAX_EXTRA_BYTES} bytes as JSON`;
  return undefined;
}

// Plain decimal only: no sign, exponent, hex, blanks or leading zeros; 16 digits covers every safe integer.
const DECIMAL = /^(?:0|[1-9][0-9]{0,15})$/;

/** A non-negative integer written as plain decimal digits, or undefined ("0x10", " 7", "1e3", "+1", "01" are not). */
export function parseDecimal(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}
