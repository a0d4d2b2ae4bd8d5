import { toImError } from "@im/core";
import { type CmdBodies, encodeError, encodeMessage, type KnownCmd } from "@im/protocol";
import type { Logger } from "pino";
import type { Connection } from "./connection.ts";
import type { NodeMetrics } from "./metrics.ts";

/** Answers and error frames on a connection; every error frame is counted, unexpected failures are logged. */
export class Replies {
  constructor(
    private readonly metrics: Pick<NodeMetrics, "errors">,
    private readonly log: Logger,
  ) {}

  /** Sends an error frame at once (ahead of held pushes). */
  error(conn: Connection, seq: number, code: number, message: string, retryAfterMs = 0): void {
    this.metrics.errors.inc({ code: String(code) });
    conn.sendNow(encodeError(seq, code, message, retryAfterMs));
  }

  /** Answers a failed request with its error code; internals of unexpected errors stay in the log. */
  fail(conn: Connection, seq: number, err: unknown): void {
    const e = toImError(err);
    if (e.kind === "INTERNAL") this.log.error({ err }, "request failed");
    this.error(conn, seq, e.code, e.message, e.retryAfterMs);
  }

  /** Sends a request's answer when it resolves, or the error it rejects with. */
  answer<C extends KnownCmd>(conn: Connection, seq: number, cmd: C, result: Promise<CmdBodies[C]>): void {
    result.then(
      (resp) => conn.send(encodeMessage(cmd, seq, resp)),
      (err) => this.fail(conn, seq, err),
    );
  }
}
