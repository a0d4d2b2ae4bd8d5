import net from "node:net";
import { mintToken } from "@im/auth";
import {
  Cmd,
  type CmdBodies,
  decodeBody,
  decodeFrame,
  encodeMessage,
  type Frame,
  FrameDecoder,
  type KnownCmd,
} from "@im/protocol";
import WebSocket from "ws";

export interface ReceivedFrame extends Frame {
  decoded: unknown;
}

/**
 * A deliberately low-level client for tests: sends raw bytes or frames and
 * records every frame the server sends, so tests can check exact protocol behaviour.
 */
export class RawClient {
  readonly frames: ReceivedFrame[] = [];
  closed = false;
  closeCode: number | null = null;
  private waiters: (() => void)[] = [];
  private seq = 0;

  private constructor(
    private readonly writeBytes: (b: Uint8Array) => void,
    private readonly doClose: () => void,
  ) {}

  static tcp(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1");
      const client = new RawClient(
        (b) => socket.write(b),
        () => socket.destroy(),
      );
      const decoder = new FrameDecoder(16 * 1024 * 1024);
      socket.on("data", (chunk) => {
        for (const f of decoder.push(chunk)) client.receive(f);
      });
      socket.on("close", () => client.onClose(null));
      socket.on("error", () => {});
      socket.once("connect", () => resolve(client));
      socket.once("error", reject);
    });
  }

  static ws(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
      const client = new RawClient(
        (b) => ws.send(b),
        () => ws.terminate(),
      );
      ws.on("message", (data) => client.receive(decodeFrame(data as Buffer, 16 * 1024 * 1024)));
      ws.on("close", (code) => client.onClose(code));
      ws.on("error", () => {});
      ws.once("open", () => resolve(client));
      ws.once("error", reject);
    });
  }

  /**
   * Connects over TCP and authenticates with a token minted from `secret`;
   * throws with the status when the server refuses.
   */
  static async login(port: number, secret: string, uid: string, deviceType = 4): Promise<RawClient> {
    const c = await RawClient.tcp(port);
    const r = await c.request(Cmd.AUTH_REQ, {
      token: await mintToken({ secret, uid }),
      deviceType,
      deviceId: `${uid}-${deviceType}`,
    });
    if (r.cmd !== Cmd.AUTH_RESP) {
      c.close();
      throw new Error(`auth of ${uid} failed with status ${r.status}`);
    }
    return c;
  }

  sendRaw(bytes: Uint8Array): void {
    this.writeBytes(bytes);
  }

  /** Sends a request and returns its header seq. */
  send<C extends KnownCmd>(cmd: C, body: CmdBodies[C]): number {
    const seq = ++this.seq;
    this.writeBytes(encodeMessage(cmd, seq, body));
    return seq;
  }

  /** Sends a request and waits for the frame answering it (its response or an ERROR). */
  async request<C extends KnownCmd>(cmd: C, body: CmdBodies[C], timeoutMs = 5000): Promise<ReceivedFrame> {
    const seq = this.send(cmd, body);
    return this.waitFor((f) => f.seq === seq && f.cmd !== 18, timeoutMs);
  }

  async waitFor(pred: (f: ReceivedFrame) => boolean, timeoutMs = 5000): Promise<ReceivedFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.frames.find(pred);
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching frame within ${timeoutMs} ms; got cmds ${this.frames.map((f) => f.cmd)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async waitClosed(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error("connection did not close");
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.doClose();
  }

  private receive(frame: Frame): void {
    let decoded: unknown = null;
    try {
      decoded = decodeBody(frame, 16 * 1024 * 1024);
    } catch {
      decoded = null;
    }
    this.frames.push({ ...frame, decoded });
    this.wake();
  }

  private onClose(code: number | null): void {
    this.closed = true;
    this.closeCode = code;
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }
}
