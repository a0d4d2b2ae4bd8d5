import type { Frame, FrameError } from "@im/protocol";
import type { Connection, ConnTransport } from "./connection.ts";

/** What a listener hands connections and frames to (the node). */
export interface FrameSink {
  /** Registers a new connection; null when it was refused (and closed). */
  open(transport: ConnTransport): Connection | null;
  frame(conn: Connection, frame: Frame): void;
  /** The stream broke the frame format; the connection gets an error frame and is closed. */
  protocolError(conn: Connection, err: FrameError): void;
  closed(conn: Connection): void;
}
