import { allocBytes } from "#platform";
import { im } from "./proto.ts";

/** Fixed frame header size in bytes (see proto/README.md). */
export const HEADER_SIZE = 20;
export const MAGIC = 0x494d; // "IM"
export const VERSION = 1;
/** Header flag: the body is deflate-compressed (raw deflate, RFC 1951). */
export const FLAG_DEFLATE = 0x01;
export const KNOWN_FLAGS = FLAG_DEFLATE;
/** Default upper bound on a whole frame; servers make it configurable. */
export const DEFAULT_MAX_FRAME = 64 * 1024;

export interface FrameHeader {
  length: number;
  flags: number;
  cmd: number;
  status: number;
  seq: number;
}

export interface Frame extends FrameHeader {
  body: Uint8Array;
}

/** A violation of the frame format; `code` is an im.ErrorCode in 1001..1008. */
export class FrameError extends Error {
  constructor(
    readonly code: im.ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "FrameError";
  }
}

/** Encodes a frame; on Node the result is a Buffer (a Uint8Array), so sockets take it as is. */
export function encodeFrame(cmd: number, seq: number, body: Uint8Array, status = 0, flags = 0): Uint8Array {
  const frame = allocBytes(HEADER_SIZE + body.length);
  const view = new DataView(frame.buffer, frame.byteOffset, HEADER_SIZE);
  view.setUint32(0, HEADER_SIZE + body.length);
  view.setUint16(4, MAGIC);
  view.setUint8(6, VERSION);
  view.setUint8(7, flags);
  view.setUint16(8, cmd);
  view.setUint16(10, status);
  view.setUint32(12, seq >>> 0);
  view.setUint32(16, 0);
  frame.set(body, HEADER_SIZE);
  return frame;
}

/**
 * Reads and validates the header at `offset`. Throws FrameError on any
 * violation; the caller must then stop reading the stream, since its framing
 * can no longer be trusted.
 */
export function readHeader(buf: Uint8Array, offset: number, maxFrame: number): FrameHeader {
  const view = new DataView(buf.buffer, buf.byteOffset + offset, HEADER_SIZE);
  const length = view.getUint32(0);
  const magic = view.getUint16(4);
  if (magic !== MAGIC) throw new FrameError(im.ErrorCode.BAD_MAGIC, `bad magic 0x${magic.toString(16)}`);
  const version = view.getUint8(6);
  if (version !== VERSION) throw new FrameError(im.ErrorCode.BAD_VERSION, `unsupported version ${version}`);
  if (length < HEADER_SIZE)
    throw new FrameError(im.ErrorCode.BAD_LENGTH, `length ${length} is shorter than the header`);
  if (length > maxFrame)
    throw new FrameError(im.ErrorCode.FRAME_TOO_LARGE, `frame of ${length} bytes exceeds the limit of ${maxFrame}`);
  const flags = view.getUint8(7);
  if ((flags & ~KNOWN_FLAGS) !== 0)
    throw new FrameError(im.ErrorCode.BAD_FLAGS, `unknown flag bits 0x${flags.toString(16)}`);
  if (view.getUint32(16) !== 0) throw new FrameError(im.ErrorCode.BAD_RESERVED, "reserved field must be 0");
  return {
    length,
    flags,
    cmd: view.getUint16(8),
    status: view.getUint16(10),
    seq: view.getUint32(12),
  };
}

/** Decodes exactly one frame (a WebSocket message must hold exactly one). */
export function decodeFrame(buf: Uint8Array, maxFrame = DEFAULT_MAX_FRAME): Frame {
  if (buf.length < HEADER_SIZE)
    throw new FrameError(im.ErrorCode.BAD_LENGTH, `${buf.length} bytes is shorter than the header`);
  const header = readHeader(buf, 0, maxFrame);
  if (header.length !== buf.length)
    throw new FrameError(
      im.ErrorCode.BAD_LENGTH,
      `header length ${header.length} but message holds ${buf.length} bytes`,
    );
  return { ...header, body: buf.subarray(HEADER_SIZE) };
}
