import type { BucketState, DeviceType, TimerHandle } from "@im/core";

/** What the gate needs from a socket, whatever carries it (TCP or WebSocket). */
export interface ConnTransport {
  readonly kind: "tcp" | "ws";
  readonly remote: string;
  write(frame: Uint8Array): void;
  /** Bytes written but not yet handed to the kernel. */
  bufferedBytes(): number;
  /** Flushes what was written, then closes; `code` is the close reason (a status code). */
  end(code: number, reason: string): void;
}

export interface Session {
  uid: string;
  deviceType: DeviceType;
  deviceId: string;
  loginSeq: number;
  loginAt: number;
}

/** One client connection on this node. Kept small: idle connections are most of them. */
export class Connection {
  session: Session | null = null;
  lastRecvAt: number;
  bucket: BucketState;
  authTimer: TimerHandle | null = null;
  /** Pushes that arrive while an auth is completing; sent right after AUTH_RESP. */
  held: Uint8Array[] | null = null;
  /** A kick that arrived while auth was completing; carried out right after AUTH_RESP. */
  pendingKick: { reason: number; text: string } | null = null;
  /** Serialises the part of each send that must happen in arrival order. */
  chain: Promise<void> = Promise.resolve();
  closing = false;
  /**
   * Highest inbox seq this connection has been given (AUTH_RESP's max seq, then
   * pushes): after a backplane outage, entries above it are pushed again.
   */
  pushedSeq = 0;

  constructor(
    readonly id: string,
    readonly transport: ConnTransport,
    now: number,
    bucket: BucketState,
  ) {
    this.lastRecvAt = now;
    this.bucket = bucket;
  }

  send(frame: Uint8Array): void {
    if (this.closing) return;
    if (this.held) this.held.push(frame);
    else this.transport.write(frame);
  }

  /** Writes immediately, bypassing held pushes (used for the auth reply itself). */
  sendNow(frame: Uint8Array): void {
    if (!this.closing) this.transport.write(frame);
  }

  releaseHeld(): void {
    const held = this.held;
    this.held = null;
    if (held) for (const f of held) this.send(f);
  }

  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.authTimer?.cancel();
    this.transport.end(code, reason);
  }
}
