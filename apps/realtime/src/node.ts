import http from "node:http";
import https from "node:https";
import type net from "node:net";
import { metricsAccess, originAllowed } from "@im/auth";
import {
  type AccessStore,
  type AppendResult,
  type BusMessage,
  checkIdentifier,
  checkKey,
  type DeliveryLedger,
  type DeviceType,
  ImError,
  type InboxMessage,
  type InboxWrite,
  isRevoked,
  type MessageStore,
  type NodeBus,
  type NodeRegistry,
  type Presence,
  type PushProvider,
  type Route,
  TimerWheel,
  type TokenVerifier,
  toImError,
  type UserStore,
} from "@im/core";
import type { OutboxStore } from "@im/outbox";
import {
  Cmd,
  type CmdBodies,
  decodeBody,
  encodeError,
  encodeMessage,
  type Frame,
  FrameError,
  im,
  isKnownCmd,
  type KnownCmd,
} from "@im/protocol";
import type { Logger } from "pino";
import { Connection, type ConnTransport } from "./connection.ts";
import type { FrameSink } from "./frame-sink.ts";
import { Hub } from "./hub.ts";
import { decideKickout, type KickoutPolicy } from "./kickout-policy.ts";
import { LatencyWindow } from "./latency-window.ts";
import { Membership } from "./membership.ts";
import { createNodeMetrics, type NodeMetrics } from "./metrics.ts";
import { RateLimiter } from "./rate-limiter.ts";
import {
  convTypeOf,
  handleConvList,
  handleGroupReadCount,
  handleGroupReq,
  handleOrgTree,
  type SocialDeps,
} from "./social.ts";
import { createTcpListener, type TlsMaterial } from "./tcp-listener.ts";
import { UndeliveredTracker } from "./undelivered-tracker.ts";
import { attachWsListener } from "./ws-listener.ts";

export interface NodeDeps extends SocialDeps {
  messages: MessageStore;
  users: UserStore;
  presence: Presence;
  bus: NodeBus;
  verifier: TokenVerifier;
  push: PushProvider;
  registry: NodeRegistry;
  logger: Logger;
  /** Where pushes, acks and offline pushes are noted for tracing; without it nothing is. */
  ledger?: DeliveryLedger;
  /** Where c2s messages go; without it C2S_SEND_REQ is answered UNAVAILABLE. */
  outbox?: Pick<OutboxStore, "enqueueC2S">;
  /** Bans and token revocations checked at login; without it neither is enforced (tests of other parts). */
  access?: AccessStore;
}

export interface NodeOptions {
  nodeId: string;
  host: string;
  tcpPort: number;
  wsPort: number;
  maxFrameBytes: number;
  maxContentBytes: number;
  authTimeoutMs: number;
  heartbeatMs: number;
  idleTimeoutMs: number;
  ratePerSec: number;
  rateBurst: number;
  maxConnections: number;
  kickoutPolicy: KickoutPolicy;
  undeliveredMs: number;
  /** Outbound bytes a connection may queue before it is closed as a slow consumer. */
  maxOutboundBytes?: number;
  /** Host clients use to reach this node (published in the node registry). */
  advertiseHost: string;
  /** Node registry TTL. */
  nodeTtlMs: number;
  /** On shutdown, how long clients get to move to other nodes before they are disconnected. */
  drainMs: number;
  /** TLS for both listeners (TCP over TLS, WebSocket over HTTPS); plain when absent. */
  tls?: TlsMaterial;
  /** Browser origins allowed to open WebSockets; absent or empty: the connected hostname only. */
  allowedOrigins?: readonly string[];
  /** Bearer token for /metrics; absent: /metrics answers loopback peers only. */
  metricsToken?: string;
}

/** Commands a client may send; everything else is answered with UNKNOWN_CMD. */
const CLIENT_CMDS = new Set<number>([
  Cmd.HEARTBEAT_REQ,
  Cmd.AUTH_REQ,
  Cmd.LOGOUT_REQ,
  Cmd.C2C_SEND_REQ,
  Cmd.MSG_PUSH_ACK,
  Cmd.PULL_REQ,
  Cmd.C2G_SEND_REQ,
  Cmd.GROUP_REQ,
  Cmd.CONV_LIST_REQ,
  Cmd.CONV_READ_REQ,
  Cmd.GROUP_READ_COUNT_REQ,
  Cmd.ORG_TREE_REQ,
  Cmd.C2S_SEND_REQ,
]);

const VALID_DEVICE_TYPES = new Set<number>([1, 2, 3, 4, 5]);
const MAX_PULL = 500;
const DEFAULT_PULL = 100;

/**
 * A realtime node: gate (TCP + WebSocket listeners, sessions) and logic (auth,
 * kickout, c2c, pull, push acks) over pluggable storage, presence and bus.
 */
export class RealtimeNode implements FrameSink {
  readonly hub = new Hub();
  readonly metrics: NodeMetrics;
  private readonly wheel = new TimerWheel(50, 1024);
  private readonly limiter: RateLimiter;
  private readonly tracker: UndeliveredTracker;
  private readonly log: Logger;
  private nextConnId = 0;
  private tcp: net.Server | null = null;
  private http: http.Server | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private stopping = false;
  private membership: Membership | null = null;
  /** Published in the node registry (monotonic since start), for the console's live rates. */
  private msgsStored = 0;
  private pushesSent = 0;
  private readonly storeLatencies = new LatencyWindow();

  constructor(
    private readonly deps: NodeDeps,
    private readonly opts: NodeOptions,
  ) {
    this.metrics = createNodeMetrics(opts.nodeId);
    this.limiter = new RateLimiter(opts.ratePerSec, opts.rateBurst);
    this.log = deps.logger.child({ node: opts.nodeId });
    this.tracker = new UndeliveredTracker(this.wheel, deps.push, opts.undeliveredMs, (uid, message) => {
      this.metrics.offlineNotify.inc();
      deps.ledger?.record({
        ownerUid: uid,
        seq: message.seq,
        msgId: message.msgId,
        kind: "offline-push",
        nodeId: opts.nodeId,
        deviceId: null,
        deviceType: null,
        provider: deps.push.name,
        // notify() only hands the message over; "none" means offline pushes are not configured.
        result: deps.push.name === "none" ? "not-sent" : "queued",
        at: Date.now(),
      });
    });
  }

  get nodeId(): string {
    return this.opts.nodeId;
  }

  /** Starts both listeners; resolves with the bound addresses and ports. */
  async listen(): Promise<{ tcpPort: number; wsPort: number; tcpAddress: string; wsAddress: string }> {
    await this.deps.bus.subscribe(this.opts.nodeId, (m) => this.onBus(m));
    this.tcp = createTcpListener(this, this.opts.maxFrameBytes, this.opts.tls);
    const serve = (req: http.IncomingMessage, res: http.ServerResponse) => this.serveHttp(req, res);
    this.http = this.opts.tls ? https.createServer({ ...this.opts.tls }, serve) : http.createServer(serve);
    attachWsListener(this.http, this, this.opts.maxFrameBytes, (origin, host) =>
      originAllowed(origin, host, this.opts.allowedOrigins),
    );
    const tcp = await listenOn(this.tcp, this.opts.host, this.opts.tcpPort);
    const ws = await listenOn(this.http, this.opts.host, this.opts.wsPort);
    const tcpPort = tcp.port;
    const wsPort = ws.port;
    const sweepEvery = Math.max(250, Math.min(5_000, Math.floor(this.opts.idleTimeoutMs / 4)));
    this.sweeper = setInterval(() => this.sweep(), sweepEvery);
    this.sweeper.unref();
    this.membership = new Membership(
      this.deps.registry,
      this.deps.presence,
      {
        nodeId: this.opts.nodeId,
        tcp: `${this.opts.tls ? "tls://" : ""}${this.opts.advertiseHost}:${tcpPort}`,
        ws: `${this.opts.tls ? "wss" : "ws"}://${this.opts.advertiseHost}:${wsPort}/ws`,
        ttlMs: this.opts.nodeTtlMs,
        sessions: () => this.hub.authenticated,
        counters: () => ({
          msgsStored: this.msgsStored,
          pushesSent: this.pushesSent,
          storeBatchP99Ms: this.storeLatencies.take(0.99),
        }),
      },
      this.log,
    );
    await this.membership.start();
    this.log.info({ tcpPort, wsPort, tcpAddress: tcp.address, wsAddress: ws.address }, "listening");
    return { tcpPort, wsPort, tcpAddress: tcp.address, wsAddress: ws.address };
  }

  /**
   * Re-registers this node and all its sessions at once; called when the
   * presence backend comes back after losing its data (e.g. a Redis restart).
   */
  async resync(): Promise<void> {
    const now = Date.now();
    await this.membership?.refresh();
    const routes: Route[] = [];
    for (const conn of this.hub.all()) if (conn.session) routes.push({ ...this.routeOf(conn), lastActiveAt: now });
    await this.deps.presence.touch(routes, now);
    this.log.info({ sessions: routes.length }, "re-registered sessions");
  }

  /**
   * Graceful drain: stops accepting, marks the node draining, tells every
   * client to reconnect to the other nodes (spread over part of the drain
   * time), waits up to drainMs for them to leave, then closes the rest.
   */
  async close(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.sweeper) clearInterval(this.sweeper);
    // Stop accepting; open connections stay until they move.
    this.tcp?.close();
    this.http?.close();
    await this.membership?.setDraining();
    const peers = this.membership?.peers() ?? [];
    const spreadMs = peers.length > 0 ? Math.floor(this.opts.drainMs / 2) : 0;
    const byTransport = {
      tcp: encodeMessage(Cmd.CTRL, 0, {
        type: im.Ctrl.Type.RECONNECT,
        endpoints: peers.map((p) => `tcp://${p.tcp}`),
        delayMs: spreadMs,
      }),
      ws: encodeMessage(Cmd.CTRL, 0, {
        type: im.Ctrl.Type.RECONNECT,
        endpoints: peers.map((p) => p.ws),
        delayMs: spreadMs,
      }),
    };
    for (const conn of this.hub.all()) conn.send(byTransport[conn.transport.kind]);
    if (peers.length > 0) {
      const deadline = Date.now() + this.opts.drainMs;
      while (this.hub.authenticated > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    }
    for (const conn of this.hub.all()) {
      this.unbind(conn);
      conn.close(0, "server shutting down");
    }
    await this.membership?.stop();
    await Promise.all([closeServer(this.tcp), closeServer(this.http)]);
    this.wheel.stop();
  }

  // ---- FrameSink: connection lifecycle --------------------------------------------------

  open(transport: ConnTransport): Connection | null {
    const now = Date.now();
    const conn = new Connection(`${this.opts.nodeId}:${++this.nextConnId}`, transport, now, this.limiter.initial(now));
    if (this.stopping || this.hub.size >= this.opts.maxConnections) {
      const code = this.stopping ? im.ErrorCode.UNAVAILABLE : im.ErrorCode.TOO_MANY_CONNECTIONS;
      this.sendError(conn, 0, code, this.stopping ? "server is shutting down" : "connection limit reached");
      conn.close(code, "refused");
      return null;
    }
    this.hub.add(conn);
    this.metrics.connections.inc({ transport: transport.kind });
    conn.authTimer = this.wheel.schedule(this.opts.authTimeoutMs, () => {
      if (conn.session || conn.closing) return;
      this.sendError(conn, 0, im.ErrorCode.AUTH_TIMEOUT, "no auth within the time limit");
      conn.close(im.ErrorCode.AUTH_TIMEOUT, "auth timeout");
    });
    return conn;
  }

  protocolError(conn: Connection, err: FrameError): void {
    this.sendError(conn, 0, err.code, err.message);
    conn.close(err.code, err.message);
  }

  closed(conn: Connection): void {
    if (!this.hub.get(conn.id)) return;
    conn.closing = true;
    conn.authTimer?.cancel();
    this.hub.remove(conn);
    this.metrics.connections.dec({ transport: conn.transport.kind });
    this.unbind(conn);
  }

  frame(conn: Connection, frame: Frame): void {
    if (conn.closing) return;
    const now = Date.now();
    conn.lastRecvAt = now;
    const wait = this.limiter.take(conn.bucket, now);
    if (wait > 0) {
      this.sendError(conn, frame.seq, im.ErrorCode.RATE_LIMITED, "too many frames", wait);
      return;
    }
    if (!CLIENT_CMDS.has(frame.cmd)) {
      this.sendError(conn, frame.seq, im.ErrorCode.UNKNOWN_CMD, `cmd ${frame.cmd} is not accepted from clients`);
      return;
    }
    let body: unknown;
    try {
      body = decodeBody(frame, this.opts.maxFrameBytes);
    } catch (err) {
      if (!(err instanceof FrameError)) throw err;
      this.sendError(conn, frame.seq, err.code, err.message);
      return;
    }
    this.metrics.framesIn.inc({ cmd: im.Cmd[frame.cmd] ?? String(frame.cmd) });
    if (!conn.session && frame.cmd !== Cmd.AUTH_REQ) {
      this.sendError(conn, frame.seq, im.ErrorCode.NOT_AUTHENTICATED, "authenticate first");
      return;
    }
    try {
      this.dispatch(conn, frame, body);
    } catch (err) {
      this.fail(conn, frame.seq, err);
    }
  }

  private dispatch(conn: Connection, frame: Frame, body: unknown): void {
    const seq = frame.seq;
    switch (frame.cmd) {
      case Cmd.HEARTBEAT_REQ:
        conn.send(encodeMessage(Cmd.HEARTBEAT_RESP, seq, { serverTime: Date.now() }));
        return;
      case Cmd.AUTH_REQ:
        this.auth(conn, seq, body as im.IAuthReq).catch((err) => this.fail(conn, seq, err));
        return;
      case Cmd.LOGOUT_REQ:
        this.unbind(conn);
        conn.send(encodeMessage(Cmd.LOGOUT_RESP, seq, {}));
        this.armAuthTimer(conn);
        return;
      case Cmd.C2C_SEND_REQ: {
        const req = body as im.IC2CSendReq;
        this.sendMessage(conn, seq, { kind: "c2c", to: checkIdentifier("to_uid", req.toUid) }, req);
        return;
      }
      case Cmd.C2G_SEND_REQ: {
        const req = body as im.IC2GSendReq;
        this.sendMessage(conn, seq, { kind: "group", to: checkIdentifier("group_id", req.groupId) }, req);
        return;
      }
      case Cmd.GROUP_REQ:
        this.answer(conn, seq, Cmd.GROUP_RESP, handleGroupReq(this.deps, conn.session!.uid, body as im.IGroupReq));
        return;
      case Cmd.CONV_LIST_REQ:
        this.answer(
          conn,
          seq,
          Cmd.CONV_LIST_RESP,
          handleConvList(this.deps, conn.session!.uid, body as im.IConvListReq),
        );
        return;
      case Cmd.CONV_READ_REQ:
        this.answer(conn, seq, Cmd.CONV_READ_RESP, this.markRead(conn, body as im.IConvReadReq));
        return;
      case Cmd.GROUP_READ_COUNT_REQ:
        this.answer(
          conn,
          seq,
          Cmd.GROUP_READ_COUNT_RESP,
          handleGroupReadCount(this.deps, conn.session!.uid, body as im.IGroupReadCountReq),
        );
        return;
      case Cmd.ORG_TREE_REQ:
        this.answer(conn, seq, Cmd.ORG_TREE_RESP, handleOrgTree(this.deps, body as im.IOrgTreeReq));
        return;
      case Cmd.MSG_PUSH_ACK:
        this.pushAck(conn, body as im.IMsgPushAck);
        return;
      case Cmd.PULL_REQ:
        this.pull(conn, seq, body as im.IPullReq).catch((err) => this.fail(conn, seq, err));
        return;
      case Cmd.C2S_SEND_REQ:
        this.sendToBusiness(conn, seq, body as im.IC2SSendReq);
        return;
    }
  }

  // ---- auth, logout, kickout ------------------------------------------------------------

  private async auth(conn: Connection, seq: number, req: im.IAuthReq): Promise<void> {
    if (conn.session || conn.held)
      throw new ImError("ALREADY_AUTHENTICATED", "this connection is already authenticated");
    const deviceType = (req.deviceType ?? 0) as DeviceType;
    if (!VALID_DEVICE_TYPES.has(deviceType)) throw new ImError("INVALID_ARGUMENT", "device_type is required");
    const deviceId = checkIdentifier("device_id", req.deviceId);
    if (!req.token) throw new ImError("TOKEN_INVALID", "token is required");
    conn.held = []; // hold pushes until AUTH_RESP is on the wire
    try {
      const token = await this.deps.verifier.verify(req.token);
      if (token.deviceType && token.deviceType !== deviceType)
        throw new ImError("TOKEN_INVALID", "token was issued for another device type");
      const uid = token.uid;
      if (this.deps.access) {
        const gate = await this.deps.access.loginGate(uid);
        if (gate.bannedAt !== null) throw new ImError("FORBIDDEN", "this user is banned");
        if (isRevoked(gate, deviceType, token.issuedAt)) throw new ImError("TOKEN_INVALID", "token was revoked");
      }
      const { ackedSeq } = await this.deps.users.login({ uid, deviceId, deviceType });
      const loginSeq = await this.deps.presence.nextLoginSeq(uid);
      if (conn.closing) return;
      const now = Date.now();
      conn.session = { uid, deviceType, deviceId, loginSeq, loginAt: now };
      conn.authTimer?.cancel();
      conn.authTimer = null;
      const route = this.routeOf(conn);
      await this.deps.presence.add(route);
      this.metrics.sessions.inc();
      const others = await this.deps.presence.routes(uid);
      const decision = decideKickout(this.opts.kickoutPolicy, route, others);
      // Read the inbox head only after the route is visible, so any message
      // committed later is pushed to this session rather than missed.
      const maxSeq = await this.deps.messages.maxSeq(uid);
      conn.sendNow(
        encodeMessage(Cmd.AUTH_RESP, seq, {
          uid,
          sessionId: conn.id,
          serverTime: Date.now(),
          maxSeq,
          ackedSeq,
          heartbeatMs: this.opts.heartbeatMs,
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
      if (conn.session && !conn.closing) this.unbind(conn);
      // A store or registry outage is not the client's fault: tell it to retry.
      if (!(err instanceof ImError)) {
        this.log.warn({ err }, "auth failed on a backend");
        throw new ImError("UNAVAILABLE", "session registry unavailable, retry", 1000);
      }
      throw err;
    }
  }

  /** Kicks a session wherever it lives. */
  kick(route: Pick<Route, "uid" | "connId" | "nodeId">, reason: number, text: string): void {
    if (route.nodeId === this.opts.nodeId) this.kickLocal(route.uid, route.connId, reason, text);
    else this.deps.bus.publish(route.nodeId, { type: "kick", uid: route.uid, connId: route.connId, reason, text });
  }

  /** Kicks every session of a user (or only one device type). Returns how many were kicked. */
  async kickUser(uid: string, reason: number, text: string, deviceType?: DeviceType): Promise<number> {
    const routes = await this.deps.presence.routes(uid);
    const victims = routes.filter((r) => deviceType === undefined || r.deviceType === deviceType);
    for (const r of victims) this.kick(r, reason, text);
    return victims.length;
  }

  private kickLocal(uid: string, connId: string, reason: number, text: string): void {
    const conn = this.hub.get(connId);
    if (!conn || conn.session?.uid !== uid) {
      // The session is gone from this node; drop a route that may have outlived it.
      if (!conn) void this.deps.presence.remove(uid, connId).catch(() => {});
      return;
    }
    if (conn.held) {
      // Its AUTH_RESP is not out yet: answer the auth first, then kick (auth() does it).
      conn.pendingKick = { reason, text };
      return;
    }
    this.metrics.kicks.inc({ reason: im.KickReason[reason] ?? String(reason) });
    conn.send(encodeMessage(Cmd.KICKOUT, 0, { reason, message: text }));
    this.unbind(conn);
    conn.close(im.ErrorCode.KICKED, "kicked out");
  }

  private routeOf(conn: Connection): Route {
    const s = conn.session!;
    return {
      uid: s.uid,
      deviceType: s.deviceType,
      deviceId: s.deviceId,
      nodeId: this.opts.nodeId,
      connId: conn.id,
      loginSeq: s.loginSeq,
      loginAt: s.loginAt,
      lastActiveAt: conn.lastRecvAt,
    };
  }

  private unbind(conn: Connection): void {
    const session = conn.session;
    if (!session) return;
    conn.session = null;
    this.metrics.sessions.dec();
    this.deps.presence.remove(session.uid, conn.id).catch((err) => this.log.warn({ err }, "route removal failed"));
  }

  private armAuthTimer(conn: Connection): void {
    conn.authTimer?.cancel();
    conn.authTimer = this.wheel.schedule(this.opts.authTimeoutMs, () => {
      if (conn.session || conn.closing) return;
      this.sendError(conn, 0, im.ErrorCode.AUTH_TIMEOUT, "no auth within the time limit");
      conn.close(im.ErrorCode.AUTH_TIMEOUT, "auth timeout");
    });
  }

  // ---- c2c, delivery, pull --------------------------------------------------------------

  /** Sends a request's answer when it resolves, or the error it rejects with. */
  private answer<C extends KnownCmd>(conn: Connection, seq: number, cmd: C, result: Promise<CmdBodies[C]>): void {
    result.then(
      (resp) => conn.send(encodeMessage(cmd, seq, resp)),
      (err) => this.fail(conn, seq, err),
    );
  }

  private sendMessage(
    conn: Connection,
    seq: number,
    target: { kind: "c2c" | "group"; to: string },
    req: { clientMsgId?: string | null; contentType?: number | null; content?: string | null },
  ): void {
    const session = conn.session!;
    const clientMsgId = checkKey("client_msg_id", req.clientMsgId);
    const content = req.content ?? "";
    if (Buffer.byteLength(content, "utf8") > this.opts.maxContentBytes)
      throw new ImError("CONTENT_TOO_LARGE", `content exceeds ${this.opts.maxContentBytes} bytes`);
    if (content.includes("\u0000")) throw new ImError("INVALID_ARGUMENT", "content must not contain U+0000");
    const started = performance.now();
    const ackCmd = target.kind === "c2c" ? Cmd.C2C_SEND_ACK : Cmd.C2G_SEND_ACK;
    // The receiver check is async; chaining keeps one connection's sends in
    // arrival order on their way into the store, without waiting for commits.
    conn.chain = conn.chain.then(async () => {
      try {
        let pending: Promise<AppendResult>;
        const message = { fromUid: session.uid, clientMsgId, contentType: req.contentType ?? 0, content };
        if (target.kind === "c2c") {
          if (target.to !== session.uid && !(await this.deps.users.exists(target.to)))
            throw new ImError("USER_NOT_FOUND", `user ${target.to} does not exist`);
          pending = this.deps.messages.appendC2C({ ...message, toUid: target.to });
        } else {
          // Membership and mutes are checked inside the storing transaction.
          pending = this.deps.messages.appendGroup({ ...message, groupId: target.to });
        }
        pending.then(
          (result) => {
            const storedMs = performance.now() - started;
            this.metrics.storeLatency.observe(storedMs / 1000);
            this.storeLatencies.record(storedMs);
            conn.send(
              encodeMessage(ackCmd, seq, {
                msgId: result.msgId,
                seq: result.senderSeq,
                sentAt: result.sentAt,
                clientMsgId,
                duplicate: result.duplicate,
              }),
            );
            if (!result.duplicate) {
              this.metrics.messagesIn.inc({ kind: target.kind });
              this.msgsStored++;
              this.deliver(result.writes, conn.id).catch((err) => this.log.warn({ err }, "delivery failed"));
            }
          },
          (err) => this.fail(conn, seq, err),
        );
      } catch (err) {
        this.fail(conn, seq, err);
      }
    });
  }

  /** c2s: acked once the event is durably in the outbox; the outbox delivers it to the business line. */
  private sendToBusiness(conn: Connection, seq: number, req: im.IC2SSendReq): void {
    const outbox = this.deps.outbox;
    if (!outbox) throw new ImError("UNAVAILABLE", "c2s is not configured");
    const session = conn.session!;
    const businessId = checkIdentifier("business_id", req.businessId);
    const clientMsgId = checkKey("client_msg_id", req.clientMsgId);
    const content = req.content ?? "";
    if (Buffer.byteLength(content, "utf8") > this.opts.maxContentBytes)
      throw new ImError("CONTENT_TOO_LARGE", `content exceeds ${this.opts.maxContentBytes} bytes`);
    if (content.includes("\u0000")) throw new ImError("INVALID_ARGUMENT", "content must not contain U+0000");
    const message = {
      businessId,
      fromUid: session.uid,
      clientMsgId,
      contentType: req.contentType ?? 0,
      content,
      deviceType: session.deviceType,
    };
    // Chained like c2c sends, so one connection's messages enter the outbox in arrival order.
    conn.chain = conn.chain.then(() => {
      this.answer(
        conn,
        seq,
        Cmd.C2S_SEND_ACK,
        outbox.enqueueC2S(message).then((r) => ({ eventId: r.eventId, clientMsgId, duplicate: r.duplicate })),
      );
    });
  }

  private async markRead(conn: Connection, req: im.IConvReadReq): Promise<im.IConvReadResp> {
    const session = conn.session!;
    const convType = convTypeOf(req.convType);
    const convId = checkIdentifier("conv_id", req.convId);
    const readSeq = Number(req.readSeq ?? 0);
    if (!Number.isSafeInteger(readSeq) || readSeq < 0) throw new ImError("INVALID_ARGUMENT", "read_seq is invalid");
    const r = await this.deps.conversations.markRead(session.uid, convType, convId, readSeq);
    if (r.changed) {
      // The reader's other devices update their unread badge...
      void this.notifyUser(
        session.uid,
        Cmd.CONV_SYNC,
        { convType, convId, readSeq: r.readSeq, unread: r.unread },
        conn.id,
      );
      // ...and the other party of a 1:1 learns how far its messages were read.
      if (r.peer && r.peer.uid !== session.uid)
        void this.notifyUser(r.peer.uid, Cmd.READ_RECEIPT, {
          convType,
          convId: session.uid,
          readerUid: session.uid,
          seq: r.peer.seq,
          msgId: r.lastReadMsgId,
        });
    }
    return { readSeq: r.readSeq, unread: r.unread };
  }

  /** Sends a server-initiated frame to every session of a user (but one), wherever they are. */
  async notifyUser(uid: string, cmd: KnownCmd, body: Record<string, unknown>, exceptConnId?: string): Promise<void> {
    try {
      const routes = await this.deps.presence.routes(uid);
      let frame: Uint8Array | null = null;
      for (const r of routes) {
        if (r.connId === exceptConnId) continue;
        if (r.nodeId === this.opts.nodeId) {
          frame ??= encodeMessage(cmd, 0, body as CmdBodies[typeof cmd]);
          const c = this.hub.get(r.connId);
          if (c?.session?.uid === uid) c.send(frame);
        } else {
          this.deps.bus.publish(r.nodeId, { type: "notify", connIds: [r.connId], ownerUid: uid, cmd, body });
        }
      }
    } catch (err) {
      this.log.warn({ err }, "notification failed");
    }
  }

  /** Pushes stored inbox entries to every online device of their owners (but the sending one). */
  async deliver(writes: readonly InboxWrite[], originConnId?: string): Promise<void> {
    const owners = [...new Set(writes.map((w) => w.ownerUid))];
    const routesByOwner = await this.deps.presence.routesMany(owners);
    for (const write of writes) {
      const routes = routesByOwner.get(write.ownerUid) ?? [];
      let frame: Uint8Array | null = null;
      for (const route of routes) {
        if (route.connId === originConnId) continue;
        if (route.nodeId === this.opts.nodeId) {
          frame ??= encodeMessage(Cmd.MSG_PUSH, 0, { message: write.message });
          this.pushLocal(route.connId, write.ownerUid, frame, write.message);
        } else {
          this.deps.bus.publish(route.nodeId, {
            type: "deliver",
            connIds: [route.connId],
            ownerUid: write.ownerUid,
            message: write.message,
          });
        }
      }
      if (this.isReceiverEntry(write.ownerUid, write.message))
        this.tracker.track(write.ownerUid, write.message, routes.length > 0);
    }
  }

  private isReceiverEntry(owner: string, message: InboxMessage): boolean {
    return owner !== message.fromUid;
  }

  private pushLocal(connId: string, ownerUid: string, frame: Uint8Array, message: InboxMessage): void {
    const conn = this.hub.get(connId);
    if (!conn || conn.session?.uid !== ownerUid) return;
    const limit = this.opts.maxOutboundBytes ?? 8 * 1024 * 1024;
    if (conn.transport.bufferedBytes() > limit) {
      // A client that does not read loses its connection, not its messages: it pulls on reconnect.
      this.sendError(conn, 0, im.ErrorCode.RATE_LIMITED, "client is not reading; reconnect and pull");
      this.unbind(conn);
      conn.close(im.ErrorCode.RATE_LIMITED, "slow consumer");
      return;
    }
    conn.send(frame);
    this.metrics.pushes.inc();
    this.pushesSent++;
    this.deps.ledger?.record({
      ownerUid,
      seq: message.seq,
      msgId: message.msgId,
      kind: "push",
      nodeId: this.opts.nodeId,
      deviceId: conn.session.deviceId,
      deviceType: conn.session.deviceType,
      provider: null,
      result: null,
      at: Date.now(),
    });
  }

  private pushAck(conn: Connection, req: im.IMsgPushAck): void {
    const uid = conn.session!.uid;
    // The device holds everything up to acked_seq: its cursor moves there (the store caps it at the inbox head).
    const ackedSeq = req.ackedSeq ?? 0;
    if (Number.isSafeInteger(ackedSeq) && ackedSeq > 0) {
      this.deps.messages.advanceCursor(uid, conn.session!.deviceId, ackedSeq);
      this.tracker.ackedUpTo(uid, ackedSeq);
    }
    const seqs = (req.seqs ?? []).filter((s) => Number.isSafeInteger(s) && s > 0).slice(0, 1000);
    if (seqs.length === 0) return;
    this.deps.messages.markDelivered(uid, seqs);
    this.tracker.acked(uid, seqs);
    const ledger = this.deps.ledger;
    if (ledger) {
      const { deviceId, deviceType } = conn.session!;
      const at = Date.now();
      for (const seq of seqs)
        ledger.record({
          ownerUid: uid,
          seq,
          msgId: null,
          kind: "push-ack",
          nodeId: this.opts.nodeId,
          deviceId,
          deviceType,
          provider: null,
          result: null,
          at,
        });
    }
  }

  private async pull(conn: Connection, seq: number, req: im.IPullReq): Promise<void> {
    const session = conn.session!;
    const afterSeq = req.afterSeq ?? 0;
    if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) throw new ImError("INVALID_ARGUMENT", "after_seq is invalid");
    const limit = Math.min(MAX_PULL, req.limit || DEFAULT_PULL);
    const [page] = await Promise.all([
      this.deps.messages.pull(session.uid, afterSeq, limit),
      afterSeq > 0 ? this.deps.users.ackDevice(session.uid, session.deviceId, afterSeq) : undefined,
    ]);
    if (afterSeq > 0) this.tracker.ackedUpTo(session.uid, afterSeq);
    conn.send(
      encodeMessage(Cmd.PULL_RESP, seq, { messages: page.messages, hasMore: page.hasMore, maxSeq: page.maxSeq }),
    );
  }

  // ---- bus, housekeeping, errors ---------------------------------------------------------

  private onBus(message: BusMessage): void {
    switch (message.type) {
      case "deliver": {
        const frame = encodeMessage(Cmd.MSG_PUSH, 0, { message: message.message });
        for (const connId of message.connIds) this.pushLocal(connId, message.ownerUid, frame, message.message);
        return;
      }
      case "kick":
        this.kickLocal(message.uid, message.connId, message.reason, message.text);
        return;
      case "notify": {
        if (!isKnownCmd(message.cmd)) return;
        const frame = encodeMessage(message.cmd, 0, message.body as CmdBodies[KnownCmd]);
        for (const id of message.connIds) {
          const c = this.hub.get(id);
          if (c?.session?.uid === message.ownerUid) c.send(frame);
        }
        return;
      }
      case "ctrl": {
        const frame = encodeMessage(Cmd.CTRL, 0, {
          type: im.Ctrl.Type.RECONNECT,
          endpoints: message.endpoints,
          delayMs: message.delayMs,
        });
        const targets = message.connIds === "all" ? [...this.hub.all()].map((c) => c.id) : message.connIds;
        for (const id of targets) this.hub.get(id)?.send(frame);
        return;
      }
    }
  }

  private sweep(): void {
    const now = Date.now();
    const idleBefore = now - this.opts.idleTimeoutMs;
    const touched: Route[] = [];
    for (const conn of this.hub.all()) {
      if (conn.lastRecvAt < idleBefore) {
        this.sendError(conn, 0, im.ErrorCode.IDLE_TIMEOUT, "no heartbeat within the idle timeout");
        this.unbind(conn);
        conn.close(im.ErrorCode.IDLE_TIMEOUT, "idle timeout");
      } else if (conn.session) {
        touched.push(this.routeOf(conn));
      }
    }
    if (touched.length > 0)
      this.deps.presence.touch(touched, now).catch((err) => this.log.warn({ err }, "presence touch failed"));
  }

  private sendError(conn: Connection, seq: number, code: number, message: string, retryAfterMs = 0): void {
    this.metrics.errors.inc({ code: String(code) });
    conn.sendNow(encodeError(seq, code, message, retryAfterMs));
  }

  private fail(conn: Connection, seq: number, err: unknown): void {
    const e = toImError(err);
    if (e.kind === "INTERNAL") this.log.error({ err }, "request failed");
    this.sendError(conn, seq, e.code, e.message, e.retryAfterMs);
  }

  private serveHttp(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.url === "/healthz") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "ok", node: this.opts.nodeId, connections: this.hub.size }));
      return;
    }
    if (req.url === "/readyz") {
      // Ready while accepting clients; a draining node asks load balancers to stop sending new ones.
      const ready = !this.stopping;
      res.writeHead(ready ? 200 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: ready ? "ready" : "draining", node: this.opts.nodeId }));
      return;
    }
    if (req.url === "/metrics") {
      const access = metricsAccess(req.socket.remoteAddress, req.headers.authorization, this.opts.metricsToken);
      if (access !== "ok") {
        res.writeHead(access === "unauthorized" ? 401 : 403, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: access === "unauthorized" ? "bearer token required" : "loopback only" }));
        return;
      }
      this.metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { "content-type": this.metrics.registry.contentType });
          res.end(text);
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "not found; WebSocket clients connect to /ws" }));
  }
}

function listenOn(
  server: net.Server | http.Server,
  host: string,
  port: number,
): Promise<{ address: string; port: number }> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const addr = server.address();
      resolve(typeof addr === "object" && addr ? { address: addr.address, port: addr.port } : { address: host, port });
    });
  });
}

function closeServer(server: net.Server | http.Server | null): Promise<void> {
  if (!server) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    if ("closeAllConnections" in server) server.closeAllConnections();
  });
}
