import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeBody, encodeBody, encodeError, encodeMessage, isKnownCmd } from "./codec.ts";
import { decodeFrame, encodeFrame, FLAG_DEFLATE, type Frame, FrameError, HEADER_SIZE } from "./header.ts";
import { im } from "./proto.ts";

const MAX_BODY = 64 * 1024;

function frameOf(cmd: number, body: Uint8Array, flags = 0): Frame {
  return decodeFrame(encodeFrame(cmd, 1, body, 0, flags));
}

function decodeCode(frame: Frame, maxBody = MAX_BODY): number {
  try {
    decodeBody(frame, maxBody);
  } catch (err) {
    expect(err).toBeInstanceOf(FrameError);
    return (err as FrameError).code;
  }
  throw new Error("expected a FrameError");
}

const cmdNames = Object.keys(im.Cmd).filter((k) => Number.isNaN(Number(k))) as (keyof typeof im.Cmd)[];

describe("command table", () => {
  it("knows every Cmd of im.proto except CMD_UNSPECIFIED", () => {
    expect(cmdNames.length).toBeGreaterThan(15);
    for (const name of cmdNames) {
      expect(isKnownCmd(im.Cmd[name]), name).toBe(name !== "CMD_UNSPECIFIED");
    }
  });

  it("knows nothing that is not in the Cmd enum", () => {
    const known = new Set<number>(cmdNames.map((n) => im.Cmd[n]));
    for (let cmd = 0; cmd <= 0xffff; cmd++) {
      if (isKnownCmd(cmd)) expect(known.has(cmd), `cmd ${cmd}`).toBe(true);
    }
  });

  it("decodes an empty body for every known cmd (proto3: all fields default)", () => {
    for (const name of cmdNames) {
      const cmd = im.Cmd[name];
      if (!isKnownCmd(cmd)) continue;
      expect(() => decodeBody(frameOf(cmd, new Uint8Array(0)), MAX_BODY), name).not.toThrow();
    }
  });
});

describe("decodeBody", () => {
  it.each([0, 10, 15, 38, 999, 0xffff])("answers cmd %i with UNKNOWN_CMD", (cmd) => {
    expect(decodeCode(frameOf(cmd, Buffer.from([8, 1])))).toBe(im.ErrorCode.UNKNOWN_CMD);
  });

  it.each([
    ["a truncated varint", "08ff"],
    ["a length running past the end", "0a05616263"],
    ["wire type 7", "0f"],
    ["a field number of 0", "0001"],
    ["random bytes", "ffffffffffffffffffffff"],
    ["invalid UTF-8 in a string field", "0a02c328"],
    ["a lone surrogate encoded in a string field", "0a03eda080"],
  ])("answers %s with BAD_BODY", (_what, hex) => {
    expect(decodeCode(frameOf(im.Cmd.C2C_SEND_REQ, Buffer.from(hex, "hex")))).toBe(im.ErrorCode.BAD_BODY);
  });

  it("decodes a deflate-compressed body like the plain one", () => {
    const body = { toUid: "bob", clientMsgId: "c-1", contentType: 1, content: "ha ".repeat(2000) };
    const plain = encodeBody(im.Cmd.C2C_SEND_REQ, body);
    const compressed = deflateRawSync(plain);
    expect(compressed.length).toBeLessThan(plain.length / 10);
    const decoded = decodeBody(frameOf(im.Cmd.C2C_SEND_REQ, compressed, FLAG_DEFLATE), MAX_BODY);
    expect(decoded).toEqual(im.C2CSendReq.decode(plain));
    expect(decoded).toMatchObject(body);
  });

  it("answers a deflate bomb (inflates beyond the limit) with BAD_BODY", () => {
    const bomb = deflateRawSync(Buffer.alloc(50 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const frame = decodeFrame(encodeFrame(im.Cmd.C2C_SEND_REQ, 1, bomb, 0, FLAG_DEFLATE), 1024 * 1024);
    const started = performance.now();
    expect(decodeCode(frame, MAX_BODY)).toBe(im.ErrorCode.BAD_BODY);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("accepts a compressed body that inflates to exactly the limit", () => {
    const plain = encodeBody(im.Cmd.C2C_SEND_REQ, { content: "x".repeat(1000) });
    const frame = frameOf(im.Cmd.C2C_SEND_REQ, deflateRawSync(plain), FLAG_DEFLATE);
    expect(decodeBody(frame, plain.length)).toMatchObject({ content: "x".repeat(1000) });
    expect(decodeCode(frame, plain.length - 1)).toBe(im.ErrorCode.BAD_BODY);
  });

  it.each([
    ["a truncated deflate stream", (b: Buffer) => b.subarray(0, b.length - 4)],
    ["not a deflate stream", () => Buffer.from("ffffff", "hex")],
    ["an empty body", () => Buffer.alloc(0)],
  ])("answers %s with the deflate flag set with BAD_BODY", (_what, mangle) => {
    const compressed = deflateRawSync(encodeBody(im.Cmd.C2C_SEND_REQ, { content: "hello hello hello" }));
    expect(decodeCode(frameOf(im.Cmd.C2C_SEND_REQ, mangle(compressed), FLAG_DEFLATE))).toBe(im.ErrorCode.BAD_BODY);
  });
});

describe("64-bit fields", () => {
  const big = Number.MAX_SAFE_INTEGER;

  it("decode as plain JS numbers, exact up to 2^53 - 1", () => {
    const message = {
      msgId: big,
      seq: 2 ** 40 + 3,
      convType: im.ConvType.C2C,
      convId: "alice",
      fromUid: "alice",
      toId: "bob",
      sentAt: 1767225600123,
    };
    const frame = decodeFrame(encodeMessage(im.Cmd.MSG_PUSH, 1, { message }));
    const push = decodeBody(frame as Frame & { cmd: im.Cmd.MSG_PUSH }, MAX_BODY);
    expect(push.message).toMatchObject(message);
    for (const key of ["msgId", "seq", "sentAt"] as const) expect(typeof push.message?.[key]).toBe("number");
  });

  it("decode as numbers in every message that carries them", () => {
    const cases: [im.Cmd, object][] = [
      [im.Cmd.HEARTBEAT_RESP, { serverTime: big }],
      [im.Cmd.AUTH_RESP, { uid: "u", serverTime: big, maxSeq: big - 1, ackedSeq: 2 ** 32 }],
      [im.Cmd.C2C_SEND_ACK, { msgId: big, seq: 2 ** 33, sentAt: 1 }],
      [im.Cmd.PULL_REQ, { afterSeq: 2 ** 32 + 1, limit: 100 }],
      [im.Cmd.MSG_PUSH_ACK, { seqs: [1, 2 ** 32, big] }],
      [im.Cmd.PULL_RESP, { messages: [{ msgId: big, seq: 2 ** 35 }], maxSeq: big }],
    ];
    for (const [cmd, body] of cases) {
      const frame = decodeFrame(encodeMessage(cmd as never, 1, body as never));
      const decoded = decodeBody(frame, MAX_BODY);
      expect(decoded, im.Cmd[cmd]).toMatchObject(body);
      expect(JSON.stringify(decoded)).not.toMatch(/"(low|high|unsigned)"/);
    }
  });
});

describe("strings", () => {
  const samples = [
    "😀",
    "👋🏽 family: 👨‍👩‍👧‍👦 flag: 🇯🇵 keycap: 1️⃣",
    "CJK extension B: 𠀀𪚥𫝀 math: 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "mixed ascii, ü, €, 你好, and 🎉 ".repeat(40),
    "NUL\u0000inside and a BOM \uFEFF",
    "🤌".repeat(5000),
  ];

  it.each(samples.map((s) => [s.slice(0, 24), s]))("round-trips %s byte-exact", (_label, text) => {
    const utf8 = Buffer.from(text, "utf8");
    const body = Buffer.from(encodeBody(im.Cmd.C2C_SEND_REQ, { toUid: "😀bob", content: text }));
    expect(body.includes(utf8)).toBe(true);
    const decoded = decodeBody(frameOf(im.Cmd.C2C_SEND_REQ, body), 1024 * 1024) as im.IC2CSendReq;
    expect(decoded.content).toBe(text);
    expect(decoded.toUid).toBe("😀bob");
    expect(Buffer.from(decoded.content ?? "", "utf8").equals(utf8)).toBe(true);
  });
});

describe("encodeMessage and encodeError", () => {
  it("encodes header and body together", () => {
    const frame = encodeMessage(im.Cmd.PULL_REQ, 77, { afterSeq: 40, limit: 100 });
    const decoded = decodeFrame(frame);
    expect(decoded).toMatchObject({ cmd: im.Cmd.PULL_REQ, seq: 77, status: 0, flags: 0, length: frame.length });
    expect(decodeBody(decoded, MAX_BODY)).toMatchObject({ afterSeq: 40, limit: 100 });
  });

  it("puts the error code in both the header status and the body, echoing the seq", () => {
    const frame = decodeFrame(encodeError(42, im.ErrorCode.RATE_LIMITED, "slow down", 1500));
    expect(frame).toMatchObject({ cmd: im.Cmd.ERROR, status: 3001, seq: 42 });
    expect(decodeBody(frame, MAX_BODY)).toMatchObject({ code: 3001, message: "slow down", retryAfterMs: 1500 });
  });

  it("omits zero fields from the body (canonical proto3)", () => {
    const frame = encodeError(1, im.ErrorCode.NOT_AUTHENTICATED, "");
    // Only field 1 (code = 2001): tag 0x08 and a two-byte varint.
    expect(Buffer.from(frame.subarray(HEADER_SIZE)).toString("hex")).toBe("08d10f");
    expect(encodeMessage(im.Cmd.HEARTBEAT_REQ, 1, {}).length).toBe(HEADER_SIZE);
  });
});
