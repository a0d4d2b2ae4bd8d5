/**
 * Every error the system reports, with its fixed numeric code (the same
 * number goes on the wire as the frame status, see proto/im.proto ErrorCode)
 * and its HTTP status for the REST API. Add codes here, nowhere else.
 */
export const ERRORS = {
  BAD_MAGIC: { code: 1001, http: 400 },
  BAD_VERSION: { code: 1002, http: 400 },
  BAD_LENGTH: { code: 1003, http: 400 },
  FRAME_TOO_LARGE: { code: 1004, http: 413 },
  BAD_FLAGS: { code: 1005, http: 400 },
  BAD_RESERVED: { code: 1006, http: 400 },
  UNKNOWN_CMD: { code: 1007, http: 400 },
  BAD_BODY: { code: 1008, http: 400 },
  NOT_AUTHENTICATED: { code: 2001, http: 401 },
  TOKEN_INVALID: { code: 2002, http: 401 },
  TOKEN_EXPIRED: { code: 2003, http: 401 },
  AUTH_TIMEOUT: { code: 2004, http: 401 },
  ALREADY_AUTHENTICATED: { code: 2005, http: 409 },
  AUTH_UNAVAILABLE: { code: 2006, http: 503 },
  KICKED: { code: 2007, http: 409 },
  RATE_LIMITED: { code: 3001, http: 429 },
  TOO_MANY_CONNECTIONS: { code: 3002, http: 503 },
  IDLE_TIMEOUT: { code: 3003, http: 408 },
  INVALID_ARGUMENT: { code: 4001, http: 400 },
  FORBIDDEN: { code: 4003, http: 403 },
  USER_NOT_FOUND: { code: 4004, http: 404 },
  NOT_FOUND: { code: 4005, http: 404 },
  NOT_GROUP_MEMBER: { code: 4006, http: 403 },
  MUTED: { code: 4007, http: 403 },
  CONFLICT: { code: 4009, http: 409 },
  CONTENT_TOO_LARGE: { code: 4013, http: 413 },
  INTERNAL: { code: 5000, http: 500 },
  UNAVAILABLE: { code: 5003, http: 503 },
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
