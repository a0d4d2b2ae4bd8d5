import { type Frame, FrameError, HEADER_SIZE, readHeader } from "./header.ts";

/**
 * Incremental decoder for a byte stream (TCP): frames may arrive split across
 * reads or several in one read. When a header is invalid, the frames before it
 * are still returned and `error` is set; the stream can no longer be trusted
 * and every later push returns nothing.
 */
export class FrameDecoder {
  private pending: Buffer | null = null;
  error: FrameError | null = null;

  constructor(private readonly maxFrame: number) {}

  /** Feeds a chunk; returns the frames it completed, in order. */
  push(chunk: Buffer): Frame[] {
    if (this.error) return [];
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    const frames: Frame[] = [];
    let offset = 0;
    while (buf.length - offset >= HEADER_SIZE) {
      let header: ReturnType<typeof readHeader>;
      try {
        header = readHeader(buf, offset, this.maxFrame);
      } catch (err) {
        if (!(err instanceof FrameError)) throw err;
        this.error = err;
        this.pending = null;
        return frames;
      }
      if (buf.length - offset < header.length) break;
      // Copy the body out so a small frame does not pin a large read buffer.
      const body = Buffer.from(buf.subarray(offset + HEADER_SIZE, offset + header.length));
      frames.push({ ...header, body });
      offset += header.length;
    }
    this.pending = offset < buf.length ? Buffer.from(buf.subarray(offset)) : null;
    return frames;
  }

  /** Bytes received but not yet forming a whole frame. */
  get buffered(): number {
    return this.pending?.length ?? 0;
  }
}
