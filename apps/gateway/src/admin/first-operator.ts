import { randomBytes } from "node:crypto";
import { ImError } from "@im/core";
import { anyOperatorExists } from "@im/storage";
import { createOperator, type OperatorDb, onPrisma } from "./operators.ts";

export interface FirstOperator {
  username: string;
  /** Shown once, to whoever starts the system first; only its hash is stored. */
  password: string;
}

/**
 * On a fresh install there is no operator to sign in to the console with:
 * create `admin` with a random password and hand it back to be printed once.
 * Returns null when any operator exists already (or another node won the race).
 */
export async function ensureFirstOperator(db: OperatorDb): Promise<FirstOperator | null> {
  if (await onPrisma(db, anyOperatorExists)) return null;
  const first = { username: "admin", password: randomBytes(15).toString("base64url") };
  try {
    await createOperator(db, { ...first, role: "admin" });
  } catch (err) {
    if (err instanceof ImError && err.kind === "CONFLICT") return null;
    throw err;
  }
  return first;
}
