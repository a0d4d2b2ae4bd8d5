/** Failed sign-ins allowed per (address, username) within one window. */
export const MAX_LOGIN_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

interface Failures {
  count: number;
  /** ms since epoch of the first failure of the window. */
  since: number;
}

/**
 * Slows password guessing: after MAX_LOGIN_FAILURES failures for one
 * username from one address, that pair is refused until the window ends.
 * Keyed by address too, so a stranger cannot lock an operator out
 * everywhere. In this process's memory: each gateway process counts alone.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly now: () => number,
    private readonly maxEntries = 10_000,
  ) {}

  /** 0 when a sign-in may be tried, else the ms until it may. */
  waitMs(address: string, username: string): number {
    const entry = this.live(address, username);
    if (!entry || entry.count < MAX_LOGIN_FAILURES) return 0;
    return entry.since + LOGIN_WINDOW_MS - this.now();
  }

  failed(address: string, username: string): void {
    const entry = this.live(address, username);
    if (entry) {
      entry.count += 1;
      return;
    }
    if (this.failures.size >= this.maxEntries) this.failures.clear();
    this.failures.set(keyOf(address, username), { count: 1, since: this.now() });
  }

  succeeded(address: string, username: string): void {
    this.failures.delete(keyOf(address, username));
  }

  private live(address: string, username: string): Failures | undefined {
    const key = keyOf(address, username);
    const entry = this.failures.get(key);
    if (entry && this.now() - entry.since >= LOGIN_WINDOW_MS) {
      this.failures.delete(key);
      return undefined;
    }
    return entry;
  }
}

function keyOf(address: string, username: string): string {
  return `${address}\n${username.toLowerCase()}`;
}
