/**
 * Delay before reconnect attempt `attempt` (0-based): exponential from
 * minDelayMs, capped at maxDelayMs, with "equal jitter" (a random point in the
 * upper half) so many clients dropped at once do not return in lockstep.
 */
export function backoffDelay(
  attempt: number,
  minDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxDelayMs, minDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
