import { ImError } from "@im/core";

/** Opaque page cursor: base64url of JSON, so clients cannot mistake it for something to build. */
export function encodeCursor(state: unknown): string {
  return Buffer.from(JSON.stringify(state)).toString("base64url");
}

/** The state behind a cursor, checked by `valid`; INVALID_ARGUMENT for anything else. */
export function decodeCursor<T>(cursor: string, valid: (v: unknown) => v is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    value = undefined;
  }
  if (!valid(value)) throw new ImError("INVALID_ARGUMENT", "cursor is not one this list handed out");
  return value;
}
