// Faults at random moments, one at a time: a server killed (SIGKILL) and
// started again, a server frozen (SIGSTOP) and thawed, Redis killed and
// restarted, PostgreSQL stopped and restarted.
import type { Postgres, RedisServer, ServerChild } from "./processes.ts";
import type { Random } from "./random.ts";

export type FaultKind = "kill" | "freeze" | "redis" | "postgres";
const KINDS: FaultKind[] = ["kill", "freeze", "redis", "postgres"];

export interface FaultOptions {
  servers: ServerChild[];
  redis: RedisServer;
  postgres: Postgres;
  random: Random;
  /** Mean pause between two faults, in seconds. */
  everySec: number;
  log: (line: string) => void;
}

export class FaultInjector {
  readonly counts: Record<FaultKind, number> = { kill: 0, freeze: 0, redis: 0, postgres: 0 };
  /** Set while a fault is in progress (for the progress line). */
  current: string | null = null;
  private bag: FaultKind[] = [];

  constructor(private readonly o: FaultOptions) {}

  get total(): number {
    return KINDS.reduce((sum, k) => sum + this.counts[k], 0);
  }

  /** Injects faults until `until`; every kind comes once in each round of four, in random order. */
  async run(until: number): Promise<void> {
    const { random } = this.o;
    for (;;) {
      const pause = random.between(0.5, 1.5) * this.o.everySec * 1000;
      if (Date.now() + pause >= until) return;
      await sleep(pause);
      if (this.bag.length === 0) this.bag = random.sample(KINDS, KINDS.length);
      await this.inject(this.bag.pop()!);
    }
  }

  private async inject(kind: FaultKind): Promise<void> {
    const { random, servers, log } = this.o;
    this.counts[kind]++;
    const began = Date.now();
    const downMs = Math.round(random.between(500, 3_000));
    switch (kind) {
      case "kill": {
        const victim = random.pick(servers);
        this.current = `${victim.name} killed`;
        log(`fault: SIGKILL ${victim.name}, restart in ${downMs} ms`);
        await victim.kill();
        await sleep(downMs);
        await victim.start();
        log(`${victim.name} serves again ${Date.now() - began} ms after the kill`);
        break;
      }
      case "freeze": {
        const victim = random.pick(servers);
        const frozenMs = Math.round(random.between(2_000, 6_000));
        this.current = `${victim.name} frozen`;
        log(`fault: SIGSTOP ${victim.name} for ${frozenMs} ms`);
        victim.freeze();
        await sleep(frozenMs);
        victim.resume();
        break;
      }
      case "redis":
        this.current = "redis down";
        log(`fault: SIGKILL redis, restart in ${downMs} ms`);
        await this.o.redis.kill();
        await sleep(downMs);
        await this.o.redis.start();
        log(`redis serves again ${Date.now() - began} ms after the kill`);
        break;
      case "postgres":
        this.current = "postgres down";
        log(`fault: stop PostgreSQL, restart in ${downMs} ms`);
        await this.o.postgres.stop();
        await sleep(downMs);
        await this.o.postgres.start();
        log(`PostgreSQL serves again ${Date.now() - began} ms after the stop began`);
        break;
    }
    this.current = null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
