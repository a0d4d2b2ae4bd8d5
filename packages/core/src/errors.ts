import { im } from "@im/protocol";

const E = im.ErrorCode;

/**
 * Every error the system reports, with its fixed numeric code (taken from
 * proto/im.proto ErrorCode through the generated code; the same number goes on
 * the wire as the frame status) and its HTTP status for the REST API. A new
 * code is added to the proto first, then mapped here.
 */
export const ERRORS = {
  BAD_MAGIC: { code: E.BAD_MAGIC, http: 400 },
  BAD_VERSION: { code: E.BAD_VERSION, http: 400 },
  BAD_LENGTH: { code: E.BAD_LENGTH, http: 400 },
  FRAME_TOO_LARGE: { code: E.FRAME_TOO_LARGE, http: 413 },
  BAD_FLAGS: { code: E.BAD_FLAGS, http: 400 },
  BAD_RESERVED: { code: E.BAD_RESERVED, http: 400 },
  UNKNOWN_CMD: { code: E.UNKNOWN_CMD, http: 400 },
  BAD_BODY: { code: E.BAD_BODY, http: 400 },
  NOT_AUTHENTICATED: { code: E.NOT_AUTHENTICATED, http: 401 },
  TOKEN_INVALID: { code: E.TOKEN_INVALID, http: 401 },
  TOKEN_EXPIRED: { code: E.TOKEN_EXPIRED, http: 401 },
  AUTH_TIMEOUT: { code: E.AUTH_TIMEOUT, http: 401 },
  ALREADY_AUTHENTICATED: { code: E.ALREADY_AUTHENTICATED, http: 409 },
  AUTH_UNAVAILABLE: { code: E.AUTH_UNAVAILABLE, http: 503 },
  KICKED: { code: E.KICKED, http: 409 },
  RATE_LIMITED: { code: E.RATE_LIMITED, http: 429 },
  TOO_MANY_CONNECTIONS: { code: E.TOO_MANY_CONNECTIONS, http: 503 },
  IDLE_TIMEOUT: { code: E.IDLE_TIMEOUT, http: 408 },
  INVALID_ARGUMENT: { code: E.INVALID_ARGUMENT, http: 400 },
  FORBIDDEN: { code: E.FORBIDDEN, http: 403 },
  USER_NOT_FOUND: { code: E.USER_NOT_FOUND, http: 404 },
  NOT_FOUND: { code: E.NOT_FOUND, http: 404 },
  NOT_GROUP_MEMBER: { code: E.NOT_GROUP_MEMBER, http: 403 },
  MUTED: { code: E.MUTED, http: 403 },
  CONFLICT: { code: E.CONFLICT, http: 409 },
  CONTENT_TOO_LARGE: { code: E.CONTENT_TOO_LARGE, http: 413 },
  INTERNAL: { code: E.INTERNAL, http: 500 },
  UNAVAILABLE: { code: E.UNAVAILABLE, http: 503 },
} as const;

export type ErrorName = keyof typeof ERRORS;

const byCode = new Map<number, ErrorName>(Object.entries(ERRORS).map(([name, e]) => [e.code, name as ErrorName]));

/** An expected failure with a fixed code; anything else thrown is a bug and maps to INTERNAL. */
export class ImError extends Error {
  readonly code: number;
  readonly http: number;

  constructor(
    readonly kind: ErrorName,
    message: string,
    readonly retryAfterMs = 0,
  ) {
    super(message);
    this.name = "ImError";
    this.code = ERRORS[kind].code;
    this.http = ERRORS[kind].http;
  }

  static is(err: unknown, name?: ErrorName): err is ImError {
    return err instanceof ImError && (name === undefined || err.kind === name);
  }
}

export function errorName(code: number): ErrorName | undefined {
  return byCode.get(code);
}

/** Converts anything thrown into an ImError; internals of unexpected errors are not exposed. */
export function toImError(err: unknown): ImError {
  if (err instanceof ImError) return err;
  return new ImError("INTERNAL", "internal error");
}
