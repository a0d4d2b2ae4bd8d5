/** How many sign-in attempts each key may spend within one window. */
export interface LoginBudgets {
  /** One username from one address: the ordinary guessing case. */
  perPair: number;
  /** One address over every username: spraying many accounts from one place. */
  perAddress: number;
  /** One username from every address: a distributed attack on one account. */
  perUsername: number;
}

export const DEFAULT_LOGIN_BUDGETS: LoginBudgets = { perPair: 5, perAddress: 20, perUsername: 50 };
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Keys kept at most; see reserve() for what happens when every one of them is still needed. */
export const DEFAULT_MAX_KEYS = 10_000;

interface Counter {
  /** Attempts that were checked and failed in this window. */
  failures: number;
  /** Attempts reserved and not yet settled (password check still running). */
  inFlight: number;
  /** ms since epoch when the window began. */
  since: number;
  limit: number;
}

/** A reserved attempt: settle it exactly once with the outcome of the password check. */
export interface LoginAttempt {
  failed(): void;
  succeeded(): void;
}

export type Reservation = { ok: true; attempt: LoginAttempt } | { ok: false; waitMs: number };

/**
 * Slows password guessing. An attempt is reserved BEFORE the password is
 * checked, and counts against three keys at once (username+address, address,
 * username): reserved-but-unsettled attempts count like failures, so any
 * number of concurrent requests can check at most the budget of passwords.
 *
 * Memory is bounded by maxKeys. A key that is blocked or has attempts in
 * flight is never evicted; when every slot holds such a key, new keys are
 * refused (fail closed) rather than forgetting a block. Spraying usernames
 * from one address cannot get there, because the address key blocks first.
 *
 * In this process's memory: each gateway process counts alone.
 */
export class LoginThrottle {
  private readonly counters = new Map<string, Counter>();

  constructor(
    private readonly now: () => number,
    private readonly budgets: LoginBudgets = DEFAULT_LOGIN_BUDGETS,
    private readonly maxKeys = DEFAULT_MAX_KEYS,
    private readonly windowMs = LOGIN_WINDOW_MS,
  ) {}

  /** Reserves one attempt for (address, username), or says how long to wait. */
  reserve(address: string, username: string): Reservation {
    const now = this.now();
    const keys: [string, number][] = [
      [`p\n${address}\n${username.toLowerCase()}`, this.budgets.perPair],
      [`a\n${address}`, this.budgets.perAddress],
      [`u\n${username.toLowerCase()}`, this.budgets.perUsername],
    ];
    let waitMs = 0;
    for (const [key, limit] of keys) {
      const c = this.live(key, now);
      if (c && c.failures + c.inFlight >= limit) waitMs = Math.max(waitMs, this.waitOf(c, now));
    }
    if (waitMs > 0) return { ok: false, waitMs };
    const counters: Counter[] = [];
    for (const [key, limit] of keys) {
      const c = this.live(key, now) ?? this.create(key, limit, now);
      if (!c) return { ok: false, waitMs: this.windowMs };
      counters.push(c);
    }
    for (const c of counters) c.inFlight++;
    let settled = false;
    const settle = (failed: boolean) => {
      if (settled) return;
      settled = true;
      for (const c of counters) {
        c.inFlight--;
        if (failed) c.failures++;
      }
      // A correct password clears the account's own counters, not the address's.
      if (!failed) {
        this.forget(keys[0]?.[0]);
        this.forget(keys[2]?.[0]);
      }
    };
    return { ok: true, attempt: { failed: () => settle(true), succeeded: () => settle(false) } };
  }

  /** Keys currently held (tests and metrics). */
  get size(): number {
    return this.counters.size;
  }

  private waitOf(c: Counter, now: number): number {
    // Blocked only by attempts still in flight: they may yet succeed, so ask to retry shortly.
    return c.failures >= c.limit ? Math.max(1, c.since + this.windowMs - now) : 1_000;
  }

  /** The key's counter if its window is still open; an expired idle counter is dropped. */
  private live(key: string, now: number): Counter | undefined {
    const c = this.counters.get(key);
    if (!c) return undefined;
    if (now - c.since < this.windowMs) return c;
    if (c.inFlight === 0) {
      this.counters.delete(key);
      return undefined;
    }
    // Window over while attempts are in flight: keep them, start a new window.
    c.failures = 0;
    c.since = now;
    return c;
  }

  private create(key: string, limit: number, now: number): Counter | undefined {
    if (this.counters.size >= this.maxKeys && !this.evictOne(now)) return undefined;
    const c: Counter = { failures: 0, inFlight: 0, since: now, limit };
    this.counters.set(key, c);
    return c;
  }

  /** Drops the oldest counter that blocks nothing and has nothing in flight; false if there is none. */
  private evictOne(now: number): boolean {
    for (const [key, c] of this.counters) {
      const expired = now - c.since >= this.windowMs;
      if (c.inFlight === 0 && (expired || c.failures < c.limit)) {
        this.counters.delete(key);
        return true;
      }
    }
    return false;
  }

  private forget(key: string | undefined): void {
    if (key === undefined) return;
    const c = this.counters.get(key);
    if (c && c.inFlight === 0) this.counters.delete(key);
    else if (c) c.failures = 0;
  }
}
