import type { AccessStore, LoginGate } from "@im/core";
import type pg from "pg";
import { queryOrUnavailable, unavailableAs } from "./pg-query.ts";

const LOGIN_GATE = {
  name: "access_login_gate",
  text: `SELECT (SELECT banned_at FROM users WHERE id = $1) AS banned_at, r.device_type, r.device_id, r.revoked_before
           FROM (SELECT 1) one LEFT JOIN token_revocations r ON r.uid = $1`,
};

export interface PgAccessStoreOptions {
  /** How long a user's gate is reused (default 2000 ms): the bound on how late another node sees a change. */
  cacheMs?: number;
  clock?: () => number;
  onError?: (err: unknown) => void;
}

/** Ban and revocation state from users.banned_at and token_revocations, cached briefly per uid. */
export class PgAccessStore implements AccessStore {
  private readonly cache = new Map<string, { gate: LoginGate; until: number }>();
  private readonly cacheMs: number;
  private readonly clock: () => number;
  private readonly fail: (err: unknown) => Error;

  constructor(
    private readonly pool: pg.Pool,
    opts: PgAccessStoreOptions = {},
  ) {
    this.cacheMs = opts.cacheMs ?? 2000;
    this.clock = opts.clock ?? Date.now;
    this.fail = unavailableAs("login state unavailable", opts.onError ?? (() => {}), 1000);
  }

  async loginGate(uid: string): Promise<LoginGate> {
    const now = this.clock();
    const hit = this.cache.get(uid);
    if (hit && hit.until > now) return hit.gate;
    const { rows } = await queryOrUnavailable<{
      banned_at: Date | null;
      device_type: number | null;
      device_id: string | null;
      revoked_before: Date | null;
    }>(this.pool, LOGIN_GATE, [uid], this.fail);
    const revokedBefore = new Map<number, number>();
    const revokedDevices = new Map<string, number>();
    for (const r of rows) {
      if (r.device_type === null || !r.revoked_before) continue;
      if (r.device_id) revokedDevices.set(r.device_id, r.revoked_before.getTime());
      else revokedBefore.set(r.device_type, r.revoked_before.getTime());
    }
    const gate: LoginGate = { bannedAt: rows[0]?.banned_at?.getTime() ?? null, revokedBefore, revokedDevices };
    if (this.cache.size > 100_000) this.cache.clear();
    this.cache.set(uid, { gate, until: now + this.cacheMs });
    return gate;
  }

  invalidate(uid: string): void {
    this.cache.delete(uid);
  }
}
