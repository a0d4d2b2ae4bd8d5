import type http from "node:http";
import { decodeFrame, FrameError, im, wsCloseCode } from "@im/protocol";
import { WebSocketServer } from "ws";
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
  // Frames a little over the limit still get a FRAME_TOO_LARGE error frame; far larger ones are cut off by ws.
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
    ws.on("error", () => ws.terminate());
    ws.on("close", () => sink.closed(conn));
  });
  return wss;
}
