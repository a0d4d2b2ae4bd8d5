/**
 * WebSocket close codes. The protobuf schema has no place for them (they are
 * the WebSocket layer's, not a frame's), so they are defined here, once, for
 * the server and every client.
 */

/** Normal closure (RFC 6455): the server ended the connection without an error. */
export const WS_CLOSE_NORMAL = 1000;

/**
 * The WebSocket close code for a protocol status code (an ErrorCode):
 * 4000 + category * 100 + code % 100, e.g. AUTH_TIMEOUT 2004 -> 4204;
 * status 0 closes normally.
 */
export function wsCloseCode(status: number): number {
  if (status === 0) return WS_CLOSE_NORMAL;
  return 4000 + Math.floor(status / 1000) * 100 + (status % 100);
}
