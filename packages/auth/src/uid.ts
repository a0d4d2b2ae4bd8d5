/** Longest uid accepted, in characters (code points). */
export const MAX_UID_LENGTH = 64;

// Control characters (C0, DEL, C1) and unpaired surrogates cannot be stored or logged safely.
const FORBIDDEN = /[\p{Cc}\p{Cs}]/u;

/** A uid is 1–64 characters with no control characters and no unpaired surrogates. */
export function isValidUid(uid: unknown): uid is string {
  if (typeof uid !== "string" || uid.length === 0 || uid.length > MAX_UID_LENGTH * 2) return false;
  if (FORBIDDEN.test(uid)) return false;
  let count = 0;
  for (const _ of uid) count++;
  return count <= MAX_UID_LENGTH;
}
