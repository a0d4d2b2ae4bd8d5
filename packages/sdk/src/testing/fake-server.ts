import {
  Cmd,
  type CmdBodies,
  DEFAULT_MAX_FRAME,
  decodeBody,
  decodeFrame,
  type ErrorCode,
  encodeError,
  encodeMessage,
  type Frame,
  type im,
  type KnownCmd,
} from "@im/protocol";
import type { CtrlEvent } from "../client-events.ts";
import { describeEndpoint, type Transport, type TransportClose, type TransportFactory } from "../transport.ts";
import type { AuthInfo, ChatMessage, Endpoint } from "../types.ts";

/** Command numbers, to pick and answer client frames. */
export { Cmd };

/** Answers one kind of client frame; registered per cmd on a FakeServer. */
export type FakeHandler = (frame: Frame, conn: FakeConnection) => void;

/**
 * An in-memory stand-in for the chat server, for tests of code built on the
 * SDK: pass `server.factory` as ImClientOptions.transportFactory. It answers
 * AUTH_REQ (with `auth`, or `authError`) and HEARTBEAT_REQ by itself; other
 * client frames wait in each connection's queue for the test to read with
 * `next()` and answer, unless a handler is registered with `handle()`.
 */
export class FakeServer {
  readonly connections: FakeConnection[] = [];
  /** The AUTH_RESP sent to every connection; tests change it between connects. */
  auth: Partial<AuthInfo> = { uid: "alice", maxSeq: 0, ackedSeq: 0, heartbeatMs: 0 };
  /** When set, AUTH_REQ is answered with this error instead. */
  authError: { code: ErrorCode; message?: string } | undefined;
  /** Endpoints (by describeEndpoint) whose connect attempts fail. */
  readonly down = new Set<string>();
  /** Answer HEARTBEAT_REQ (default true); false simulates a server gone silent. */
  answerHeartbeats = true;
  private readonly handlers = new Map<number, FakeHandler>();
  private readonly connectionWaiters: Array<(conn: FakeConnection) => void> = [];

  readonly factory: TransportFactory = (endpoint) => new FakeTransport(this, endpoint);

  /** Answers every client frame of `cmd` with `handler` instead of queueing it. */
  handle(cmd: Cmd, handler: FakeHandler): this {
    this.handlers.set(cmd, handler);
    return this;
  }

  /** Serves PULL_REQ from `inbox` (kept sorted by seq): seq > after_seq, up to limit. */
  serveInbox(inbox: ChatMessage[]): this {
    return this.handle(Cmd.PULL_REQ, (frame, conn) => {
      const req = conn.body(frame as Frame & { cmd: im.Cmd.PULL_REQ });
      const after = req.afterSeq ?? 0;
      const limit = req.limit || 100;
      const newer = inbox.filter((m) => m.seq > after).sort((a, b) => a.seq - b.seq);
      const maxSeq = inbox.reduce((max, m) => Math.max(max, m.seq), 0);
      conn.reply(frame, Cmd.PULL_RESP, { messages: newer.slice(0, limit), hasMore: newer.length > limit, maxSeq });
    });
  }

  /** The most recent connection. */
  get last(): FakeConnection {
    const conn = this.connections.at(-1);
    if (!conn) throw new Error("no connection yet");
    return conn;
  }

  /** Resolves with the next connection to be accepted. */
  nextConnection(): Promise<FakeConnection> {
    return new Promise((resolve) => this.connectionWaiters.push(resolve));
  }

  /** @internal */
  accept(transport: FakeTransport, endpoint: Endpoint): FakeConnection {
    const conn = new FakeConnection(this, transport, endpoint, this.connections.length + 1);
    this.connections.push(conn);
    for (const waiter of this.connectionWaiters.splice(0)) waiter(conn);
    return conn;
  }

  /** @internal */
  dispatch(frame: Frame, conn: FakeConnection): boolean {
    const handler = this.handlers.get(frame.cmd);
    if (handler) {
      handler(frame, conn);
      return true;
    }
    if (frame.cmd === Cmd.AUTH_REQ) {
      if (this.authError) conn.error(frame, this.authError.code, this.authError.message ?? "refused");
      else
        conn.reply(frame, Cmd.AUTH_RESP, {
          sessionId: `session-${conn.id}`,
          serverTime: Date.now(),
          ...this.auth,
        });
      return true;
    }
    if (frame.cmd === Cmd.HEARTBEAT_REQ) {
      if (this.answerHeartbeats) conn.reply(frame, Cmd.HEARTBEAT_RESP, { serverTime: Date.now() });
      return true;
    }
    return false;
  }
}

/** The server side of one fake connection. */
export class FakeConnection {
  /** Every frame the client sent, in order. */
  readonly received: Frame[] = [];
  /** Set once either side closed. */
  closed: string | undefined;
  private readonly queue: Frame[] = [];
  private readonly waiters: Array<{ cmd?: number; resolve: (frame: Frame) => void }> = [];
  private pushSeq = 0;

  constructor(
    private readonly server: FakeServer,
    private readonly transport: FakeTransport,
    readonly endpoint: Endpoint,
    readonly id: number,
  ) {}

  /** Resolves with the next client frame (of `cmd`, if given) not yet taken by next() or a handler. */
  next(cmd?: Cmd): Promise<Frame> {
    const i = this.queue.findIndex((f) => cmd === undefined || f.cmd === cmd);
    if (i >= 0) return Promise.resolve(this.queue.splice(i, 1)[0]!);
    return new Promise((resolve) => this.waiters.push({ cmd, resolve }));
  }

  /** Frames of `cmd` the client sent so far (including those already taken). */
  sent(cmd: number): Frame[] {
    return this.received.filter((f) => f.cmd === cmd);
  }

  /** Decodes a client frame's body. */
  body<C extends KnownCmd>(frame: Frame & { cmd: C }): CmdBodies[C] {
    return decodeBody(frame, DEFAULT_MAX_FRAME);
  }

  /** Decodes a client frame's body, checking that it is a `cmd`. */
  decode<C extends KnownCmd>(frame: Frame, cmd: C): CmdBodies[C] {
    if (frame.cmd !== cmd) throw new Error(`expected ${Cmd[cmd]}, got ${Cmd[frame.cmd] ?? frame.cmd}`);
    return decodeBody(frame as Frame & { cmd: C }, DEFAULT_MAX_FRAME);
  }

  /** The decoded bodies of every `cmd` frame the client sent so far. */
  requests<C extends KnownCmd>(cmd: C): CmdBodies[C][] {
    return this.sent(cmd).map((f) => this.decode(f, cmd));
  }

  /** Sends KICKOUT, as the server does before closing a replaced session. */
  kickout(reason: number, message = ""): void {
    this.send(encodeMessage(Cmd.KICKOUT, 0, { reason, message }));
  }

  /** Sends a CTRL frame. */
  ctrl(ctrl: Partial<CtrlEvent>): void {
    this.send(encodeMessage(Cmd.CTRL, 0, ctrl));
  }

  /** Answers a client request: same seq, the given cmd. */
  reply<C extends KnownCmd>(request: Frame, cmd: C, body: CmdBodies[C]): void {
    this.send(encodeMessage(cmd, request.seq, body));
  }

  /** Answers a client request with an ERROR frame. */
  error(request: Frame, code: ErrorCode, message = "", retryAfterMs = 0): void {
    this.send(encodeError(request.seq, code, message, retryAfterMs));
  }

  /** Pushes one inbox message (MSG_PUSH with a server-chosen header seq). */
  push(message: Partial<ChatMessage> & { seq: number }): void {
    this.send(encodeMessage(Cmd.MSG_PUSH, ++this.pushSeq, { message: { msgId: message.seq * 1000, ...message } }));
  }

  /** Sends raw bytes (one whole frame) to the client. */
  send(frame: Uint8Array): void {
    if (this.closed) return;
    this.transport.deliver(frame);
  }

  /** Closes the connection from the server side. */
  close(reason = "closed by the server"): void {
    if (this.closed) return;
    this.closed = reason;
    this.transport.serverClose(reason);
  }

  /** @internal */
  receive(frame: Frame): void {
    if (this.closed) return;
    this.received.push(frame);
    if (this.server.dispatch(frame, this)) return;
    const i = this.waiters.findIndex((w) => w.cmd === undefined || w.cmd === frame.cmd);
    if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(frame);
    else this.queue.push(frame);
  }

  /** @internal */
  clientClosed(reason: string): void {
    this.closed ??= reason;
  }
}

/** The client side of a fake connection; behaves like a socket, one microtask away. */
class FakeTransport implements Transport {
  private conn: FakeConnection | undefined;
  private frameHandler: (frame: Frame) => void = () => {};
  private closeHandler: (info: TransportClose) => void = () => {};
  private closed = false;

  constructor(
    private readonly server: FakeServer,
    private readonly endpoint: Endpoint,
  ) {}

  onFrame(handler: (frame: Frame) => void): void {
    this.frameHandler = handler;
  }

  onClose(handler: (info: TransportClose) => void): void {
    this.closeHandler = handler;
  }

  async connect(): Promise<void> {
    await Promise.resolve();
    const where = describeEndpoint(this.endpoint);
    if (this.server.down.has(where)) throw new Error(`connect ECONNREFUSED ${where}`);
    if (this.closed) throw new Error("closed before it opened");
    this.conn = this.server.accept(this, this.endpoint);
  }

  send(frame: Uint8Array): void {
    if (this.closed || !this.conn) return;
    const conn = this.conn;
    const decoded = decodeFrame(frame, DEFAULT_MAX_FRAME);
    void Promise.resolve().then(() => conn.receive(decoded));
  }

  close(reason = "closed by the client"): void {
    if (this.closed) return;
    this.closed = true;
    const conn = this.conn;
    if (!conn) return;
    // Like a socket: frames sent before close() still reach the server.
    void Promise.resolve().then(() => {
      conn.clientClosed(reason);
      this.closeHandler({ reason });
    });
  }

  deliver(frame: Uint8Array): void {
    const decoded = decodeFrame(frame, 64 * 1024 * 1024);
    void Promise.resolve().then(() => {
      if (!this.closed) this.frameHandler(decoded);
    });
  }

  serverClose(reason: string): void {
    void Promise.resolve().then(() => {
      if (this.closed) return;
      this.closed = true;
      this.closeHandler({ reason });
    });
  }
}
