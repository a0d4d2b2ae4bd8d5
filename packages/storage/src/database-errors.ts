import { ImError } from "@im/core";

/**
 * The one mapping of database failures to errors, for every store and the
 * gateway. A failure of the server or the connection is a retryable
 * UNAVAILABLE (nothing the caller did was wrong, and no internals leak);
 * a unique violation the caller expects is a CONFLICT; a value the database
 * refuses (class 22: bad encoding, out of range) is the caller's
 * INVALID_ARGUMENT. ImErrors pass unchanged.
 */
export interface DatabaseErrorMapping {
  /** What was unavailable, for the UNAVAILABLE message (e.g. "group storage"). */
  what: string;
  /** The Retry-After hint of an UNAVAILABLE (default 0: none). */
  retryAfterMs?: number;
  /** Receives the driver's error behind every UNAVAILABLE (it may carry internals; log it, never send it). */
  onError?: (err: unknown) => void;
  /** The message of the CONFLICT a unique violation becomes; without it a unique violation is UNAVAILABLE. */
  conflict?: string | ((constraint: string | undefined) => string | undefined);
}

/**
 * Codes after which a transaction may run again from the start: serialization
 * failure, deadlock detected, and Prisma Client's name for both (P2034).
 */
const TRANSIENT_CODES = new Set(["40001", "40P01", "P2034"]);
const UNIQUE_VIOLATIONS = new Set(["23505", "P2002"]);
/** Prisma Client's codes for a value the database refused (too long, invalid, out of range). */
const PRISMA_REFUSED_VALUES = new Set(["P2000", "P2006", "P2007", "P2020", "P2023"]);
/** A foreign key violation, and Prisma Client's name for it (P2003). */
const FOREIGN_KEY_VIOLATIONS = new Set(["23503", "P2003"]);

/** What Prisma Client's driver adapter reports of the database's own error. */
interface AdapterCause {
  originalCode?: unknown;
  constraint?: { index?: unknown };
}

function adapterCause(err: unknown): AdapterCause | undefined {
  const meta = (err as { meta?: { driverAdapterError?: { cause?: AdapterCause } } } | null)?.meta;
  return meta?.driverAdapterError?.cause;
}

/**
 * The SQLSTATE (or Node errno name, or Prisma Client's P-code) of a driver
 * error, undefined for anything else. A raw statement's failure on Prisma
 * Client (P2010, "raw query failed") gives the SQLSTATE the database sent, so
 * a deadlock, a unique violation or a refused value in a raw statement counts
 * as one.
 */
export function sqlState(err: unknown): string | undefined {
  if (err instanceof ImError) return undefined;
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "P2010") {
    const original = adapterCause(err)?.originalCode;
    if (typeof original === "string") return original;
  }
  return typeof code === "string" ? code : undefined;
}

/** The constraint a violation names: pg's error field, or what Prisma Client's driver adapter passes on. */
function constraintOf(err: unknown): string | undefined {
  const own = (err as { constraint?: unknown } | null)?.constraint;
  if (typeof own === "string") return own;
  const index = adapterCause(err)?.constraint?.index;
  return typeof index === "string" ? index : undefined;
}

/** A serialization failure or a deadlock: rerunning the whole transaction may succeed. */
export function isTransientFailure(err: unknown): boolean {
  const state = sqlState(err);
  return state !== undefined && TRANSIENT_CODES.has(state);
}

/** A unique violation, optionally of one named constraint. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const state = sqlState(err);
  if (state === undefined || !UNIQUE_VIOLATIONS.has(state)) return false;
  return constraint === undefined || constraintOf(err) === constraint;
}

/** A foreign key violation: the row referred to is not there (or no longer). */
export function isForeignKeyViolation(err: unknown): boolean {
  const state = sqlState(err);
  return state !== undefined && FOREIGN_KEY_VIOLATIONS.has(state);
}

/** Converts whatever a database call threw into the error the caller of a store sees. */
export function databaseError(err: unknown, mapping: DatabaseErrorMapping): ImError {
  if (err instanceof ImError) return err;
  const state = sqlState(err);
  if (state !== undefined && UNIQUE_VIOLATIONS.has(state) && mapping.conflict !== undefined) {
    const message = typeof mapping.conflict === "string" ? mapping.conflict : mapping.conflict(constraintOf(err));
    if (message !== undefined) return new ImError("CONFLICT", message);
  }
  if (state?.startsWith("22") || (state !== undefined && PRISMA_REFUSED_VALUES.has(state)))
    return new ImError("INVALID_ARGUMENT", "a value was refused by storage");
  mapping.onError?.(err);
  return new ImError("UNAVAILABLE", `${mapping.what} unavailable, retry`, mapping.retryAfterMs ?? 0);
}
