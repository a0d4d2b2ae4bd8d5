import { describe, expect, it } from "vitest";
import { FrameDecoder } from "./frame-decoder.ts";
import { encodeFrame, type Frame, FrameError, HEADER_SIZE } from "./header.ts";
import { im } from "./proto.ts";

const MAX = 4096;

/** A few frames of different shapes, including an empty body and a status. */
function sampleFrames(): Uint8Array[] {
  return [
    encodeFrame(im.Cmd.HEARTBEAT_REQ, 1, Buffer.alloc(0)),
    encodeFrame(im.Cmd.C2C_SEND_REQ, 2, Buffer.from("hello 👋 world")),
    encodeFrame(im.Cmd.ERROR, 3, Buffer.from([8, 1]), im.ErrorCode.RATE_LIMITED),
    encodeFrame(im.Cmd.PULL_REQ, 0xffffffff, Buffer.alloc(300, 0x5a), 0, 1),
  ];
}

function plain(frames: Frame[]) {
  return frames.map((f) => ({ ...f, body: Buffer.from(f.body).toString("hex") }));
}

function expected(frames: Uint8Array[]) {
  return plain(
    frames.map(toBuffer).map((f) => ({
      length: f.length,
      flags: f.readUInt8(7),
      cmd: f.readUInt16BE(8),
      status: f.readUInt16BE(10),
      seq: f.readUInt32BE(12),
      body: f.subarray(HEADER_SIZE),
    })),
  );
}

function feed(decoder: FrameDecoder, chunks: Uint8Array[]): Frame[] {
  return chunks.flatMap((c) => decoder.push(c));
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** A valid frame with one header field broken. */
function broken(patch: (f: Buffer) => void): Buffer {
  const frame = Buffer.from(encodeFrame(im.Cmd.HEARTBEAT_REQ, 9, Buffer.from([1, 2])));
  patch(frame);
  return frame;
}

const violations: [string, im.ErrorCode, Buffer][] = [
  ["bad magic", im.ErrorCode.BAD_MAGIC, broken((f) => f.writeUInt16BE(0x0000, 4))],
  ["bad version", im.ErrorCode.BAD_VERSION, broken((f) => f.writeUInt8(0, 6))],
  ["length < 20", im.ErrorCode.BAD_LENGTH, broken((f) => f.writeUInt32BE(0, 0))],
  ["length > max", im.ErrorCode.FRAME_TOO_LARGE, broken((f) => f.writeUInt32BE(MAX + 1, 0))],
  ["unknown flag bits", im.ErrorCode.BAD_FLAGS, broken((f) => f.writeUInt8(0x81, 7))],
  ["reserved != 0", im.ErrorCode.BAD_RESERVED, broken((f) => f.writeUInt32BE(0x80000000, 16))],
];

describe("FrameDecoder", () => {
  it("decodes a stream split at every byte boundary", () => {
    const frames = sampleFrames();
    const stream = Buffer.concat(frames);
    for (let cut = 0; cut <= stream.length; cut++) {
      const decoder = new FrameDecoder(MAX);
      const got = feed(decoder, [stream.subarray(0, cut), stream.subarray(cut)]);
      expect(plain(got), `cut at ${cut}`).toEqual(expected(frames));
      expect(decoder.buffered).toBe(0);
      expect(decoder.error).toBeNull();
    }
  });

  it("decodes a stream fed one byte at a time, completing each frame on its last byte", () => {
    const frames = sampleFrames();
    const stream = Buffer.concat(frames);
    const decoder = new FrameDecoder(MAX);
    const completedAt: number[] = [];
    const got: Frame[] = [];
    for (let i = 0; i < stream.length; i++) {
      const out = decoder.push(stream.subarray(i, i + 1));
      if (out.length > 0) completedAt.push(i + 1);
      got.push(...out);
    }
    expect(plain(got)).toEqual(expected(frames));
    let end = 0;
    expect(completedAt).toEqual(frames.map((f) => (end += f.length)));
  });

  it("decodes a stream cut into random chunk sizes", () => {
    let state = 42;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const frames = Array.from({ length: 300 }, (_, i) =>
      encodeFrame(im.Cmd.C2C_SEND_REQ, i, Buffer.alloc(Math.floor(random() * 700), i % 256)),
    );
    const stream = Buffer.concat(frames);
    const decoder = new FrameDecoder(MAX);
    const got: Frame[] = [];
    for (let i = 0; i < stream.length; ) {
      const n = 1 + Math.floor(random() * 90);
      got.push(...decoder.push(stream.subarray(i, i + n)));
      i += n;
    }
    expect(plain(got)).toEqual(expected(frames));
    expect(decoder.buffered).toBe(0);
  });

  it("takes linear time for a large frame trickled in one byte at a time", () => {
    const big = 256 * 1024;
    const frame = encodeFrame(im.Cmd.C2C_SEND_REQ, 1, Buffer.alloc(big - HEADER_SIZE, 7));
    const decoder = new FrameDecoder(big);
    const started = performance.now();
    const got: Frame[] = [];
    for (let i = 0; i < frame.length; i++) got.push(...decoder.push(frame.subarray(i, i + 1)));
    // Re-joining the pending bytes on every push took seconds here; linear work takes well under one.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(got).toHaveLength(1);
    expect(Buffer.from(got[0]!.body).equals(frame.subarray(HEADER_SIZE))).toBe(true);
  });

  it("returns many frames coalesced in one chunk, in order", () => {
    const frames = Array.from({ length: 1000 }, (_, i) =>
      encodeFrame(im.Cmd.MSG_PUSH_ACK, i, Buffer.from(String(i).repeat(i % 7))),
    );
    const decoder = new FrameDecoder(MAX);
    const got = decoder.push(Buffer.concat(frames));
    expect(got.map((f) => f.seq)).toEqual(frames.map((_, i) => i));
    expect(plain(got)).toEqual(expected(frames));
  });

  it("keeps the partial tail of a chunk for the next push", () => {
    const [a, b] = [encodeFrame(1, 1, Buffer.from("aaaa")), encodeFrame(1, 2, Buffer.from("bbbbbbbb"))];
    const decoder = new FrameDecoder(MAX);
    expect(decoder.push(Buffer.concat([a, b.subarray(0, 10)])).map((f) => f.seq)).toEqual([1]);
    expect(decoder.buffered).toBe(10);
    expect(decoder.push(b.subarray(10)).map((f) => f.seq)).toEqual([2]);
    expect(decoder.buffered).toBe(0);
  });

  it("copies a leftover tail, so reusing the read buffer cannot change a frame still being received", () => {
    const [a, b] = [encodeFrame(1, 1, Buffer.from("aaaa")), encodeFrame(1, 2, Buffer.from("bbbbbbbb"))];
    const decoder = new FrameDecoder(MAX);
    const read = Buffer.concat([a, b.subarray(0, 24)]);
    expect(decoder.push(read).map((f) => f.seq)).toEqual([1]);
    read.fill(0);
    const [frame] = decoder.push(b.subarray(24));
    expect(Buffer.from(frame!.body).toString()).toBe("bbbbbbbb");
  });

  it("hands out bodies that do not alias the caller's read buffer", () => {
    const chunk = Buffer.from(encodeFrame(1, 1, Buffer.from("keep")));
    const [frame] = new FrameDecoder(MAX).push(chunk);
    chunk.fill(0);
    expect(Buffer.from(frame!.body).toString()).toBe("keep");
  });

  it("returns the valid frames before a bad header, then sets error and stops", () => {
    const good = sampleFrames();
    const bad = broken((f) => f.writeUInt16BE(0xdead, 4));
    const decoder = new FrameDecoder(MAX);
    const got = decoder.push(Buffer.concat([...good, bad, ...good]));
    expect(plain(got)).toEqual(expected(good));
    expect(decoder.error).toBeInstanceOf(FrameError);
    expect(decoder.error?.code).toBe(im.ErrorCode.BAD_MAGIC);
    expect(decoder.buffered).toBe(0);
    expect(decoder.push(Buffer.concat(good))).toEqual([]);
  });

  it("detects a bad header that arrives split across pushes", () => {
    const good = encodeFrame(1, 1, Buffer.from("x"));
    const bad = broken((f) => f.writeUInt8(3, 6));
    const decoder = new FrameDecoder(MAX);
    expect(decoder.push(Buffer.concat([good, bad.subarray(0, 10)])).length).toBe(1);
    expect(decoder.error).toBeNull();
    expect(decoder.push(bad.subarray(10))).toEqual([]);
    expect(decoder.error?.code).toBe(im.ErrorCode.BAD_VERSION);
  });

  it("rejects an oversized frame as soon as its header arrives, without buffering the body", () => {
    const header = Buffer.alloc(HEADER_SIZE);
    header.set(encodeFrame(1, 1, Buffer.alloc(0)));
    header.writeUInt32BE(10 * 1024 * 1024, 0);
    const decoder = new FrameDecoder(MAX);
    expect(decoder.push(header)).toEqual([]);
    expect(decoder.error?.code).toBe(im.ErrorCode.FRAME_TOO_LARGE);
    expect(decoder.buffered).toBe(0);
  });

  it("accepts a frame of exactly the maximum size", () => {
    const frame = encodeFrame(1, 1, Buffer.alloc(MAX - HEADER_SIZE));
    const got = new FrameDecoder(MAX).push(frame);
    expect(got.map((f) => f.length)).toEqual([MAX]);
  });

  it.each(violations)("maps %s to its error code", (_name, code, bad) => {
    const decoder = new FrameDecoder(MAX);
    const good = encodeFrame(1, 1, Buffer.alloc(0));
    expect(decoder.push(Buffer.concat([good, bad])).length).toBe(1);
    expect(decoder.error).toBeInstanceOf(FrameError);
    expect(decoder.error?.code).toBe(code);
  });
});
