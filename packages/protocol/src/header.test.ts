import { describe, expect, it } from "vitest";
import {
  DEFAULT_MAX_FRAME,
  decodeFrame,
  encodeFrame,
  FLAG_DEFLATE,
  FrameError,
  HEADER_SIZE,
  MAGIC,
  readHeader,
  VERSION,
} from "./header.ts";
import { im } from "./proto.ts";

/** A valid frame whose header bytes the test then corrupts. */
function frameWith(patch: (frame: Buffer) => void, body = Buffer.from([1, 2, 3])): Buffer {
  const frame = Buffer.from(encodeFrame(im.Cmd.HEARTBEAT_REQ, 7, body));
  patch(frame);
  return frame;
}

/** Each header violation, and the code the server answers it with. */
const headerViolations: { name: string; code: im.ErrorCode; frame: () => Buffer; maxFrame?: number }[] = [
  { name: "bad magic", code: im.ErrorCode.BAD_MAGIC, frame: () => frameWith((f) => f.writeUInt16BE(0x4854, 4)) },
  { name: "bad version", code: im.ErrorCode.BAD_VERSION, frame: () => frameWith((f) => f.writeUInt8(2, 6)) },
  {
    name: "length shorter than the header",
    code: im.ErrorCode.BAD_LENGTH,
    frame: () => frameWith((f) => f.writeUInt32BE(19, 0)),
  },
  {
    name: "length above the limit",
    code: im.ErrorCode.FRAME_TOO_LARGE,
    frame: () => frameWith((f) => f.writeUInt32BE(1025, 0)),
    maxFrame: 1024,
  },
  { name: "unknown flag bits", code: im.ErrorCode.BAD_FLAGS, frame: () => frameWith((f) => f.writeUInt8(0x02, 7)) },
  { name: "reserved not zero", code: im.ErrorCode.BAD_RESERVED, frame: () => frameWith((f) => f.writeUInt32BE(1, 16)) },
];

function codeOf(fn: () => unknown): number {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(FrameError);
    return (err as FrameError).code;
  }
  throw new Error("expected a FrameError");
}

describe("frame header", () => {
  it("lays out the 20 header bytes as documented", () => {
    const frame = encodeFrame(0x0102, 0x0a0b0c0d, Buffer.from([0xaa, 0xbb]), 0x0304, FLAG_DEFLATE);
    expect(Buffer.from(frame.subarray(0, HEADER_SIZE)).toString("hex")).toBe(
      "00000016" + "494d" + "01" + "01" + "0102" + "0304" + "0a0b0c0d" + "00000000",
    );
    expect(Buffer.from(frame.subarray(HEADER_SIZE)).toString("hex")).toBe("aabb");
    expect(MAGIC).toBe(0x494d);
    expect(VERSION).toBe(1);
  });

  it.each([
    { cmd: im.Cmd.HEARTBEAT_REQ, seq: 0, status: 0, flags: 0, body: Buffer.alloc(0) },
    { cmd: im.Cmd.C2C_SEND_REQ, seq: 0xffffffff, status: 0, flags: FLAG_DEFLATE, body: Buffer.from("abc") },
    { cmd: im.Cmd.ERROR, seq: 12345, status: 0xffff, flags: 0, body: Buffer.alloc(1000, 7) },
    { cmd: 0xffff, seq: 1, status: im.ErrorCode.RATE_LIMITED, flags: 0, body: Buffer.from([0]) },
  ])("round-trips cmd $cmd seq $seq status $status flags $flags", ({ cmd, seq, status, flags, body }) => {
    const frame = encodeFrame(cmd, seq, body, status, flags);
    expect(frame.length).toBe(HEADER_SIZE + body.length);
    expect(readHeader(frame, 0, DEFAULT_MAX_FRAME)).toEqual({ length: frame.length, flags, cmd, status, seq });
    const decoded = decodeFrame(frame);
    expect({ ...decoded, body: Buffer.from(decoded.body) }).toEqual({
      length: frame.length,
      flags,
      cmd,
      status,
      seq,
      body,
    });
  });

  it("reads a header at an offset inside a larger buffer", () => {
    const frame = encodeFrame(im.Cmd.PULL_REQ, 99, Buffer.from([1]));
    const buf = Buffer.concat([Buffer.alloc(5, 0xee), frame]);
    expect(readHeader(buf, 5, DEFAULT_MAX_FRAME)).toMatchObject({ cmd: im.Cmd.PULL_REQ, seq: 99, length: 21 });
  });

  it("wraps seq to 32 bits", () => {
    expect(decodeFrame(encodeFrame(1, 2 ** 32 + 5, Buffer.alloc(0))).seq).toBe(5);
  });

  it("accepts a frame of exactly the maximum size", () => {
    const frame = encodeFrame(1, 1, Buffer.alloc(100));
    expect(decodeFrame(frame, 120).length).toBe(120);
    expect(codeOf(() => decodeFrame(frame, 119))).toBe(im.ErrorCode.FRAME_TOO_LARGE);
  });

  it.each(headerViolations)("maps $name to its error code", ({ frame, code, maxFrame }) => {
    const buf = frame();
    expect(codeOf(() => readHeader(buf, 0, maxFrame ?? DEFAULT_MAX_FRAME))).toBe(code);
    expect(codeOf(() => decodeFrame(buf, maxFrame ?? DEFAULT_MAX_FRAME))).toBe(code);
  });

  it("rejects a WebSocket message shorter than a header", () => {
    expect(codeOf(() => decodeFrame(Buffer.alloc(HEADER_SIZE - 1)))).toBe(im.ErrorCode.BAD_LENGTH);
  });

  it("rejects a WebSocket message that holds more or less than its one frame", () => {
    const frame = encodeFrame(1, 1, Buffer.from([1, 2, 3]));
    expect(codeOf(() => decodeFrame(frame.subarray(0, frame.length - 1)))).toBe(im.ErrorCode.BAD_LENGTH);
    expect(codeOf(() => decodeFrame(Buffer.concat([frame, frame])))).toBe(im.ErrorCode.BAD_LENGTH);
  });
});
