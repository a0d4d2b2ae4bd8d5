import { allocBytes } from "#platform";
import { type Frame, FrameError, type FrameHeader, HEADER_SIZE, readHeader } from "./header.ts";

/**
 * Incremental decoder for a byte stream (TCP): frames may arrive split across
 * reads or several in one read. When a header is invalid, the frames before it
 * are still returned and `error` is set; the stream can no longer be trusted
 * and every later push returns nothing.
 *
 * Partial input is kept as a list of chunks and copied once, when its frame is
 * complete: re-joining everything on every read would let a peer that trickles
 * a large frame a byte at a time cost quadratic CPU.
 */
export class FrameDecoder {
  private chunks: Uint8Array[] = [];
  private size = 0;
  /** Header of the frame being received, validated once. */
  private header: FrameHeader | null = null;
  /** The first chunk is the unread tail of a larger read buffer. */
  private headIsTail = false;
  error: FrameError | null = null;

  constructor(private readonly maxFrame: number) {}

  /** Feeds a chunk; returns the frames it completed, in order. */
  push(chunk: Uint8Array): Frame[] {
    if (this.error) return [];
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.size += chunk.length;
    }
    const frames: Frame[] = [];
    for (;;) {
      if (!this.header) {
        if (this.size < HEADER_SIZE) break;
        try {
          this.header = readHeader(this.peekHeader(), 0, this.maxFrame);
        } catch (err) {
          if (!(err instanceof FrameError)) throw err;
          this.error = err;
          this.chunks = [];
          this.size = 0;
          return frames;
        }
      }
      if (this.size < this.header.length) break;
      const bytes = this.take(this.header.length);
      frames.push({ ...this.header, body: bytes.subarray(HEADER_SIZE) });
      this.header = null;
    }
    // Copy a leftover tail so a few pending bytes do not pin a whole read buffer.
    if (this.headIsTail && this.chunks.length > 0) this.chunks[0] = copyOf(this.chunks[0]!);
    this.headIsTail = false;
    return frames;
  }

  /** Bytes received but not yet forming a whole frame. */
  get buffered(): number {
    return this.size;
  }

  /** The first chunk, joined with the next ones if it is shorter than a header. */
  private peekHeader(): Uint8Array {
    let first = this.chunks[0]!;
    if (first.length < HEADER_SIZE) {
      first = this.take(this.size);
      this.size = first.length;
      this.chunks = [first];
      this.headIsTail = false;
    }
    return first;
  }

  /** Removes the first n bytes (n <= size) into a new buffer. */
  private take(n: number): Uint8Array {
    const out = allocBytes(n);
    let copied = 0;
    let used = 0;
    while (copied < n) {
      const c = this.chunks[used]!;
      const need = n - copied;
      if (c.length <= need) {
        out.set(c, copied);
        copied += c.length;
        used++;
      } else {
        out.set(c.subarray(0, need), copied);
        this.chunks[used] = c.subarray(need);
        this.headIsTail = true;
        copied = n;
      }
    }
    if (used > 0) this.chunks.splice(0, used);
    this.size -= n;
    return out;
  }
}

/** A copy in memory of its own (Buffer#slice would return a view of the same memory). */
function copyOf(bytes: Uint8Array): Uint8Array {
  const copy = allocBytes(bytes.length);
  copy.set(bytes);
  return copy;
}
