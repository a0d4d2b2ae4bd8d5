import type { Route } from "@im/core";

export type KickoutPolicy = "same-type" | "single" | "unlimited";

export interface KickDecision {
  /** Existing sessions the new login replaces. */
  kick: Route[];
  /** True when a newer login of the same slot already exists: the new session itself must go. */
  kickSelf: boolean;
}

/**
 * Decides who a login displaces. Sessions are ordered by loginSeq, not by
 * arrival, so a reconnect racing its own kick never evicts the newer session.
 */
export function decideKickout(policy: KickoutPolicy, self: Route, others: readonly Route[]): KickDecision {
  if (policy === "unlimited") return { kick: [], kickSelf: false };
  const rivals = others.filter(
    (r) => r.connId !== self.connId && (policy === "single" || r.deviceType === self.deviceType),
  );
  if (rivals.some((r) => r.loginSeq > self.loginSeq)) return { kick: [], kickSelf: true };
  return { kick: rivals, kickSelf: false };
}
