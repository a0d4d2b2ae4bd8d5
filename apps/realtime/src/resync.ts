import type { Presence, Route } from "@im/core";
import type { Logger } from "pino";
import type { Delivery } from "./delivery.ts";
import type { Hub } from "./hub.ts";
import type { Membership } from "./membership.ts";
import type { Sessions } from "./sessions.ts";

export interface ResyncDeps {
  hub: Hub;
  sessions: Pick<Sessions, "routeOf">;
  presence: Pick<Presence, "touch">;
  delivery: Pick<Delivery, "catchUp">;
  /** The node's registry membership, once it has started. */
  membership: () => Pick<Membership, "refresh"> | null;
  stopping: () => boolean;
  log: Logger;
}

/**
 * Re-registers the node and all its sessions at once, then pushes each session
 * what it missed; run when the backplane comes back after an outage (e.g. a
 * Redis restart, which may also have lost its data) or after the node missed
 * its registry TTL (it was frozen). One run at a time; a call during a run
 * makes one more run after it.
 */
export class Resync {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly deps: ResyncDeps) {}

  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.once();
        } while (this.again && !this.deps.stopping());
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async once(): Promise<void> {
    const { hub, sessions, presence, delivery, log } = this.deps;
    const started = Date.now();
    await this.deps.membership()?.refresh();
    const routes: Route[] = [];
    for (const conn of hub.all()) if (conn.session) routes.push({ ...sessions.routeOf(conn), lastActiveAt: started });
    await presence.touch(routes, started);
    // Routes are visible again, so anything committed from here on is pushed as usual; catch up on the rest.
    const pushed = await delivery.catchUp(hub.all());
    log.info({ sessions: routes.length, pushed, ms: Date.now() - started }, "re-registered sessions and caught up");
  }
}
