import {
  Cmd,
  type CmdBodies,
  decodeBody,
  encodeMessage,
  FLAG_DEFLATE,
  type Frame,
  type im,
  inflateFrame,
  type KnownCmd,
  RESPONSE_OF,
  type RequestCmd,
  type ResponseBody,
} from "@im/protocol";
import type { Timer } from "./client-state.ts";
import { ClientErrorCode, ImClientError } from "./errors.ts";
import type { Transport, TransportClose } from "./transport.ts";
import type { Endpoint } from "./types.ts";

export { RESPONSE_OF, type RequestCmd, type ResponseBody } from "@im/protocol";

interface Pending {
  responseCmd: number;
  resolve(body: unknown): void;
  reject(err: ImClientError): void;
  timer: Timer;
}

export interface ConnectionOptions {
  /** Hands out header seqs; shared across connections so a seq is never reused soon. */
  nextSeq: () => number;
  maxFrameBytes: number;
  /** A frame that answers no pending request: push, kickout, ctrl, heartbeat answer, stray error. */
  onUnsolicited: (frame: Frame) => void;
  /** Runs once when the connection ends, whoever ended it. */
  onClose: (info: TransportClose) => void;
  /**
   * Arms the open and request timeouts (the client's lifecycle owns every
   * timer). `onExpire` runs when the timer is dropped because the client left
   * the states it belongs to.
   */
  schedule: (kind: "open" | "request", ms: number, fire: () => void, onExpire: () => void) => Timer;
}

/**
 * One transport plus request/response correlation: a request is answered by a
 * frame with the same header seq and either the expected response cmd or
 * ERROR. Other frames, even with a matching seq (the server numbers its
 * pushes itself), are unsolicited.
 */
export class Connection {
  private readonly pending = new Map<number, Pending>();
  private ended = false;
  /** Set while a compressed frame inflates; later frames queue behind it to keep arrival order. */
  private inflating: Promise<void> | undefined;
  /** ms since epoch of the last frame received; the heartbeat watchdog reads it. */
  lastFrameAt = Date.now();
  /** Set while open() waits; close() rejects it (a transport failing on its own rejects through connect()). */
  private abortOpen: (() => void) | undefined;

  constructor(
    private readonly transport: Transport,
    readonly endpoint: Endpoint,
    private readonly options: ConnectionOptions,
  ) {
    transport.onFrame((frame) => this.accept(frame));
    transport.onClose((info) => this.end(info));
  }

  get isOpen(): boolean {
    return !this.ended;
  }

  /** Opens the transport; rejects with TIMEOUT or CONNECT_FAILED, or DISCONNECTED when closed meanwhile. */
  async open(timeoutMs: number): Promise<void> {
    let timer: Timer | undefined;
    const interrupted = new Promise<never>((_, reject) => {
      const fail = (error: ImClientError, reason: string) => {
        reject(error);
        this.transport.close(reason);
      };
      timer = this.options.schedule(
        "open",
        timeoutMs,
        () =>
          fail(new ImClientError(ClientErrorCode.TIMEOUT, `no connection within ${timeoutMs} ms`), "connect timeout"),
        () => fail(new ImClientError(ClientErrorCode.DISCONNECTED, "connect abandoned"), "connect abandoned"),
      );
      this.abortOpen = () => reject(new ImClientError(ClientErrorCode.DISCONNECTED, "closed while connecting"));
    });
    try {
      await Promise.race([
        this.transport.connect().catch((err: unknown) => {
          throw new ImClientError(ClientErrorCode.CONNECT_FAILED, (err as Error).message, 0, { cause: err });
        }),
        interrupted,
      ]);
      this.lastFrameAt = Date.now();
    } finally {
      timer?.cancel();
      this.abortOpen = undefined;
    }
  }

  /** Sends a request and waits for its answer; an ERROR answer rejects with the server's code. */
  request<C extends RequestCmd>(cmd: C, body: CmdBodies[C], timeoutMs: number): Promise<ResponseBody<C>> {
    if (this.ended) return Promise.reject(new ImClientError(ClientErrorCode.DISCONNECTED, "not connected"));
    const seq = this.options.nextSeq();
    return new Promise<ResponseBody<C>>((resolve, reject) => {
      const timer = this.options.schedule(
        "request",
        timeoutMs,
        () => {
          this.pending.delete(seq);
          reject(new ImClientError(ClientErrorCode.TIMEOUT, `no answer to ${Cmd[cmd]} within ${timeoutMs} ms`));
        },
        () => {
          this.pending.delete(seq);
          reject(new ImClientError(ClientErrorCode.DISCONNECTED, `${Cmd[cmd]} abandoned: the client stopped`));
        },
      );
      if (!timer.active) return; // the client is not running; onExpire rejected already
      this.pending.set(seq, {
        responseCmd: RESPONSE_OF[cmd],
        resolve: resolve as (body: unknown) => void,
        reject,
        timer,
      });
      this.transport.send(encodeMessage(cmd, seq, body));
    });
  }

  /** Sends a frame that has no answer; false when the connection is gone. */
  send<C extends KnownCmd>(cmd: C, body: CmdBodies[C]): boolean {
    if (this.ended) return false;
    this.transport.send(encodeMessage(cmd, this.options.nextSeq(), body));
    return true;
  }

  /** Ends the connection now: pending requests fail (with `error`, else DISCONNECTED) and onClose runs. */
  close(reason: string, error?: ImClientError): void {
    if (this.ended) return;
    this.abortOpen?.();
    this.end({ reason }, error);
    this.transport.close(reason);
  }

  /**
   * Hands a frame on, inflating a compressed body first. Browsers inflate only
   * asynchronously, so while one frame inflates the ones after it wait their turn.
   */
  private accept(frame: Frame): void {
    if (!this.inflating && !(frame.flags & FLAG_DEFLATE)) {
      this.receive(frame);
      return;
    }
    const turn: Promise<void> = (this.inflating ?? Promise.resolve())
      .then(() => inflateFrame(frame, this.options.maxFrameBytes))
      .then(
        (plain) => this.receive(plain),
        (err: unknown) =>
          this.close(
            `bad frame from server: ${(err as Error).message}`,
            new ImClientError(ClientErrorCode.PROTOCOL, (err as Error).message, 0, { cause: err }),
          ),
      )
      .finally(() => {
        if (this.inflating === turn) this.inflating = undefined;
      });
    this.inflating = turn;
  }

  private receive(frame: Frame): void {
    if (this.ended) return;
    this.lastFrameAt = Date.now();
    const pending = this.pending.get(frame.seq);
    if (!pending || (frame.cmd !== pending.responseCmd && frame.cmd !== Cmd.ERROR)) {
      this.options.onUnsolicited(frame);
      return;
    }
    this.pending.delete(frame.seq);
    pending.timer.cancel();
    try {
      if (frame.cmd === Cmd.ERROR) pending.reject(errorFromFrame(frame, this.options.maxFrameBytes));
      else if (frame.status !== 0)
        pending.reject(new ImClientError(frame.status, `${Cmd[frame.cmd]} with status ${frame.status}`));
      else pending.resolve(decodeBody(frame, this.options.maxFrameBytes));
    } catch (err) {
      pending.reject(
        new ImClientError(ClientErrorCode.PROTOCOL, `undecodable ${Cmd[frame.cmd]}: ${(err as Error).message}`, 0, {
          cause: err,
        }),
      );
    }
  }

  private end(info: TransportClose, error?: ImClientError): void {
    if (this.ended) return;
    this.ended = true;
    for (const [seq, pending] of this.pending) {
      this.pending.delete(seq);
      pending.timer.cancel();
      pending.reject(error ?? new ImClientError(ClientErrorCode.DISCONNECTED, `connection lost: ${info.reason}`));
    }
    this.options.onClose(info);
  }
}

/** The ImClientError an ERROR frame carries (header status and ErrorBody.code agree; body wins). */
export function errorFromFrame(frame: Frame, maxFrameBytes: number): ImClientError {
  let code = frame.status;
  let message = "";
  let retryAfterMs = 0;
  try {
    const body = decodeBody(frame as Frame & { cmd: im.Cmd.ERROR }, maxFrameBytes);
    code = body.code || code;
    message = body.message ?? "";
    retryAfterMs = body.retryAfterMs ?? 0;
  } catch {
    // The header status alone still says what went wrong.
  }
  const error = new ImClientError(code || ClientErrorCode.PROTOCOL, message, retryAfterMs);
  if (!message) error.message = error.codeName;
  return error;
}
