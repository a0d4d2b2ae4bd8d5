import { EventEmitter } from "node:events";
import type http from "node:http";
import { decodeFrame, FrameError, im, wsCloseCode } from "@im/protocol";
import { type WebSocket, WebSocketServer } from "ws";
import type { ConnTransport } from "./connection.ts";
import type { FrameSink } from "./frame-sink.ts";

/** Accepts WebSocket clients on `path`; each binary message must hold exactly one frame. */
export function attachWsListener(
  server: http.Server,
  sink: FrameSink,
  maxFrame: number,
  /** Decides on the upgrade request's Origin and Host headers; refused upgrades get 403. */
  allowOrigin: (origin: string | undefined, host: string | undefined) => boolean = () => true,
  path = "/ws",
): WebSocketServer {
  // A message a little over the limit reaches decodeFrame and gets FRAME_TOO_LARGE there; ws cuts off
  // far larger ones as soon as their WebSocket header arrives, and tooLarge() answers those.
  const wss = new WebSocketServer({
    server,
    path,
    maxPayload: maxFrame * 2,
    perMessageDeflate: false,
    verifyClient: ({ req }, done) => {
      if (allowOrigin(req.headers.origin, req.headers.host)) done(true);
      else done(false, 403, "origin not allowed");
    },
  });
  wss.on("connection", (ws, req) => {
    const transport: ConnTransport = {
      kind: "ws",
      remote: `${req.socket.remoteAddress}:${req.socket.remotePort}`,
      write: (frame) => {
        if (ws.readyState === ws.OPEN) ws.send(frame, { binary: true });
      },
      bufferedBytes: () => ws.bufferedAmount,
      end: (code, reason) => {
        if (ws.readyState === ws.OPEN) ws.close(wsCloseCode(code), reason.slice(0, 120));
        setTimeout(() => ws.terminate(), 2000).unref();
      },
    };
    const conn = sink.open(transport);
    if (!conn) return;
    // ws closes with 1009 right after emitting this on its receiver, before the socket's own "error"
    // event: listening first lets the ERROR frame go out ahead of that close, as for every other close.
    receiverOf(ws)?.prependListener("error", (err: Error & { code?: string }) => {
      if (err.code !== TOO_LARGE) return;
      sink.protocolError(
        conn,
        new FrameError(im.ErrorCode.FRAME_TOO_LARGE, `WebSocket message exceeds the limit of ${maxFrame} bytes`),
      );
    });
    ws.on("message", (data, isBinary) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (!isBinary) {
        sink.protocolError(conn, new FrameError(im.ErrorCode.BAD_LENGTH, "text messages are not frames; send binary"));
        return;
      }
      try {
        sink.frame(conn, decodeFrame(buf, maxFrame));
      } catch (err) {
        if (err instanceof FrameError) sink.protocolError(conn, err);
        else throw err;
      }
    });
    ws.on("error", (err: Error & { code?: string }) => {
      // The too-large close is under way (see above); end() terminates it if the peer never answers.
      if (err.code !== TOO_LARGE) ws.terminate();
    });
    ws.on("close", () => sink.closed(conn));
  });
  return wss;
}

const TOO_LARGE = "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH";

/** ws's frame parser; not public API, so a ws without it falls back to a bare 1009 close. */
function receiverOf(ws: WebSocket): EventEmitter | undefined {
  const receiver = (ws as unknown as { _receiver?: unknown })._receiver;
  return receiver instanceof EventEmitter ? receiver : undefined;
}
