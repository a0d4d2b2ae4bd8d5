import { decodeFrame, type Frame, FrameError } from "@im/protocol";
import { defaultWebSocket } from "#platform";
import type { Transport, TransportClose } from "./transport.ts";
import type { PemData } from "./types.ts";

/**
 * The part of the standard WebSocket API the transport uses; the browser's
 * native WebSocket and the `ws` package both provide it.
 */
interface WebSocketLike {
  binaryType: string;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: { message?: string; error?: unknown }) => void) | null;
}

/**
 * A WebSocket class: the browser's `WebSocket`, or the `ws` package's default
 * export. Typed loosely so either fits without a cast.
 */
export type WebSocketConstructor = new (url: string) => object;

export interface WsTransportOptions {
  url: string;
  /** Largest frame accepted from the server. */
  maxFrameBytes: number;
  /** WebSocket class to use; defaults to `ws` under Node and the global WebSocket in browsers. */
  webSocket?: WebSocketConstructor;
  /** For wss:// under Node (`ws`): certificate authorities (PEM) to trust instead of the system ones. */
  ca?: PemData;
}

const NORMAL_CLOSURE = 1000;
const UNSUPPORTED_DATA = 1003;

/** Frames over WebSocket: each binary message carries exactly one frame. */
export class WsTransport implements Transport {
  private socket: WebSocketLike | undefined;
  private frameHandler: (frame: Frame) => void = () => {};
  private closeHandler: (info: TransportClose) => void = () => {};
  private open = false;
  private closed = false;
  private broken = false;
  private closeInfo: TransportClose | undefined;

  constructor(private readonly options: WsTransportOptions) {}

  onFrame(handler: (frame: Frame) => void): void {
    this.frameHandler = handler;
  }

  onClose(handler: (info: TransportClose) => void): void {
    this.closeHandler = handler;
  }

  async connect(): Promise<void> {
    const WebSocketClass = (this.options.webSocket ?? (await defaultWebSocket())) as new (
      url: string,
      options?: { ca: unknown },
    ) => WebSocketLike;
    if (this.closed) throw new Error(this.closeInfo?.reason ?? "closed before it opened");
    await new Promise<void>((resolve, reject) => {
      // Only `ws` takes options here (the browser's WebSocket trusts the system's CAs itself).
      const socket = this.options.ca
        ? new WebSocketClass(this.options.url, { ca: this.options.ca })
        : new WebSocketClass(this.options.url);
      this.socket = socket;
      socket.binaryType = "arraybuffer";
      socket.onopen = () => {
        this.open = true;
        resolve();
      };
      socket.onmessage = (event) => this.receive(event.data);
      socket.onerror = (event) => {
        const message = event.message || (event.error instanceof Error ? event.error.message : "WebSocket error");
        this.closeInfo ??= { reason: message, error: event.error instanceof Error ? event.error : new Error(message) };
      };
      socket.onclose = (event) => {
        if (!this.open) {
          this.closed = true;
          reject(this.closeInfo?.error ?? new Error(`WebSocket closed before it opened (${event.code})`));
          return;
        }
        this.finish(
          this.closeInfo ?? {
            reason: event.reason || `connection closed by the server (${event.code})`,
            code: event.code,
          },
        );
      };
    });
  }

  send(frame: Uint8Array): void {
    if (!this.open || this.closed) return;
    this.socket?.send(frame);
  }

  close(reason = "closed by the client"): void {
    if (this.closed) return;
    this.closeInfo ??= { reason };
    // Not created yet (still loading the WebSocket class): connect() sees `closed` and gives up.
    if (!this.socket) this.closed = true;
    else if (!this.open) this.socket.close();
    else this.socket.close(NORMAL_CLOSURE);
  }

  private receive(data: unknown): void {
    // After a bad frame the rest of the stream is dropped while the close completes.
    if (this.closed || this.broken) return;
    let frame: Frame;
    try {
      if (!(data instanceof ArrayBuffer)) throw new Error("text WebSocket message; frames travel as binary messages");
      frame = decodeFrame(new Uint8Array(data), this.options.maxFrameBytes);
    } catch (err) {
      const error = err as Error;
      this.broken = true;
      this.closeInfo = {
        reason: `bad frame from server: ${error.message}`,
        code: err instanceof FrameError ? err.code : undefined,
        error,
      };
      this.socket?.close(UNSUPPORTED_DATA);
      return;
    }
    this.frameHandler(frame);
  }

  private finish(info: TransportClose): void {
    if (this.closed) return;
    this.closed = true;
    this.closeHandler(info);
  }
}
