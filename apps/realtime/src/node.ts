import http from "node:http";
import https from "node:https";
import type net from "node:net";
import { originAllowed } from "@im/auth";
import { type BusMessage, type DeviceType, type InboxWrite, RateLimiter, type Route, TimerWheel } from "@im/core";
import { Cmd, decodeBody, type Frame, FrameError, im } from "@im/protocol";
import type { Logger } from "pino";
import { composeNode } from "./compose.ts";
import { Connection, type ConnTransport } from "./connection.ts";
import type { Delivery } from "./delivery.ts";
import { drainConnections, reconnectFrame } from "./drain.ts";
import type { AuthFlow } from "./flows/auth.ts";
import type { ChatFlow } from "./flows/chat.ts";
import type { FrameSink } from "./frame-sink.ts";
import type { Handler } from "./handlers.ts";
import { closeServer, createHealthHandler, listenOn } from "./health.ts";
import { Hub } from "./hub.ts";
import { Membership } from "./membership.ts";
import type { NodeMetrics } from "./metrics.ts";
import type { NodeDeps, NodeOptions } from "./node-options.ts";
import type { Replies } from "./replies.ts";
import { Resync } from "./resync.ts";
import type { Sessions } from "./sessions.ts";
import { createTcpListener } from "./tcp-listener.ts";
import { attachWsListener } from "./ws-listener.ts";

export type { NodeDeps, NodeOptions } from "./node-options.ts";

/**
 * A realtime node: owns the connections of this process and routes each
 * decoded frame to its flow's handler (flows/), and each bus message to the
 * part that serves it. The flows do the work.
 */
export class RealtimeNode implements FrameSink {
  readonly hub = new Hub();
  readonly metrics: NodeMetrics;
  private readonly wheel = new TimerWheel(50, 1024);
  private readonly limiter: RateLimiter;
  private readonly log: Logger;
  private readonly replies: Replies;
  private readonly sessions: Sessions;
  private readonly delivery: Delivery;
  private readonly auth: AuthFlow;
  private readonly chat: ChatFlow;
  private readonly handlers: ReadonlyMap<number, Handler>;
  private nextConnId = 0;
  private tcp: net.Server | null = null;
  private http: http.Server | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private stopping = false;
  private membership: Membership | null = null;
  private readonly resyncer: Resync;

  constructor(
    private readonly deps: NodeDeps,
    private readonly opts: NodeOptions,
  ) {
    const parts = composeNode(deps, opts, this.hub, this.wheel);
    ({ metrics: this.metrics, log: this.log, replies: this.replies, sessions: this.sessions } = parts);
    ({ delivery: this.delivery, auth: this.auth, chat: this.chat, handlers: this.handlers } = parts);
    this.limiter = new RateLimiter(opts.ratePerSec, opts.rateBurst);
    this.resyncer = new Resync({
      ...{ hub: this.hub, sessions: this.sessions, delivery: this.delivery, log: this.log },
      presence: deps.presence,
      membership: () => this.membership,
      stopping: () => this.stopping,
    });
  }

  get nodeId(): string {
    return this.opts.nodeId;
  }

  /** Starts both listeners; resolves with the bound addresses and ports. */
  async listen(): Promise<{ tcpPort: number; wsPort: number; tcpAddress: string; wsAddress: string }> {
    const { opts } = this;
    await this.deps.bus.subscribe(opts.nodeId, (m) => this.onBus(m));
    this.tcp = createTcpListener(this, opts.maxFrameBytes, opts.tls);
    const serve = createHealthHandler({
      ...opts,
      metrics: this.metrics,
      connections: () => this.hub.size,
      accepting: () => !this.stopping,
      backendsReady: this.deps.backendsReady,
    });
    this.http = opts.tls ? https.createServer({ ...opts.tls }, serve) : http.createServer(serve);
    attachWsListener(this.http, this, opts.maxFrameBytes, (o, host) => originAllowed(o, host, opts.allowedOrigins));
    const tcp = await listenOn(this.tcp, opts.host, opts.tcpPort);
    const ws = await listenOn(this.http, opts.host, opts.wsPort);
    const sweepEvery = Math.max(250, Math.min(5_000, Math.floor(opts.idleTimeoutMs / 4)));
    this.sweeper = setInterval(() => this.sweep(), sweepEvery);
    this.sweeper.unref();
    const self = {
      nodeId: opts.nodeId,
      tcp: `${opts.tls ? "tls://" : ""}${opts.advertiseHost}:${tcp.port}`,
      ws: `${opts.tls ? "wss" : "ws"}://${opts.advertiseHost}:${ws.port}/ws`,
      ttlMs: opts.nodeTtlMs,
      sessions: () => this.hub.authenticated,
      counters: () => ({
        msgsStored: this.chat.msgsStored,
        pushesSent: this.delivery.pushesSent,
        storeBatchP99Ms: this.chat.storeLatencies.take(0.99),
      }),
      // Frozen (SIGSTOP) or cut off longer than the TTL: peers may have purged our routes.
      onLapse: () => void this.resync().catch((err) => this.log.warn({ err }, "re-registering sessions failed")),
    };
    this.membership = new Membership(this.deps.registry, this.deps.presence, self, this.log);
    await this.membership.start();
    const bound = { tcpPort: tcp.port, wsPort: ws.port, tcpAddress: tcp.address, wsAddress: ws.address };
    this.log.info(bound, "listening");
    return bound;
  }

  /** Pushes stored inbox entries to every online device of their owners (used by the gateway's sends). */
  deliver(writes: readonly InboxWrite[]): Promise<void> {
    return this.delivery.deliver(writes);
  }

  /** Kicks every session of a user (or of one device type, or one device), wherever they are. Returns how many. */
  kickUser(uid: string, reason: number, text: string, deviceType?: DeviceType, deviceId?: string): Promise<number> {
    return this.auth.kickUser(uid, reason, text, deviceType, deviceId);
  }

  /** Re-registers this node's sessions and pushes what they missed (see Resync). */
  resync(): Promise<void> {
    return this.resyncer.run();
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
    await drainConnections(this.hub, this.sessions, this.membership?.peers() ?? [], this.opts.drainMs);
    await this.membership?.stop();
    await Promise.all([closeServer(this.tcp), closeServer(this.http)]);
    this.wheel.stop();
  }

  // ---- FrameSink: connection lifecycle and frame routing ---------------------------------

  open(transport: ConnTransport): Connection | null {
    const now = Date.now();
    const conn = new Connection(`${this.opts.nodeId}:${++this.nextConnId}`, transport, now, this.limiter.initial(now));
    if (this.stopping || this.hub.size >= this.opts.maxConnections) {
      const code = this.stopping ? im.ErrorCode.UNAVAILABLE : im.ErrorCode.TOO_MANY_CONNECTIONS;
      this.replies.error(conn, 0, code, this.stopping ? "server is shutting down" : "connection limit reached");
      conn.close(code, "refused");
      return null;
    }
    this.hub.add(conn);
    this.metrics.connections.inc({ transport: transport.kind });
    this.auth.armAuthTimer(conn);
    return conn;
  }

  protocolError(conn: Connection, err: FrameError): void {
    this.replies.error(conn, 0, err.code, err.message);
    conn.close(err.code, err.message);
  }

  closed(conn: Connection): void {
    if (!this.hub.get(conn.id)) return;
    conn.closing = true;
    conn.authTimer?.cancel();
    this.hub.remove(conn);
    this.metrics.connections.dec({ transport: conn.transport.kind });
    this.sessions.unbind(conn);
  }

  frame(conn: Connection, frame: Frame): void {
    if (conn.closing) return;
    const now = Date.now();
    conn.lastRecvAt = now;
    const wait = this.limiter.take(conn.bucket, now);
    const handler = this.handlers.get(frame.cmd);
    if (wait > 0) this.replies.error(conn, frame.seq, im.ErrorCode.RATE_LIMITED, "too many frames", wait);
    else if (!handler)
      this.replies.error(conn, frame.seq, im.ErrorCode.UNKNOWN_CMD, `cmd ${frame.cmd} is not accepted from clients`);
    else this.dispatch(conn, frame, handler);
  }

  /** Decodes the body and hands it to the command's handler (only AUTH_REQ before login). */
  private dispatch(conn: Connection, frame: Frame, handler: Handler): void {
    let body: unknown;
    try {
      body = decodeBody(frame, this.opts.maxFrameBytes);
    } catch (err) {
      if (!(err instanceof FrameError)) throw err;
      this.replies.error(conn, frame.seq, err.code, err.message);
      return;
    }
    this.metrics.framesIn.inc({ cmd: im.Cmd[frame.cmd] ?? String(frame.cmd) });
    try {
      if (conn.session || frame.cmd === Cmd.AUTH_REQ) handler(conn, frame.seq, body as never);
      else this.replies.error(conn, frame.seq, im.ErrorCode.NOT_AUTHENTICATED, "authenticate first");
    } catch (err) {
      this.replies.fail(conn, frame.seq, err);
    }
  }

  // ---- bus and housekeeping ---------------------------------------------------------------

  private onBus(message: BusMessage): void {
    if (message.type === "deliver") this.delivery.receivePushes(message.pushes);
    else if (message.type === "kick") this.auth.kickLocal(message.uid, message.connId, message.reason, message.text);
    else if (message.type === "notify")
      this.delivery.receiveNotify(message.connIds, message.ownerUid, message.cmd, message.body);
    else {
      const frame = reconnectFrame(message.endpoints, message.delayMs);
      const targets = message.connIds === "all" ? [...this.hub.all()].map((c) => c.id) : message.connIds;
      for (const id of targets) this.hub.get(id)?.send(frame);
    }
  }

  private sweep(): void {
    const now = Date.now();
    const idleBefore = now - this.opts.idleTimeoutMs;
    const touched: Route[] = [];
    for (const conn of this.hub.all()) {
      if (conn.lastRecvAt < idleBefore) {
        this.replies.error(conn, 0, im.ErrorCode.IDLE_TIMEOUT, "no heartbeat within the idle timeout");
        this.sessions.unbind(conn);
        conn.close(im.ErrorCode.IDLE_TIMEOUT, "idle timeout");
      } else if (conn.session) {
        touched.push(this.sessions.routeOf(conn));
      }
    }
    if (touched.length > 0)
      this.deps.presence.touch(touched, now).catch((err) => this.log.warn({ err }, "presence touch failed"));
  }
}
