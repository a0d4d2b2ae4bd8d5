import net from "node:net";
import tls from "node:tls";
import { type Frame, FrameDecoder } from "@im/protocol";
import type { Transport, TransportClose } from "./transport.ts";
import type { PemData } from "./types.ts";

export interface TcpTransportOptions {
  host: string;
  port: number;
  /** Largest frame accepted from the server. */
  maxFrameBytes: number;
  /** TLS, verifying the server's certificate against the system CAs or `ca`. */
  tls?: boolean;
  /** Certificate authorities (PEM) to trust instead of the system ones, e.g. a private CA. */
  ca?: PemData;
}

/** Frames over a plain TCP stream (node:net); frames may be split or coalesced by the network. */
export class TcpTransport implements Transport {
  private socket: net.Socket | undefined;
  private readonly decoder: FrameDecoder;
  private frameHandler: (frame: Frame) => void = () => {};
  private closeHandler: (info: TransportClose) => void = () => {};
  private open = false;
  private closed = false;
  private closeInfo: TransportClose | undefined;

  constructor(private readonly options: TcpTransportOptions) {
    this.decoder = new FrameDecoder(options.maxFrameBytes);
  }

  onFrame(handler: (frame: Frame) => void): void {
    this.frameHandler = handler;
  }

  onClose(handler: (info: TransportClose) => void): void {
    this.closeHandler = handler;
  }

  connect(): Promise<void> {
    if (this.closed) return Promise.reject(new Error(this.closeInfo?.reason ?? "closed before it opened"));
    return new Promise((resolve, reject) => {
      const { host, port } = this.options;
      // Certificate and hostname are always verified (rejectUnauthorized stays at its default, true).
      const socket = this.options.tls
        ? tls.connect({
            host,
            port,
            ...(net.isIP(host) ? {} : { servername: host }),
            // Node's TLS reads any Uint8Array, not only Buffers.
            ...(this.options.ca ? { ca: this.options.ca as string | Buffer | (string | Buffer)[] } : {}),
          })
        : net.connect({ host, port });
      this.socket = socket;
      socket.setNoDelay(true);
      socket.once(this.options.tls ? "secureConnect" : "connect", () => {
        this.open = true;
        resolve();
      });
      socket.on("data", (chunk: Buffer) => this.receive(chunk));
      socket.on("error", (err) => {
        this.closeInfo ??= { reason: err.message, error: err };
      });
      socket.on("close", () => {
        if (!this.open) {
          this.closed = true;
          reject(this.closeInfo?.error ?? new Error(this.closeInfo?.reason ?? "connection closed before it opened"));
          return;
        }
        this.finish(this.closeInfo ?? { reason: "connection closed by the server" });
      });
    });
  }

  send(frame: Uint8Array): void {
    if (this.closed || !this.socket) return;
    this.socket.write(frame);
  }

  close(reason = "closed by the client"): void {
    if (this.closed) return;
    this.closeInfo ??= { reason };
    if (!this.socket) {
      this.closed = true;
      return;
    }
    if (!this.open) {
      this.socket.destroy();
      return;
    }
    this.socket.end();
    // A peer that never answers our FIN must not keep the socket alive.
    setTimeout(() => this.socket?.destroy(), 1000).unref();
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    const frames = this.decoder.push(chunk);
    for (const frame of frames) {
      if (this.closed) return;
      this.frameHandler(frame);
    }
    const err = this.decoder.error;
    if (err && !this.closed) {
      this.closeInfo = { reason: `bad frame from server: ${err.message}`, code: err.code, error: err };
      this.socket?.destroy();
    }
  }

  private finish(info: TransportClose): void {
    if (this.closed) return;
    this.closed = true;
    this.closeHandler(info);
  }
}
