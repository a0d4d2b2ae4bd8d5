import net from "node:net";
import tls from "node:tls";
import { FrameDecoder } from "@im/protocol";
import type { ConnTransport } from "./connection.ts";
import type { FrameSink } from "./frame-sink.ts";

/** Certificate chain and private key (PEM) for TLS listeners. */
export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
}

/**
 * Accepts TCP clients (over TLS when `tlsMaterial` is given); the byte stream
 * is cut into frames by a FrameDecoder.
 */
export function createTcpListener(sink: FrameSink, maxFrame: number, tlsMaterial?: TlsMaterial): net.Server {
  const onSocket = (socket: net.Socket) => {
    socket.setNoDelay(true);
    const transport: ConnTransport = {
      kind: "tcp",
      remote: `${socket.remoteAddress}:${socket.remotePort}`,
      write: (frame) => {
        if (!socket.destroyed) socket.write(frame);
      },
      bufferedBytes: () => socket.writableLength,
      end: () => {
        if (socket.destroyed) return;
        socket.end();
        // A peer that never reads must not keep the socket open forever.
        setTimeout(() => socket.destroy(), 2000).unref();
      },
    };
    const conn = sink.open(transport);
    if (!conn) return;
    const decoder = new FrameDecoder(maxFrame);
    socket.on("data", (chunk) => {
      const frames = decoder.push(chunk);
      for (const frame of frames) sink.frame(conn, frame);
      if (decoder.error) {
        sink.protocolError(conn, decoder.error);
        socket.pause();
      }
    });
    socket.on("error", () => socket.destroy());
    socket.on("close", () => sink.closed(conn));
  };
  if (!tlsMaterial) return net.createServer({ noDelay: true }, onSocket);
  // A client that never finishes its handshake must not hold a socket for long.
  return tls.createServer({ ...tlsMaterial, noDelay: true, handshakeTimeout: 10_000 }, onSocket);
}
