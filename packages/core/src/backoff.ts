// Imported by the browser SDK through "@im/core/backoff": no imports, no Node globals.
/**
 * Delay before retry `attempt` (0 = the first retry): exponential from
 * `baseMs`, capped at `maxMs`, with "equal jitter" (a random point in the upper
 * half of the step) so that many clients or jobs failing at once do not come
 * back in lockstep. The one backoff rule of the project: SDK reconnects,
 * webhook retries (push and c2s), Redis reconnects.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
