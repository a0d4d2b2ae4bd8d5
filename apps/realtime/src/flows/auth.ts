import {
  type AccessStore,
  checkIdentifier,
  type DeviceType,
  ImError,
  isRevoked,
  type MessageStore,
  type NodeBus,
  type Presence,
  type Route,
  type TimerWheel,
  type TokenVerifier,
  type UserStore,
} from "@im/core";
import { Cmd, encodeMessage, im } from "@im/protocol";
import type { Logger } from "pino";
import type { Connection } from "../connection.ts";
import type { Hub } from "../hub.ts";
import type { NodeMetrics } from "../metrics.ts";
import type { Replies } from "../replies.ts";
import type { Sessions } from "../sessions.ts";
import { decideKickout, type KickoutPolicy } from "./kickout-policy.ts";

export interface AuthDeps {
  nodeId: string;
  verifier: TokenVerifier;
  /** Bans and token revocations checked at login; without it neither is enforced. */
  access?: AccessStore | undefined;
  users: Pick<UserStore, "login">;
  messages: Pick<MessageStore, "maxSeq">;
  presence: Pick<Presence, "add" | "routes" | "remove" | "nextLoginSeq">;
  bus: Pick<NodeBus, "publish">;
  hub: Hub;
  wheel: TimerWheel;
  sessions: Sessions;
  replies: Pick<Replies, "error">;
  metrics: Pick<NodeMetrics, "sessions" | "kicks">;
  log: Logger;
  kickoutPolicy: KickoutPolicy;
  heartbeatMs: number;
  authTimeoutMs: number;
}

const VALID_DEVICE_TYPES = new Set<number>(
  Object.values(im.DeviceType).filter((t): t is number => typeof t === "number" && t !== 0),
);

/** Login, logout and kickout: binding a session to a connection and ending it, on whatever node it lives. */
export class AuthFlow {
  constructor(private readonly deps: AuthDeps) {}

  /** AUTH_REQ: token → verify → ban and revocation gate → session and route → AUTH_RESP → kickout policy. */
  async login(conn: Connection, seq: number, req: im.IAuthReq): Promise<void> {
    const { deps } = this;
    if (conn.session || conn.held)
      throw new ImError("ALREADY_AUTHENTICATED", "this connection is already authenticated");
    const deviceType = (req.deviceType ?? 0) as DeviceType;
    if (!VALID_DEVICE_TYPES.has(deviceType)) throw new ImError("INVALID_ARGUMENT", "device_type is required");
    const deviceId = checkIdentifier("device_id", req.deviceId);
    if (!req.token) throw new ImError("TOKEN_INVALID", "token is required");
    conn.held = []; // hold pushes until AUTH_RESP is on the wire
    try {
      const token = await deps.verifier.verify(req.token);
      if (token.deviceType && token.deviceType !== deviceType)
        throw new ImError("TOKEN_INVALID", "token was issued for another device type");
      if (token.deviceId !== undefined && token.deviceId !== deviceId)
        throw new ImError("TOKEN_INVALID", "token was issued for another device");
      const uid = token.uid;
      if (deps.access) {
        const gate = await deps.access.loginGate(uid);
        if (gate.bannedAt !== null) throw new ImError("FORBIDDEN", "this user is banned");
        if (isRevoked(gate, deviceType, token.issuedAt, deviceId))
          throw new ImError("TOKEN_INVALID", "token was revoked");
      }
      const { ackedSeq } = await deps.users.login({ uid, deviceId, deviceType });
      const loginSeq = await deps.presence.nextLoginSeq(uid);
      if (conn.closing) return;
      const now = Date.now();
      conn.session = { uid, deviceType, deviceId, loginSeq, loginAt: now };
      conn.authTimer?.cancel();
      conn.authTimer = null;
      const route = deps.sessions.routeOf(conn);
      await deps.presence.add(route);
      deps.metrics.sessions.inc();
      const others = await deps.presence.routes(uid);
      const decision = decideKickout(deps.kickoutPolicy, route, others);
      // Read the inbox head only after the route is visible, so any message
      // committed later is pushed to this session rather than missed.
      const maxSeq = await deps.messages.maxSeq(uid);
      conn.pushedSeq = maxSeq;
      conn.sendNow(
        encodeMessage(Cmd.AUTH_RESP, seq, {
          uid,
          sessionId: conn.id,
          serverTime: Date.now(),
          maxSeq,
          ackedSeq,
          heartbeatMs: deps.heartbeatMs,
        }),
      );
      conn.releaseHeld();
      if (conn.pendingKick) {
        this.kickLocal(uid, conn.id, conn.pendingKick.reason, conn.pendingKick.text);
        return;
      }
      if (decision.kickSelf) {
        this.kick(route, im.KickReason.OTHER_LOGIN, "a newer login of this account replaced this session");
        return;
      }
      for (const victim of decision.kick)
        this.kick(victim, im.KickReason.OTHER_LOGIN, "this account logged in on another device");
    } catch (err) {
      conn.held = null;
      if (conn.session && !conn.closing) deps.sessions.unbind(conn);
      // A store or registry outage is not the client's fault: tell it to retry.
      if (!(err instanceof ImError)) {
        deps.log.warn({ err }, "auth failed on a backend");
        throw new ImError("UNAVAILABLE", "session registry unavailable, retry", 1000);
      }
      throw err;
    }
  }

  /** LOGOUT_REQ: the session ends, the connection stays open and must log in again in time. */
  logout(conn: Connection, seq: number): void {
    this.deps.sessions.unbind(conn);
    conn.send(encodeMessage(Cmd.LOGOUT_RESP, seq, {}));
    this.armAuthTimer(conn);
  }

  /** Kicks a session wherever it lives. */
  kick(route: Pick<Route, "uid" | "connId" | "nodeId">, reason: number, text: string): void {
    if (route.nodeId === this.deps.nodeId) this.kickLocal(route.uid, route.connId, reason, text);
    else this.deps.bus.publish(route.nodeId, { type: "kick", uid: route.uid, connId: route.connId, reason, text });
  }

  /** Kicks every session of a user (or only one device type, or one device). Returns how many were kicked. */
  async kickUser(
    uid: string,
    reason: number,
    text: string,
    deviceType?: DeviceType,
    deviceId?: string,
  ): Promise<number> {
    const routes = await this.deps.presence.routes(uid);
    const victims = routes.filter(
      (r) =>
        (deviceType === undefined || r.deviceType === deviceType) &&
        (deviceId === undefined || r.deviceId === deviceId),
    );
    for (const r of victims) this.kick(r, reason, text);
    return victims.length;
  }

  /** Kicks a session of this node (a kick from the bus lands here too). */
  kickLocal(uid: string, connId: string, reason: number, text: string): void {
    const conn = this.deps.hub.get(connId);
    if (!conn || conn.session?.uid !== uid) {
      // The session is gone from this node; drop a route that may have outlived it.
      if (!conn) void this.deps.presence.remove(uid, connId).catch(() => {});
      return;
    }
    if (conn.held) {
      // Its AUTH_RESP is not out yet: answer the auth first, then kick (login() does it).
      conn.pendingKick = { reason, text };
      return;
    }
    this.deps.metrics.kicks.inc({ reason: im.KickReason[reason] ?? String(reason) });
    conn.send(encodeMessage(Cmd.KICKOUT, 0, { reason, message: text }));
    this.deps.sessions.unbind(conn);
    conn.close(im.ErrorCode.KICKED, "kicked out");
  }

  /** A connection without a session is closed unless it logs in within the auth timeout. */
  armAuthTimer(conn: Connection): void {
    conn.authTimer?.cancel();
    conn.authTimer = this.deps.wheel.schedule(this.deps.authTimeoutMs, () => {
      if (conn.session || conn.closing) return;
      this.deps.replies.error(conn, 0, im.ErrorCode.AUTH_TIMEOUT, "no auth within the time limit");
      conn.close(im.ErrorCode.AUTH_TIMEOUT, "auth timeout");
    });
  }
}
