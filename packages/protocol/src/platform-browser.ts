// The browser's half of the platform seam (package.json "imports" → "#platform"):
// no Node built-ins, DEFLATE through the platform's DecompressionStream.

/** A byte array of `size` bytes whose contents are about to be overwritten. */
export function allocBytes(size: number): Uint8Array {
  return new Uint8Array(size);
}

/**
 * Browsers inflate only asynchronously, so a compressed frame must go through
 * inflateRaw (the SDK's connections do) before its body is decoded.
 */
export function inflateRawSync(_body: Uint8Array, _maxOutput: number): Uint8Array {
  throw new Error("compressed bodies are inflated with inflateRaw() in the browser");
}

/** Inflates a raw DEFLATE body; rejects when it is corrupt or inflates beyond maxOutput bytes. */
export async function inflateRaw(body: Uint8Array, maxOutput: number): Promise<Uint8Array> {
  const stream = new Blob([body as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream("deflate-raw"));
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxOutput) {
      await reader.cancel();
      throw new Error(`inflated body exceeds ${maxOutput} bytes`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
