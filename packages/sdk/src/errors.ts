import { ErrorCode } from "@im/protocol";

/**
 * Codes for failures the client detects itself. They never travel on the wire
 * and sit in their own 9xxx range, apart from the server's ErrorCode numbers
 * (1xxx frame, 2xxx auth, 3xxx limits, 4xxx request, 5xxx server).
 */
export const ClientErrorCode = {
  /** No answer within requestTimeoutMs (or no connection within connectTimeoutMs). */
  TIMEOUT: 9001,
  /** The connection dropped before the answer arrived. */
  DISCONNECTED: 9002,
  /** The client is not running: never connected, closed, or logged out. */
  CLOSED: 9003,
  /** The server kicked this session out; the client will not reconnect on its own. */
  KICKED: 9004,
  /** No endpoint could be reached. */
  CONNECT_FAILED: 9005,
  /** The server sent something this client cannot understand. */
  PROTOCOL: 9006,
  /** An event listener of the application threw. */
  LISTENER_FAILED: 9007,
} as const;
export type ClientErrorCode = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

const clientCodeNames = new Map<number, string>(Object.entries(ClientErrorCode).map(([name, code]) => [code, name]));

/** Server codes after which the same request (with the same ids) may succeed later. */
const RETRYABLE_SERVER_CODES = new Set<number>([
  ErrorCode.RATE_LIMITED,
  ErrorCode.AUTH_UNAVAILABLE,
  ErrorCode.INTERNAL,
  ErrorCode.UNAVAILABLE,
]);

/** Auth failures that another attempt with the same credentials cannot fix. */
const TERMINAL_AUTH_CODES = new Set<number>([
  ErrorCode.TOKEN_INVALID,
  ErrorCode.TOKEN_EXPIRED,
  ErrorCode.INVALID_ARGUMENT,
  ErrorCode.FORBIDDEN,
  ErrorCode.USER_NOT_FOUND,
]);

/**
 * Every failure the SDK reports. `code` is a protocol ErrorCode (e.g.
 * TOKEN_INVALID 2002) when the server refused, else a ClientErrorCode.
 */
export class ImClientError extends Error {
  constructor(
    readonly code: number,
    message: string,
    /** The server's hint before retrying (RATE_LIMITED, UNAVAILABLE), in ms. */
    readonly retryAfterMs = 0,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ImClientError";
  }

  /** The symbolic name of `code`, e.g. "TOKEN_INVALID" or "TIMEOUT". */
  get codeName(): string {
    return clientCodeNames.get(this.code) ?? ErrorCode[this.code] ?? `CODE_${this.code}`;
  }

  /** True when resending the same request later may succeed. */
  get retryable(): boolean {
    return (
      this.code === ClientErrorCode.TIMEOUT ||
      this.code === ClientErrorCode.DISCONNECTED ||
      this.code === ClientErrorCode.CONNECT_FAILED ||
      RETRYABLE_SERVER_CODES.has(this.code)
    );
  }

  /** True for auth refusals after which reconnecting with the same token is pointless. */
  get terminal(): boolean {
    return TERMINAL_AUTH_CODES.has(this.code);
  }

  static is(err: unknown, code?: number): err is ImClientError {
    return err instanceof ImClientError && (code === undefined || err.code === code);
  }
}
