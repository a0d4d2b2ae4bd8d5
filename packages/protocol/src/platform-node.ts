import { inflateRaw as zlibInflateRaw, inflateRawSync as zlibInflateRawSync } from "node:zlib";

// Node's half of the platform seam (package.json "imports" → "#platform"):
// Buffer.allocUnsafe skips zero-filling on the server's hot path, and zlib inflates synchronously.

/** A byte array of `size` bytes whose contents are about to be overwritten. */
export function allocBytes(size: number): Uint8Array {
  return Buffer.allocUnsafe(size);
}

/** Inflates a raw DEFLATE body at once; throws when it is corrupt or inflates beyond maxOutput bytes. */
export function inflateRawSync(body: Uint8Array, maxOutput: number): Uint8Array {
  return zlibInflateRawSync(body, { maxOutputLength: maxOutput });
}

/** Inflates a raw DEFLATE body; rejects when it is corrupt or inflates beyond maxOutput bytes. */
export function inflateRaw(body: Uint8Array, maxOutput: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) =>
    zlibInflateRaw(body, { maxOutputLength: maxOutput }, (err, out) => (err ? reject(err) : resolve(out))),
  );
}
