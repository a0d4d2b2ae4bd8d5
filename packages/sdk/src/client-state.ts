/**
 * The client's lifecycle in one table: its states, the moves allowed between
 * them, and which timers may run in which state. ImClient changes state only
 * through ClientLifecycle.to() and arms timers only through after()/every(),
 * so leaving a state cancels every timer that does not belong to the next one.
 *
 *   idle/closed/kicked --connect()--> connecting --auth ok--> connected
 *   connecting --every endpoint failed--> idle
 *   connected --drop or CTRL reconnect--> backoff --delay--> reconnecting --auth ok--> connected
 *   reconnecting --attempt failed--> backoff;  refused token or close() --> closed
 *   connected --logout()--> loggingOut --> closed;  connected --KICKOUT--> kicked
 *   connected --drop with reconnect disabled--> idle
 *   every state but idle/closed/kicked --close()--> closed
 */
export type ClientState =
  /** Not started, the first connect() failed, or the connection dropped with reconnect disabled. */
  | "idle"
  /** connect() is opening a transport and authenticating, trying each endpoint once. */
  | "connecting"
  /** Authenticated; requests go out, heartbeats run. */
  | "connected"
  /** The connection dropped; waiting out the reconnect delay. */
  | "backoff"
  /** A reconnect attempt is opening a transport and authenticating. */
  | "reconnecting"
  /** logout() waits for the server's answer; a drop now ends the client, not a reconnect. */
  | "loggingOut"
  /** Ended by close(), logout() or a refused token; connect() starts again. */
  | "closed"
  /** The server kicked this session out; never reconnects on its own; connect() starts again. */
  | "kicked";

export const TRANSITIONS: { readonly [S in ClientState]: readonly ClientState[] } = {
  idle: ["connecting"],
  connecting: ["connected", "idle", "closed"],
  connected: ["backoff", "idle", "loggingOut", "closed", "kicked"],
  backoff: ["reconnecting", "closed"],
  reconnecting: ["connected", "backoff", "closed"],
  loggingOut: ["closed", "kicked"],
  closed: ["connecting"],
  kicked: ["connecting"],
};

/** States in which nothing runs on the client's behalf: no connection, no timer but a pending ack flush. */
export const RESTING_STATES: readonly ClientState[] = ["idle", "closed", "kicked"];
const ACTIVE: readonly ClientState[] = ["connecting", "connected", "backoff", "reconnecting", "loggingOut"];

/** Every timer the client runs, and the states it may live in. */
export const TIMER_LIFETIMES = {
  /** HEARTBEAT_REQ every interval. */
  heartbeat: ["connected", "loggingOut"],
  /** Declares the connection dead after 2.5 silent heartbeat intervals. */
  watchdog: ["connected", "loggingOut"],
  /** A CTRL reconnect, spread over the delay the server gave. */
  redirect: ["connected"],
  /** Looks again at a gap in seqs that survived a sync. */
  gapRetry: ["connected"],
  /** The backoff before the next reconnect attempt. */
  reconnect: ["backoff"],
  /** connectTimeoutMs for opening a transport. */
  open: ["connecting", "reconnecting"],
  /** requestTimeoutMs for one request's answer (AUTH_REQ included). */
  request: ACTIVE,
  /** requestTimeoutMs for a request waiting for a connection. */
  connectionWait: ACTIVE,
  /** The pause before resending a send the server asked to retry later. */
  sendRetry: ACTIVE,
  /** ackDelayMs batching of MSG_PUSH_ACK; acks given while idle wait for the next connection. */
  ackFlush: ["idle", ...ACTIVE],
} as const satisfies Record<string, readonly ClientState[]>;
export type TimerKind = keyof typeof TIMER_LIFETIMES;

/** A state change the transition table does not allow: a bug in the client, never the server's doing. */
export class IllegalTransitionError extends Error {
  constructor(
    readonly from: ClientState,
    readonly to: ClientState,
  ) {
    super(`illegal client state transition ${from} -> ${to}`);
    this.name = "IllegalTransitionError";
  }
}

export interface Timer {
  /** False once it fired (for a one-shot timer) or was cancelled. */
  readonly active: boolean;
  cancel(): void;
}

interface Armed extends Timer {
  readonly kind: TimerKind;
  /** Cancels because the state moved on, and tells whoever waits on it. */
  expire(): void;
}

/**
 * The current state plus every timer. A timer armed in a state outside its
 * lifetime never runs, and its onExpire (if any) is called at once, so a
 * waiter depending on it is released rather than left hanging.
 */
export class ClientLifecycle {
  private current: ClientState = "idle";
  private gen = 0;
  private readonly armed = new Set<Armed>();

  get state(): ClientState {
    return this.current;
  }

  /**
   * Bumped whenever the client comes to rest (idle, closed, kicked): async
   * work started under an older generation abandons itself.
   */
  get generation(): number {
    return this.gen;
  }

  /** Kinds of the timers running now (for tests and debugging). */
  get timers(): TimerKind[] {
    return [...this.armed].map((t) => t.kind);
  }

  is(...states: ClientState[]): boolean {
    return states.includes(this.current);
  }

  can(next: ClientState): boolean {
    return TRANSITIONS[this.current].includes(next);
  }

  /** Moves to `next` and cancels the timers that do not live there; returns the state left. */
  to(next: ClientState): ClientState {
    const from = this.current;
    if (!this.can(next)) throw new IllegalTransitionError(from, next);
    this.current = next;
    if (RESTING_STATES.includes(next)) this.gen++;
    for (const timer of [...this.armed]) {
      if (!(TIMER_LIFETIMES[timer.kind] as readonly ClientState[]).includes(next)) timer.expire();
    }
    return from;
  }

  /** Runs `fire` once after `ms`, unless cancelled or the state leaves the timer's lifetime (then `onExpire`). */
  after(kind: TimerKind, ms: number, fire: () => void, onExpire?: () => void): Timer {
    return this.arm(kind, onExpire, (done) =>
      setTimeout(() => {
        done();
        fire();
      }, ms),
    );
  }

  /** Runs `fire` every `ms` while the state stays within the timer's lifetime. */
  every(kind: TimerKind, ms: number, fire: () => void): Timer {
    return this.arm(kind, undefined, () => setInterval(fire, ms));
  }

  private arm(
    kind: TimerKind,
    onExpire: (() => void) | undefined,
    start: (done: () => void) => ReturnType<typeof setTimeout>,
  ): Timer {
    const set = this.armed;
    let handle: ReturnType<typeof setTimeout> | undefined;
    const timer: Armed = {
      kind,
      get active() {
        return set.has(timer);
      },
      cancel() {
        if (!set.delete(timer)) return;
        clearTimeout(handle);
      },
      expire() {
        if (!set.has(timer)) return;
        timer.cancel();
        onExpire?.();
      },
    };
    if (!(TIMER_LIFETIMES[kind] as readonly ClientState[]).includes(this.current)) {
      onExpire?.();
      return timer;
    }
    set.add(timer);
    handle = start(() => set.delete(timer));
    return timer;
  }
}
