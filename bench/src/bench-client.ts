import net from "node:net";
import { Cmd, type CmdBodies, decodeBody, encodeMessage, type Frame, FrameDecoder, type KnownCmd } from "@im/protocol";

/**
 * A minimal TCP client for load generation: no retries, no dedupe, just
 * frames, so the generator spends as little CPU as possible per message.
 */
export class BenchClient {
  private seq = 0;
  private readonly pending = new Map<number, (f: Frame) => void>();
  onPush: (frame: Frame) => void = () => {};
  private readonly socket: net.Socket;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    const decoder = new FrameDecoder(1 << 20);
    socket.on("data", (chunk) => {
      for (const f of decoder.push(chunk)) {
        if (f.cmd === Cmd.MSG_PUSH) this.onPush(f);
        else {
          const cb = this.pending.get(f.seq);
          if (cb) {
            this.pending.delete(f.seq);
            cb(f);
          }
        }
      }
    });
  }

  static connect(port: number, localAddress?: string): Promise<BenchClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: "127.0.0.1", localAddress, noDelay: true });
      socket.once("connect", () => resolve(new BenchClient(socket)));
      socket.once("error", reject);
    });
  }

  request<C extends KnownCmd>(cmd: C, body: CmdBodies[C]): Promise<Frame> {
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.pending.set(seq, resolve);
      this.socket.write(encodeMessage(cmd, seq, body));
    });
  }

  send<C extends KnownCmd>(cmd: C, body: CmdBodies[C]): void {
    this.socket.write(encodeMessage(cmd, ++this.seq, body));
  }

  async auth(token: string, deviceId: string): Promise<void> {
    const f = await this.request(Cmd.AUTH_REQ, { token, deviceType: 4, deviceId });
    if (f.cmd !== Cmd.AUTH_RESP) throw new Error(`auth failed: status ${f.status}`);
  }

  decode(f: Frame) {
    return decodeBody(f, 1 << 20);
  }

  close(): void {
    this.socket.destroy();
  }
}
