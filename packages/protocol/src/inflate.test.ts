import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeBody, encodeBody, inflateFrame } from "./codec.ts";
import { FLAG_DEFLATE, type Frame, FrameError } from "./header.ts";
import * as browser from "./platform-browser.ts";
import * as node from "./platform-node.ts";
import { im } from "./proto.ts";

function compressedPush(content: string): Frame {
  const body = deflateRawSync(encodeBody(im.Cmd.MSG_PUSH, { message: { seq: 7, content } }));
  return { length: 20 + body.length, flags: FLAG_DEFLATE, cmd: im.Cmd.MSG_PUSH, status: 0, seq: 3, body };
}

describe("DEFLATE bodies", () => {
  it("inflate the same on both platforms (zlib on Node, DecompressionStream in browsers)", async () => {
    const text = "hello ".repeat(200);
    const raw = deflateRawSync(Buffer.from(text));
    for (const platform of [node, browser]) {
      const out = await platform.inflateRaw(raw, 10_000);
      expect(new TextDecoder().decode(out)).toBe(text);
      await expect(platform.inflateRaw(raw, 100)).rejects.toThrow();
      await expect(platform.inflateRaw(Uint8Array.from([0xff, 0xff, 0xff]), 100)).rejects.toThrow();
    }
    expect(() => browser.inflateRawSync(raw, 10_000)).toThrow(/inflateRaw/);
    expect(new TextDecoder().decode(node.inflateRawSync(raw, 10_000))).toBe(text);
  });

  it("inflateFrame clears the flag so decodeBody reads the plain body", async () => {
    const frame = compressedPush("compressed 👋");
    const plain = await inflateFrame(frame, 64 * 1024);
    expect(plain.flags & FLAG_DEFLATE).toBe(0);
    const body = decodeBody(plain as Frame & { cmd: im.Cmd.MSG_PUSH }, 64 * 1024);
    expect(body.message?.content).toBe("compressed 👋");
    // Node still inflates synchronously inside decodeBody (the server relies on it).
    expect(decodeBody(frame as Frame & { cmd: im.Cmd.MSG_PUSH }, 64 * 1024).message?.content).toBe("compressed 👋");
    const uncompressed = { ...plain };
    expect(await inflateFrame(uncompressed, 10)).toBe(uncompressed);
    await expect(inflateFrame(frame, 4)).rejects.toBeInstanceOf(FrameError);
  });
});
