import type { DeviceLogin, UserStore } from "@im/core";
import { checkIdentifier, checkSeq } from "@im/core";
import type pg from "pg";
import { StorePool } from "./pg-query.ts";
import { checkLogin } from "./validate.ts";

export interface PgUserStoreOptions {
  /** How many uids known to exist are remembered (default 100,000). */
  existsCacheSize?: number;
  /** The causes behind UNAVAILABLE errors. */
  onError?: (err: unknown) => void;
}

// One statement: the user row comes into being with its first device.
const LOGIN = {
  name: "im_user_login",
  text: `WITH u AS (INSERT INTO users (id) VALUES ($1) ON CONFLICT (id) DO NOTHING)
         INSERT INTO devices (uid, device_id, device_type, last_login_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (uid, device_id) DO UPDATE
           SET device_type = EXCLUDED.device_type, last_login_at = EXCLUDED.last_login_at
         RETURNING acked_seq`,
};
const EXISTS = { name: "im_user_exists", text: "SELECT 1 FROM users WHERE id = $1" };
// The WHERE keeps the cursor from moving back and skips writing a row that would not change.
const ACK_DEVICE = {
  name: "im_device_ack",
  text: "UPDATE devices SET acked_seq = $3 WHERE uid = $1 AND device_id = $2 AND acked_seq < $3",
};
const DEVICE_CURSOR = {
  name: "im_device_cursor",
  text: "SELECT acked_seq FROM devices WHERE uid = $1 AND device_id = $2",
};

// hot path: npm run bench -- connections (login) and -- c2c (device ack cursors).
/** UserStore on PostgreSQL (users and devices tables). */
export class PgUserStore implements UserStore {
  /** Uids known to exist, oldest first. Users are not deleted, so a positive answer stays true. */
  private readonly known = new Map<string, true>();
  private readonly cacheSize: number;
  private readonly db: StorePool;

  constructor(pool: pg.Pool, opts: PgUserStoreOptions = {}) {
    this.cacheSize = Math.max(0, opts.existsCacheSize ?? 100_000);
    this.db = new StorePool(pool, { what: "user storage", onError: opts.onError });
  }

  async login(login: DeviceLogin): Promise<{ ackedSeq: number }> {
    checkLogin(login);
    const { rows } = await this.db.query<{ acked_seq: number | string }>(LOGIN, [
      login.uid,
      login.deviceId,
      login.deviceType,
    ]);
    this.remember(login.uid);
    return { ackedSeq: Number(rows[0]?.acked_seq ?? 0) };
  }

  async exists(uid: string): Promise<boolean> {
    checkIdentifier("uid", uid);
    if (this.known.has(uid)) return true;
    // Negative answers are not cached: the user may be created by another server at any time.
    const { rowCount } = await this.db.query(EXISTS, [uid]);
    if (!rowCount) return false;
    this.remember(uid);
    return true;
  }

  async ackDevice(uid: string, deviceId: string, seq: number): Promise<void> {
    checkIdentifier("uid", uid);
    checkIdentifier("deviceId", deviceId);
    checkSeq("seq", seq);
    await this.db.query(ACK_DEVICE, [uid, deviceId, seq]);
  }

  async deviceCursor(uid: string, deviceId: string): Promise<number> {
    checkIdentifier("uid", uid);
    checkIdentifier("deviceId", deviceId);
    const { rows } = await this.db.query<{ acked_seq: number | string }>(DEVICE_CURSOR, [uid, deviceId]);
    return Number(rows[0]?.acked_seq ?? 0);
  }

  private remember(uid: string): void {
    if (this.cacheSize === 0 || this.known.has(uid)) return;
    this.known.set(uid, true);
    if (this.known.size > this.cacheSize) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
  }
}
