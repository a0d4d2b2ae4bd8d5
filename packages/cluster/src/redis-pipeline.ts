import type { ChainableCommander } from "ioredis";

/**
 * Runs a pipeline and returns its replies in order; throws the first command
 * error (a pipeline never rejects as a whole on a per-command error).
 */
export async function execPipeline(pipeline: ChainableCommander): Promise<unknown[]> {
  const results = await pipeline.exec();
  if (!results) throw new Error("redis pipeline was discarded");
  const out: unknown[] = [];
  for (const [err, value] of results) {
    if (err) throw err;
    out.push(value);
  }
  return out;
}

/** Splits items into consecutive chunks of at most size. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
