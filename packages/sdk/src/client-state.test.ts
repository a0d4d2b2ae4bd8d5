import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  ClientLifecycle,
  type ClientState,
  IllegalTransitionError,
  RESTING_STATES,
  TIMER_LIFETIMES,
  type TimerKind,
  TRANSITIONS,
} from "./client-state.ts";

const STATES = Object.keys(TRANSITIONS) as ClientState[];
const KINDS = Object.keys(TIMER_LIFETIMES) as TimerKind[];

/** The moves from idle that reach `target` by the fewest steps (breadth-first over the table). */
function pathTo(target: ClientState): ClientState[] {
  const via = new Map<ClientState, ClientState[]>([["idle", []]]);
  const queue: ClientState[] = ["idle"];
  while (queue.length > 0) {
    const at = queue.shift()!;
    for (const next of TRANSITIONS[at]) {
      if (via.has(next)) continue;
      via.set(next, [...via.get(at)!, next]);
      queue.push(next);
    }
  }
  const path = via.get(target);
  if (!path) throw new Error(`${target} is unreachable from idle`);
  return path;
}

function lifecycleIn(state: ClientState): ClientLifecycle {
  const life = new ClientLifecycle();
  for (const step of pathTo(state)) life.to(step);
  expect(life.state).toBe(state);
  return life;
}

describe("the client's transition table", () => {
  it("reaches every state from idle, and every state can come back to rest", () => {
    for (const state of STATES) {
      expect(() => pathTo(state)).not.toThrow();
      const seen = new Set<ClientState>([state]);
      const queue = [state];
      for (let at = queue.shift(); at; at = queue.shift()) {
        for (const next of TRANSITIONS[at]) {
          if (seen.has(next)) continue;
          seen.add(next);
          queue.push(next);
        }
      }
      expect(
        RESTING_STATES.some((r) => seen.has(r)),
        `${state} has a way to rest`,
      ).toBe(true);
    }
  });

  it.each(STATES)("from %s allows exactly the listed moves and rejects the rest", (from) => {
    for (const to of STATES) {
      const life = lifecycleIn(from);
      if (TRANSITIONS[from].includes(to)) {
        expect(life.to(to)).toBe(from);
        expect(life.state).toBe(to);
      } else {
        expect(() => life.to(to)).toThrow(IllegalTransitionError);
        expect(life.state).toBe(from); // a rejected move changes nothing
      }
    }
  });

  it("never reconnects out of kicked or closed on its own: only connect() (to connecting) leaves them", () => {
    expect(TRANSITIONS.kicked).toEqual(["connecting"]);
    expect(TRANSITIONS.closed).toEqual(["connecting"]);
    expect(TRANSITIONS.loggingOut).not.toContain("backoff");
    const life = lifecycleIn("kicked");
    expect(() => life.to("backoff")).toThrow("illegal client state transition kicked -> backoff");
    expect(() => life.to("reconnecting")).toThrow(IllegalTransitionError);
  });

  it("keeps connection timers to the states with a connection, and the reconnect timer to backoff", () => {
    for (const kind of ["heartbeat", "watchdog", "redirect", "gapRetry"] as const)
      expect(["connected", "loggingOut"]).toEqual(expect.arrayContaining([...TIMER_LIFETIMES[kind]]));
    expect(TIMER_LIFETIMES.reconnect).toEqual(["backoff"]);
    for (const kind of KINDS)
      for (const resting of ["closed", "kicked"] as const)
        expect(TIMER_LIFETIMES[kind] as readonly ClientState[]).not.toContain(resting);
  });

  it("bumps the generation each time the client comes to rest, and only then", () => {
    const life = new ClientLifecycle();
    const steps: [ClientState, number][] = [
      ["connecting", 0],
      ["connected", 0],
      ["backoff", 0],
      ["reconnecting", 0],
      ["connected", 0],
      ["kicked", 1],
      ["connecting", 1],
      ["idle", 2],
    ];
    for (const [state, generation] of steps) {
      life.to(state);
      expect(life.generation).toBe(generation);
    }
  });
});

describe("the client's timers", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it.each(KINDS)("a %s timer is cancelled by every move out of its lifetime and kept by moves within it", (kind) => {
    const lifetime = TIMER_LIFETIMES[kind] as readonly ClientState[];
    for (const from of lifetime) {
      for (const to of TRANSITIONS[from]) {
        const life = lifecycleIn(from);
        const fire = vi.fn();
        const expire = vi.fn();
        const timer = life.after(kind, 100, fire, expire);
        expect(timer.active).toBe(true);
        life.to(to);
        const kept = lifetime.includes(to);
        expect(timer.active, `${kind}: ${from} -> ${to}`).toBe(kept);
        expect(expire).toHaveBeenCalledTimes(kept ? 0 : 1);
        vi.advanceTimersByTime(100);
        expect(fire).toHaveBeenCalledTimes(kept ? 1 : 0);
        expect(life.timers).toEqual([]);
      }
    }
  });

  it("coming to rest leaves no timer but a pending ack flush in idle", () => {
    for (const from of STATES) {
      for (const to of TRANSITIONS[from].filter((s) => RESTING_STATES.includes(s))) {
        const life = lifecycleIn(from);
        for (const kind of KINDS) life.after(kind, 1000, () => {});
        life.every("heartbeat", 100, () => {});
        life.to(to);
        expect(life.timers, `${from} -> ${to}`).toEqual(to === "idle" ? ["ackFlush"] : []);
        expect(vi.getTimerCount()).toBe(life.timers.length);
        vi.clearAllTimers();
      }
    }
  });

  it("does not arm a timer outside its lifetime, and releases its waiter at once", () => {
    const life = lifecycleIn("connected");
    const fire = vi.fn();
    const expire = vi.fn();
    const timer = life.after("reconnect", 10, fire, expire);
    expect(timer.active).toBe(false);
    expect(expire).toHaveBeenCalledOnce();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10);
    expect(fire).not.toHaveBeenCalled();
  });

  it("runs a repeating timer until its state is left; cancel() stops a timer without calling onExpire", () => {
    const life = lifecycleIn("connected");
    const beat = vi.fn();
    life.every("heartbeat", 100, beat);
    vi.advanceTimersByTime(350);
    expect(beat).toHaveBeenCalledTimes(3);
    life.to("loggingOut"); // still beating while the logout is answered
    vi.advanceTimersByTime(100);
    expect(beat).toHaveBeenCalledTimes(4);
    life.to("closed");
    vi.advanceTimersByTime(1000);
    expect(beat).toHaveBeenCalledTimes(4);

    const again = lifecycleIn("backoff");
    const expire = vi.fn();
    const timer = again.after("reconnect", 100, () => {}, expire);
    timer.cancel();
    again.to("closed");
    expect(expire).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("forgets a one-shot timer once it fired", () => {
    const life = lifecycleIn("backoff");
    const timer = life.after("reconnect", 5, () => {});
    expect(life.timers).toEqual(["reconnect"]);
    vi.advanceTimersByTime(5);
    expect(timer.active).toBe(false);
    expect(life.timers).toEqual([]);
  });
});
