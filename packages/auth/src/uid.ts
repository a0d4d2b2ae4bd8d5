import { isValidIdentifier, MAX_ID_LENGTH } from "@im/core";

/** Longest uid accepted, in characters (code points): the identifier limit. */
export const MAX_UID_LENGTH = MAX_ID_LENGTH;

/** A uid is an identifier by the one rule in @im/core (see ID_RULE there). */
export function isValidUid(uid: unknown): uid is string {
  return isValidIdentifier(uid);
}
