import { Cmd, type CmdBodies, decodeBody, type Frame, type im } from "@im/protocol";
import { createTcpTransport } from "#platform";
import { AckBatcher } from "./ack-batcher.ts";
import { backoffDelay } from "./backoff.ts";
import { Connection, errorFromFrame, type RequestCmd, type ResponseBody } from "./connection.ts";
import { toAuthInfo, toC2SAck, toChatMessage, toPullPage, toSendAck } from "./convert.ts";
import { Emitter, type Listener } from "./emitter.ts";
import { ClientErrorCode, ImClientError } from "./errors.ts";
import { InboxCursor } from "./inbox-cursor.ts";
import { describeEndpoint, parseEndpoint, type TransportClose, type TransportFactory } from "./transport.ts";
import { type WebSocketConstructor, WsTransport } from "./transport-ws.ts";
import {
  type AuthInfo,
  type C2SAck,
  type ChatMessage,
  CONTENT_TYPE_TEXT,
  ConvType,
  CtrlType,
  type DeviceType,
  type Endpoint,
  type HistoryPage,
  KickReason,
  type PemData,
  type PullPage,
  type SendAck,
  type SendC2COptions,
  type SendC2SOptions,
  type SendGroupOptions,
} from "./types.ts";

export interface ReconnectOptions {
  /** Reconnect after an unexpected disconnect (default true). Kickout, close() and logout() never reconnect. */
  enabled?: boolean;
  /** First backoff step in ms (default 500). */
  minDelayMs?: number;
  /** Backoff ceiling in ms (default 30 000). */
  maxDelayMs?: number;
}

export interface ImClientOptions {
  /** Tried in order by connect(); reconnects rotate through them. */
  endpoints: Endpoint[];
  /** Login token; or give getToken. */
  token?: string;
  /** Called before every connection attempt, so an expiring token can be refreshed. */
  getToken?: () => string | Promise<string>;
  deviceType: DeviceType;
  /** Stable per installation; the server keys this device's sync cursor by it. */
  deviceId: string;
  clientVersion?: string;
  /** Time to wait for the answer to one request, and for a connection before a request (default 10 000). */
  requestTimeoutMs?: number;
  /** Time to open the transport (default 10 000). */
  connectTimeoutMs?: number;
  /** Heartbeat interval; default the server's AuthResp.heartbeatMs, else 30 000. */
  heartbeatMs?: number;
  reconnect?: ReconnectOptions;
  /** Attempts per send, counting the first (default 5). */
  maxSendAttempts?: number;
  /** Acknowledge pushes automatically (default true); else call ack(). */
  autoAck?: boolean;
  /** Pushes received within this many ms share one MSG_PUSH_ACK (default 50). */
  ackDelayMs?: number;
  /**
   * Pull on its own (default true): after every connect when the server holds
   * newer messages, and whenever a gap in seqs appears. When false, nothing is
   * pulled unless the app calls sync() or pull(); messages behind a gap wait.
   */
  autoSync?: boolean;
  /**
   * The highest seq the application already holds (its persisted cursor).
   * When omitted the client starts from the server's cursor for this device (AuthResp.ackedSeq).
   */
  lastSeq?: number;
  /** Messages per pull during sync (default 100, the server allows 1..500). */
  syncPageSize?: number;
  /** Largest frame accepted from the server (default 8 MiB). */
  maxFrameBytes?: number;
  /** WebSocket class for "ws" endpoints, e.g. the browser's native WebSocket. */
  webSocket?: WebSocketConstructor;
  /**
   * Certificate authorities (PEM) to trust for TLS endpoints (tls:// and, under
   * Node, wss://) instead of the system ones; the certificate and hostname are
   * verified either way.
   */
  tlsCa?: PemData;
  /** Replaces the TCP/WebSocket transports, e.g. with an in-memory fake in tests. */
  transportFactory?: TransportFactory;
  /** Source of randomness for backoff jitter and CTRL delays (default Math.random). */
  random?: () => number;
}

export type ClientState = "idle" | "connecting" | "connected" | "reconnecting" | "closed";

export interface ConnectedEvent {
  auth: AuthInfo;
  endpoint: Endpoint;
  /** False for the first connection of this client, true after a reconnect. */
  reconnected: boolean;
}

export interface DisconnectedEvent {
  reason: string;
  /** A protocol ErrorCode or ClientErrorCode, or a WebSocket close code, when known. */
  code?: number;
  /** False when the client stays down: close(), logout(), kickout, reconnect disabled, or a refused token. */
  willReconnect: boolean;
}

export interface ReconnectingEvent {
  /** 1 for the first attempt after a disconnect. */
  attempt: number;
  delayMs: number;
  endpoint: Endpoint;
}

export interface KickoutEvent {
  reason: KickReason;
  message: string;
}

export interface CtrlEvent {
  type: CtrlType;
  endpoints: string[];
  delayMs: number;
  config: Record<string, string>;
}

/** The user read a conversation on another device. */
export interface ConvSyncEvent {
  convType: ConvType;
  convId: string;
  readSeq: number;
  unread: number;
}

/** The other party of a 1:1 read everything up to `seq` of this user's own inbox. */
export interface ReadReceiptEvent {
  convType: ConvType;
  convId: string;
  readerUid: string;
  seq: number;
  msgId: number;
}

export interface ImClientEvents {
  /** One inbox message; exactly once per seq, in seq order, whether it came by push, pull or send ack. */
  message: ChatMessage;
  kickout: KickoutEvent;
  ctrl: CtrlEvent;
  convSync: ConvSyncEvent;
  readReceipt: ReadReceiptEvent;
  connected: ConnectedEvent;
  disconnected: DisconnectedEvent;
  reconnecting: ReconnectingEvent;
  /** Failures nobody awaits: server errors outside a request, a failed background sync, a throwing listener. */
  error: ImClientError;
}

const DEFAULT_HEARTBEAT_MS = 30_000;
/** Declare the connection dead after this many heartbeat intervals without any frame. */
const DEAD_AFTER_INTERVALS = 2.5;
/** When a gap survives a full sync (server lag), look again after this long. */
const GAP_RETRY_MS = 1000;
const SEND_RETRY_MIN_MS = 200;
const SEND_RETRY_MAX_MS = 5000;

interface Waiter {
  resolve(conn: Connection): void;
  reject(err: ImClientError): void;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * A chat client over TCP or WebSocket: authenticates, correlates requests
 * with answers, retries sends idempotently, delivers the inbox timeline
 * exactly once and in order, keeps the connection alive and reconnects.
 */
export class ImClient {
  private readonly opts: Required<
    Omit<
      ImClientOptions,
      "token" | "getToken" | "heartbeatMs" | "lastSeq" | "webSocket" | "tlsCa" | "clientVersion" | "reconnect"
    >
  > & { reconnect: Required<ReconnectOptions> };
  private readonly emitter = new Emitter<ImClientEvents>((err, event) => {
    if (event === "error") return; // a throwing error listener has nowhere left to report to
    this.emitter.emit(
      "error",
      new ImClientError(ClientErrorCode.LISTENER_FAILED, `a "${String(event)}" listener threw: ${String(err)}`, 0, {
        cause: err,
      }),
    );
  });
  private readonly cursor: InboxCursor;
  private cursorSeeded: boolean;
  private readonly acks: AckBatcher;

  private currentState: ClientState = "idle";
  /** Bumped by stop(); async work started under an older epoch abandons itself. */
  private epoch = 0;
  private stopError: ImClientError | undefined;
  private conn: Connection | undefined;
  private establishing: Connection | undefined;
  private earlyFrames: Frame[] = [];
  private auth: AuthInfo | undefined;
  private everConnected = false;
  private connectPromise: Promise<AuthInfo> | undefined;
  private readonly waiters = new Set<Waiter>();
  private readonly sleepers = new Set<() => void>();

  private endpoints: Endpoint[];
  private endpointIndex = 0;
  private headerSeq = 0;
  private reconnectAttempt = 0;
  /** Set by a CTRL reconnect: the next attempt goes at once, to the first endpoint. */
  private reconnectNow = false;
  private loggingOut = false;

  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private watchdogTimer: ReturnType<typeof setTimeout> | undefined;
  private ctrlTimer: ReturnType<typeof setTimeout> | undefined;
  private gapTimer: ReturnType<typeof setTimeout> | undefined;

  private syncing: Promise<void> | undefined;
  private syncAgain = false;

  constructor(private readonly options: ImClientOptions) {
    if (options.endpoints.length === 0) throw new TypeError("ImClient needs at least one endpoint");
    if (options.token === undefined && !options.getToken) throw new TypeError("ImClient needs token or getToken");
    const maxFrameBytes = options.maxFrameBytes ?? 8 * 1024 * 1024;
    this.opts = {
      endpoints: options.endpoints,
      deviceType: options.deviceType,
      deviceId: options.deviceId,
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      reconnect: {
        enabled: options.reconnect?.enabled ?? true,
        minDelayMs: options.reconnect?.minDelayMs ?? 500,
        maxDelayMs: options.reconnect?.maxDelayMs ?? 30_000,
      },
      maxSendAttempts: Math.max(1, options.maxSendAttempts ?? 5),
      autoAck: options.autoAck ?? true,
      ackDelayMs: options.ackDelayMs ?? 50,
      autoSync: options.autoSync ?? true,
      syncPageSize: options.syncPageSize ?? 100,
      maxFrameBytes,
      transportFactory:
        options.transportFactory ??
        ((endpoint) =>
          endpoint.transport === "tcp"
            ? createTcpTransport({
                host: endpoint.host,
                port: endpoint.port,
                maxFrameBytes,
                ...(endpoint.tls ? { tls: true } : {}),
                ...(options.tlsCa ? { ca: options.tlsCa } : {}),
              })
            : new WsTransport({
                url: endpoint.url,
                maxFrameBytes,
                webSocket: options.webSocket,
                ...(options.tlsCa ? { ca: options.tlsCa } : {}),
              })),
      random: options.random ?? Math.random,
    };
    this.endpoints = [...options.endpoints];
    this.cursor = new InboxCursor(options.lastSeq ?? 0);
    this.cursorSeeded = options.lastSeq !== undefined;
    // Every ack carries the cursor, so the server's copy of it (AuthResp.ackedSeq) follows what this device holds.
    this.acks = new AckBatcher(
      (seqs, ackedSeq) =>
        this.currentState === "connected" && (this.conn?.send(Cmd.MSG_PUSH_ACK, { seqs, ackedSeq }) ?? false),
      this.opts.ackDelayMs,
      256,
      () => this.cursor.lastSeq,
    );
  }

  // ---- events ----

  on<K extends keyof ImClientEvents>(event: K, listener: Listener<ImClientEvents[K]>): () => void {
    return this.emitter.on(event, listener);
  }

  once<K extends keyof ImClientEvents>(event: K, listener: Listener<ImClientEvents[K]>): () => void {
    return this.emitter.once(event, listener);
  }

  off<K extends keyof ImClientEvents>(event: K, listener: Listener<ImClientEvents[K]>): void {
    this.emitter.off(event, listener);
  }

  // ---- state ----

  get state(): ClientState {
    return this.currentState;
  }

  /** The highest inbox seq up to which every message has been delivered; persist it to resume later. */
  get lastSeq(): number {
    return this.cursor.lastSeq;
  }

  /** The current session, once connected. */
  get session(): AuthInfo | undefined {
    return this.auth;
  }

  /** The endpoint of the current connection. */
  get endpoint(): Endpoint | undefined {
    return this.conn?.endpoint;
  }

  // ---- lifecycle ----

  /**
   * Connects and authenticates, trying each endpoint once in order. Rejects
   * with the server's code (e.g. TOKEN_INVALID 2002) or CONNECT_FAILED /
   * TIMEOUT; after a failure the client is idle and connect() may be called
   * again. Once connected, dropped connections are re-established on their own.
   */
  connect(): Promise<AuthInfo> {
    if (this.currentState === "connected" && this.auth) return Promise.resolve(this.auth);
    if (this.connectPromise) return this.connectPromise;
    if (this.currentState === "reconnecting") return this.whenConnected().then(() => this.auth!);
    this.stopError = undefined;
    this.currentState = "connecting";
    this.connectPromise = this.connectFirst().finally(() => {
      this.connectPromise = undefined;
    });
    return this.connectPromise;
  }

  /** Closes the connection for good (no reconnect). Pending pushes are acknowledged first. */
  close(): void {
    const was = this.currentState;
    if (was === "closed" || was === "idle") return;
    this.acks.flush();
    this.stop(new ImClientError(ClientErrorCode.CLOSED, "client closed"));
    if (was === "connected" || was === "reconnecting")
      this.emitter.emit("disconnected", {
        reason: "closed by the client",
        code: ClientErrorCode.CLOSED,
        willReconnect: false,
      });
  }

  /** Ends the session on the server (the route is removed), then closes without reconnecting. */
  async logout(): Promise<void> {
    const conn = this.conn;
    if (this.currentState !== "connected" || !conn) {
      this.close();
      return;
    }
    this.acks.flush();
    this.loggingOut = true;
    try {
      await conn.request(Cmd.LOGOUT_REQ, {}, this.opts.requestTimeoutMs);
    } catch (err) {
      // The server closing the connection in answer to a logout is a logout too.
      if (!ImClientError.is(err, ClientErrorCode.DISCONNECTED)) throw err;
    } finally {
      this.loggingOut = false;
      const was = this.currentState;
      this.stop(new ImClientError(ClientErrorCode.CLOSED, "logged out"));
      if (was === "connected")
        this.emitter.emit("disconnected", { reason: "logged out", code: ClientErrorCode.CLOSED, willReconnect: false });
    }
  }

  // ---- sending ----

  /** Sends a text message to one user. */
  sendText(toUid: string, text: string): Promise<SendAck> {
    return this.sendC2C({ toUid, content: text });
  }

  /**
   * Sends a one-to-one message. On timeout, disconnect, RATE_LIMITED or
   * 5xxx it is resent with the same clientMsgId (up to maxSendAttempts), so
   * the server stores it once; `ack.duplicate` tells that a retry hit.
   */
  async sendC2C(message: SendC2COptions): Promise<SendAck> {
    const clientMsgId = message.clientMsgId ?? newClientMsgId();
    const contentType = message.contentType ?? CONTENT_TYPE_TEXT;
    const body = await this.retrying(() =>
      this.request(Cmd.C2C_SEND_REQ, { toUid: message.toUid, clientMsgId, contentType, content: message.content }),
    );
    const ack = toSendAck(body);
    this.recordOwnMessage(ack, ConvType.C2C, message.toUid, contentType, message.content, clientMsgId);
    return ack;
  }

  /** Sends a message to a group, with the same retry rules as sendC2C. */
  async sendGroup(message: SendGroupOptions): Promise<SendAck> {
    const clientMsgId = message.clientMsgId ?? newClientMsgId();
    const contentType = message.contentType ?? CONTENT_TYPE_TEXT;
    const body = await this.retrying(() =>
      this.request(Cmd.C2G_SEND_REQ, { groupId: message.groupId, clientMsgId, contentType, content: message.content }),
    );
    const ack = toSendAck(body);
    this.recordOwnMessage(ack, ConvType.GROUP, message.groupId, contentType, message.content, clientMsgId);
    return ack;
  }

  /**
   * One group operation (create, get, rename, members, mute, ...); see GroupReq
   * in proto/README.md for which fields each op reads.
   */
  group(req: im.IGroupReq): Promise<im.IGroupResp> {
    return this.request(Cmd.GROUP_REQ, req);
  }

  /** One page of the conversation list, newest activity first. */
  conversations(opts: { cursor?: string; limit?: number } = {}): Promise<im.IConvListResp> {
    return this.request(Cmd.CONV_LIST_REQ, { cursor: opts.cursor ?? "", limit: opts.limit ?? 20 });
  }

  /** Marks a conversation read up to an inbox seq; resolves with the new read position and unread count. */
  markRead(convType: ConvType, convId: string, readSeq: number): Promise<im.IConvReadResp> {
    return this.request(Cmd.CONV_READ_REQ, { convType, convId, readSeq });
  }

  /** How many members (besides its sender) have read a group message. */
  groupReadCount(groupId: string, msgId: number): Promise<im.IGroupReadCountResp> {
    return this.request(Cmd.GROUP_READ_COUNT_REQ, { groupId, msgId });
  }

  /** The organisation tree (or the subtree under rootId), optionally with members. */
  orgTree(opts: { rootId?: string; withMembers?: boolean } = {}): Promise<im.IOrgTreeResp> {
    return this.request(Cmd.ORG_TREE_REQ, { rootId: opts.rootId ?? "", withMembers: opts.withMembers ?? false });
  }

  /** Sends a message to a business line's backend (c2s), with the same retry rules. */
  async sendC2S(message: SendC2SOptions): Promise<C2SAck> {
    const clientMsgId = message.clientMsgId ?? newClientMsgId();
    const body = await this.retrying(() =>
      this.request(Cmd.C2S_SEND_REQ, {
        businessId: message.businessId,
        clientMsgId,
        contentType: message.contentType ?? CONTENT_TYPE_TEXT,
        content: message.content,
      }),
    );
    return toC2SAck(body);
  }

  /** Acknowledges pushed seqs by hand (when autoAck is false). */
  ack(...seqs: number[]): void {
    for (const seq of seqs) this.acks.add(seq);
  }

  // ---- reading the inbox ----

  /**
   * Reads one page of the inbox after `afterSeq` (the server also takes it as
   * this device's cursor). Messages of the page newer than lastSeq are also
   * delivered through `message` events, once, so pull and push never double up.
   */
  async pull(afterSeq: number, limit = 100): Promise<PullPage> {
    const page = await this.pullPage(afterSeq, limit);
    this.deliver(this.cursor.offerPage(afterSeq, page.messages));
    if (this.opts.autoAck) this.acks.touch();
    if (this.cursor.hasGap && this.opts.autoSync) this.requestSync();
    return page;
  }

  /**
   * Pulls from lastSeq until the server has no more, delivering through
   * `message` events. Concurrent calls share one run.
   */
  sync(): Promise<void> {
    if (this.syncing) {
      this.syncAgain = true;
      return this.syncing;
    }
    this.syncing = this.runSync().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  /**
   * One page of a conversation's history, older than `beforeSeq` (default:
   * everything up to the newest message), oldest first. Inbox seqs are
   * contiguous per user, so pages of the inbox are read backwards by seq range
   * and filtered to the conversation; `nextBeforeSeq` continues paging and
   * `hasMore` is false once the start of the inbox was reached. Unlike pull(),
   * this delivers nothing through `message` events.
   */
  async history(
    convType: ConvType,
    convId: string,
    opts: { beforeSeq?: number; limit?: number; scanPageSize?: number } = {},
  ): Promise<HistoryPage> {
    const limit = Math.max(1, opts.limit ?? 20);
    const scan = Math.min(500, Math.max(1, opts.scanPageSize ?? 200));
    let before = opts.beforeSeq ?? Math.max(this.cursor.lastSeq, this.auth?.maxSeq ?? 0) + 1;
    if (opts.beforeSeq === undefined) {
      // The newest seq the server holds right now, not only the one known at login.
      const head = await this.pullPage(Math.max(0, before - 1), 1);
      before = Math.max(before, head.maxSeq + 1);
    }
    const found: ChatMessage[] = [];
    while (found.length < limit && before > 1) {
      const from = Math.max(0, before - 1 - scan);
      const page = await this.pullPage(from, before - 1 - from);
      const older = page.messages.filter((m) => m.seq < before && m.convType === convType && m.convId === convId);
      found.unshift(...older);
      before = from + 1;
    }
    const messages = found.slice(-limit);
    const oldest = messages[0];
    // Paging resumes right before the oldest message returned, so nothing is skipped or repeated.
    const nextBeforeSeq = found.length > limit && oldest ? oldest.seq : before;
    return { messages, hasMore: nextBeforeSeq > 1, nextBeforeSeq };
  }

  // ---- internals: connecting ----

  private async connectFirst(): Promise<AuthInfo> {
    const epoch = this.epoch;
    let lastError = new ImClientError(ClientErrorCode.CONNECT_FAILED, "no endpoint");
    for (let i = 0; i < this.endpoints.length; i++) {
      const endpoint = this.endpoints[this.endpointIndex]!;
      try {
        return await this.establish(endpoint, epoch);
      } catch (err) {
        if (epoch !== this.epoch) throw this.stopError ?? toClientError(err);
        lastError = toClientError(err);
        if (lastError.terminal) break;
        this.endpointIndex = (this.endpointIndex + 1) % this.endpoints.length;
      }
    }
    this.currentState = "idle";
    this.rejectWaiters(lastError);
    throw lastError;
  }

  /** Opens a transport, authenticates, and makes it the current connection. */
  private async establish(endpoint: Endpoint, epoch: number): Promise<AuthInfo> {
    const conn: Connection = new Connection(this.opts.transportFactory(endpoint), endpoint, {
      nextSeq: () => this.nextHeaderSeq(),
      maxFrameBytes: this.opts.maxFrameBytes,
      onUnsolicited: (frame) => this.handleFrame(conn, frame),
      onClose: (info) => this.handleDrop(conn, info),
    });
    this.establishing = conn;
    this.earlyFrames = [];
    const where = describeEndpoint(endpoint);
    try {
      try {
        await conn.open(this.opts.connectTimeoutMs);
      } catch (err) {
        const error = toClientError(err);
        throw new ImClientError(error.code, `cannot connect to ${where}: ${error.message}`, 0, { cause: err });
      }
      const token = await this.currentToken();
      this.assertCurrent(epoch);
      const resp = await conn.request(
        Cmd.AUTH_REQ,
        {
          token,
          deviceType: this.opts.deviceType,
          deviceId: this.opts.deviceId,
          clientVersion: this.options.clientVersion ?? "",
        },
        this.opts.requestTimeoutMs,
      );
      this.assertCurrent(epoch);
      if (!conn.isOpen) throw new ImClientError(ClientErrorCode.DISCONNECTED, `${where} closed after auth`);
      return this.adopt(conn, toAuthInfo(resp));
    } catch (err) {
      conn.close("connect failed");
      throw toClientError(err);
    } finally {
      if (this.establishing === conn) this.establishing = undefined;
    }
  }

  private adopt(conn: Connection, auth: AuthInfo): AuthInfo {
    const early = this.earlyFrames;
    this.earlyFrames = [];
    this.conn = conn;
    this.auth = auth;
    this.currentState = "connected";
    this.reconnectAttempt = 0;
    if (!this.cursorSeeded) {
      this.cursor.advanceTo(auth.ackedSeq);
      this.cursorSeeded = true;
    }
    this.startHeartbeat(conn, auth);
    this.acks.known(auth.ackedSeq);
    this.acks.flush();
    const reconnected = this.everConnected;
    this.everConnected = true;
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(conn);
    }
    this.waiters.clear();
    this.emitter.emit("connected", { auth, endpoint: conn.endpoint, reconnected });
    for (const frame of early) this.handleFrame(conn, frame);
    if (this.conn === conn && this.opts.autoSync && auth.maxSeq > this.cursor.lastSeq) this.requestSync();
    return auth;
  }

  private async currentToken(): Promise<string> {
    if (!this.options.getToken) return this.options.token ?? "";
    try {
      return await this.options.getToken();
    } catch (err) {
      throw new ImClientError(ClientErrorCode.CONNECT_FAILED, `getToken failed: ${(err as Error).message}`, 0, {
        cause: err,
      });
    }
  }

  private assertCurrent(epoch: number): void {
    if (epoch !== this.epoch) throw this.stopError ?? new ImClientError(ClientErrorCode.CLOSED, "client closed");
  }

  private handleDrop(conn: Connection, info: TransportClose): void {
    if (conn !== this.conn) return;
    this.conn = undefined;
    this.stopHeartbeat();
    if (this.loggingOut) return; // logout() finishes the shutdown
    const willReconnect = this.reconnectNow || this.opts.reconnect.enabled;
    this.currentState = willReconnect ? "reconnecting" : "idle";
    this.emitter.emit("disconnected", { reason: info.reason, code: info.code, willReconnect });
    if (this.currentState !== "reconnecting") {
      if (this.currentState === "idle")
        this.rejectWaiters(new ImClientError(ClientErrorCode.DISCONNECTED, `disconnected: ${info.reason}`));
      return;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const attempt = ++this.reconnectAttempt;
    let delayMs: number;
    if (this.reconnectNow) {
      this.reconnectNow = false;
      delayMs = 0;
    } else {
      delayMs = backoffDelay(
        attempt - 1,
        this.opts.reconnect.minDelayMs,
        this.opts.reconnect.maxDelayMs,
        this.opts.random,
      );
      this.endpointIndex = (this.endpointIndex + 1) % this.endpoints.length;
    }
    const endpoint = this.endpoints[this.endpointIndex]!;
    const epoch = this.epoch;
    this.emitter.emit("reconnecting", { attempt, delayMs, endpoint });
    if (epoch !== this.epoch) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.reconnectOnce(endpoint, epoch);
    }, delayMs);
  }

  private async reconnectOnce(endpoint: Endpoint, epoch: number): Promise<void> {
    try {
      await this.establish(endpoint, epoch);
    } catch (err) {
      if (epoch !== this.epoch) return;
      const error = toClientError(err);
      if (!error.terminal) {
        this.scheduleReconnect();
        return;
      }
      this.stop(error);
      this.emitter.emit("error", error);
      this.emitter.emit("disconnected", { reason: error.message, code: error.code, willReconnect: false });
    }
  }

  /** Ends everything: timers, connection, waiting requests. The client stays closed until connect(). */
  private stop(error: ImClientError): void {
    this.epoch++;
    this.stopError = error;
    this.currentState = "closed";
    this.reconnectNow = false;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.ctrlTimer);
    clearTimeout(this.gapTimer);
    this.reconnectTimer = this.ctrlTimer = this.gapTimer = undefined;
    this.stopHeartbeat();
    for (const wake of this.sleepers) wake();
    this.sleepers.clear();
    const conn = this.conn;
    this.conn = undefined;
    this.establishing?.close(error.message);
    this.establishing = undefined;
    conn?.close(error.message, error);
    this.rejectWaiters(error);
    this.acks.clear();
  }

  // ---- internals: requests ----

  private nextHeaderSeq(): number {
    this.headerSeq = (this.headerSeq % 0xffffffff) + 1;
    return this.headerSeq;
  }

  /** Resolves with the connection once connected; waits while (re)connecting. */
  private whenConnected(timeoutMs?: number): Promise<Connection> {
    if (this.currentState === "connected" && this.conn) return Promise.resolve(this.conn);
    if (this.currentState !== "connecting" && this.currentState !== "reconnecting")
      return Promise.reject(
        this.stopError ?? new ImClientError(ClientErrorCode.CLOSED, "not connected: call connect() first"),
      );
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      if (timeoutMs !== undefined)
        waiter.timer = setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new ImClientError(ClientErrorCode.TIMEOUT, `not connected within ${timeoutMs} ms`));
        }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private rejectWaiters(error: ImClientError): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.waiters.clear();
  }

  private async request<C extends RequestCmd>(cmd: C, body: CmdBodies[C]): Promise<ResponseBody<C>> {
    const conn = await this.whenConnected(this.opts.requestTimeoutMs);
    return conn.request(cmd, body, this.opts.requestTimeoutMs);
  }

  /** Runs `attempt` until it succeeds, fails for good, or maxSendAttempts is reached. */
  private async retrying<T>(attempt: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (err) {
        const error = toClientError(err);
        if (this.stopError && this.currentState === "closed") throw this.stopError;
        if (!error.retryable || n >= this.opts.maxSendAttempts) throw error;
        // After a timeout or disconnect, waiting for the connection is delay enough.
        const serverSaidWait = error.code < 9000;
        const delay =
          error.retryAfterMs > 0
            ? error.retryAfterMs
            : serverSaidWait
              ? backoffDelay(n - 1, SEND_RETRY_MIN_MS, SEND_RETRY_MAX_MS, this.opts.random)
              : 0;
        if (delay > 0) await this.sleep(delay);
      }
    }
  }

  /** A delay that stop() cuts short. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  // ---- internals: incoming frames ----

  private handleFrame(conn: Connection, frame: Frame): void {
    if (conn !== this.conn) {
      // Frames right behind AUTH_RESP are handled once the connection is adopted.
      if (conn === this.establishing) this.earlyFrames.push(frame);
      return;
    }
    if (frame.cmd === Cmd.ERROR) {
      this.emitter.emit("error", errorFromFrame(frame, this.opts.maxFrameBytes));
      return;
    }
    if (frame.cmd === Cmd.CONV_SYNC || frame.cmd === Cmd.READ_RECEIPT) {
      this.handleReadEvent(frame);
      return;
    }
    if (frame.cmd !== Cmd.MSG_PUSH && frame.cmd !== Cmd.KICKOUT && frame.cmd !== Cmd.CTRL) return;
    let body: CmdBodies[im.Cmd.MSG_PUSH | im.Cmd.KICKOUT | im.Cmd.CTRL];
    try {
      body = decodeBody(
        frame as Frame & { cmd: im.Cmd.MSG_PUSH | im.Cmd.KICKOUT | im.Cmd.CTRL },
        this.opts.maxFrameBytes,
      );
    } catch (err) {
      this.emitter.emit(
        "error",
        new ImClientError(ClientErrorCode.PROTOCOL, `undecodable ${Cmd[frame.cmd]}: ${(err as Error).message}`),
      );
      return;
    }
    if (frame.cmd === Cmd.MSG_PUSH) this.receivePush(body as im.IMsgPush);
    else if (frame.cmd === Cmd.KICKOUT) this.handleKickout(body as im.IKickout);
    else this.handleCtrl(conn, body as im.ICtrl);
  }

  private handleReadEvent(frame: Frame): void {
    let body: im.IConvSync | im.IReadReceipt;
    try {
      body = decodeBody(frame as Frame & { cmd: im.Cmd.CONV_SYNC | im.Cmd.READ_RECEIPT }, this.opts.maxFrameBytes);
    } catch (err) {
      this.emitter.emit(
        "error",
        new ImClientError(ClientErrorCode.PROTOCOL, `undecodable ${Cmd[frame.cmd]}: ${(err as Error).message}`),
      );
      return;
    }
    if (frame.cmd === Cmd.CONV_SYNC) {
      const b = body as im.IConvSync;
      this.emitter.emit("convSync", {
        convType: (b.convType ?? 0) as ConvType,
        convId: b.convId ?? "",
        readSeq: Number(b.readSeq ?? 0),
        unread: b.unread ?? 0,
      });
    } else {
      const b = body as im.IReadReceipt;
      this.emitter.emit("readReceipt", {
        convType: (b.convType ?? 0) as ConvType,
        convId: b.convId ?? "",
        readerUid: b.readerUid ?? "",
        seq: Number(b.seq ?? 0),
        msgId: Number(b.msgId ?? 0),
      });
    }
  }

  private receivePush(push: im.IMsgPush): void {
    if (!push.message) return;
    const message = toChatMessage(push.message);
    if (message.seq === 0) {
      // Not part of the inbox timeline: nothing to order, dedupe or acknowledge.
      this.emitter.emit("message", message);
      return;
    }
    if (this.opts.autoAck) this.acks.add(message.seq);
    this.deliver(this.cursor.offer(message));
    if (this.cursor.hasGap && this.opts.autoSync) this.requestSync();
  }

  private handleKickout(body: im.IKickout): void {
    const event: KickoutEvent = { reason: body.reason ?? KickReason.KICK_UNSPECIFIED, message: body.message ?? "" };
    const why = `kicked out (${KickReason[event.reason] ?? event.reason})${event.message ? `: ${event.message}` : ""}`;
    this.stop(new ImClientError(ClientErrorCode.KICKED, why));
    this.emitter.emit("kickout", event);
    this.emitter.emit("disconnected", { reason: why, code: ClientErrorCode.KICKED, willReconnect: false });
  }

  private handleCtrl(conn: Connection, body: im.ICtrl): void {
    const event: CtrlEvent = {
      type: body.type ?? CtrlType.TYPE_UNSPECIFIED,
      endpoints: body.endpoints ?? [],
      delayMs: body.delayMs ?? 0,
      config: { ...(body.config ?? {}) },
    };
    this.emitter.emit("ctrl", event);
    if (event.type !== CtrlType.RECONNECT || this.conn !== conn) return;
    const given = event.endpoints
      .map((text) => parseEndpoint(text, conn.endpoint.transport))
      .filter((e): e is Endpoint => e !== undefined);
    if (given.length > 0) {
      const seen = new Set<string>();
      this.endpoints = [...given, ...this.options.endpoints].filter((e) => {
        const key = describeEndpoint(e);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    }
    // "Within delay_ms": spread so a draining node's clients do not all return at once.
    const delay = Math.round(this.opts.random() * event.delayMs);
    clearTimeout(this.ctrlTimer);
    this.ctrlTimer = setTimeout(() => {
      this.ctrlTimer = undefined;
      if (this.conn !== conn) return;
      this.reconnectNow = true;
      if (given.length > 0) this.endpointIndex = 0;
      else this.endpointIndex = (this.endpointIndex + 1) % this.endpoints.length;
      conn.close("the server asked the client to reconnect");
    }, delay);
  }

  private recordOwnMessage(
    ack: SendAck,
    convType: ConvType,
    convId: string,
    contentType: number,
    content: string,
    clientMsgId: string,
  ): void {
    // The sender's own inbox holds the message at ack.seq; taking it from the
    // ack keeps that seq from looking like a gap that needs a pull.
    if (ack.seq <= 0 || !this.auth) return;
    this.deliver(
      this.cursor.offer({
        msgId: ack.msgId,
        seq: ack.seq,
        convType,
        convId,
        fromUid: this.auth.uid,
        toId: convId,
        clientMsgId,
        contentType,
        content,
        sentAt: ack.sentAt,
      }),
    );
    if (this.cursor.hasGap && this.opts.autoSync) this.requestSync();
  }

  private deliver(messages: ChatMessage[]): void {
    for (const message of messages) this.emitter.emit("message", message);
  }

  // ---- internals: sync ----

  private async pullPage(afterSeq: number, limit: number): Promise<PullPage> {
    return toPullPage(await this.request(Cmd.PULL_REQ, { afterSeq, limit }));
  }

  private requestSync(): void {
    this.sync().catch((err: unknown) => {
      const error = toClientError(err);
      // A lost connection resyncs after reconnecting; a closed client does not care.
      if (error.code === ClientErrorCode.DISCONNECTED || error.code === ClientErrorCode.CLOSED) return;
      if (error.code === ClientErrorCode.KICKED) return;
      this.emitter.emit("error", error);
    });
  }

  private async runSync(): Promise<void> {
    do {
      this.syncAgain = false;
      for (;;) {
        const after = this.cursor.lastSeq;
        const page = await this.pullPage(after, this.opts.syncPageSize);
        this.deliver(this.cursor.offerPage(after, page.messages));
        if (!page.hasMore || this.cursor.lastSeq <= after) break;
      }
    } while (this.syncAgain);
    // The last page moved the cursor past the last pull's after_seq: tell the server.
    if (this.opts.autoAck) this.acks.touch();
    if (this.opts.autoSync && this.cursor.hasGap && !this.gapTimer && this.currentState === "connected") {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = undefined;
        if (this.cursor.hasGap && this.currentState === "connected") this.requestSync();
      }, GAP_RETRY_MS);
    }
  }

  // ---- internals: heartbeat ----

  private startHeartbeat(conn: Connection, auth: AuthInfo): void {
    this.stopHeartbeat();
    const interval = this.options.heartbeatMs ?? (auth.heartbeatMs || DEFAULT_HEARTBEAT_MS);
    const deadAfter = Math.round(interval * DEAD_AFTER_INTERVALS);
    this.heartbeatTimer = setInterval(() => conn.send(Cmd.HEARTBEAT_REQ, {}), interval);
    // Re-armed for the remaining time instead of reset on every frame.
    const watch = () => {
      const silentFor = Date.now() - conn.lastFrameAt;
      if (silentFor >= deadAfter) {
        this.watchdogTimer = undefined;
        conn.close(`no frame from the server for ${silentFor} ms`);
        return;
      }
      this.watchdogTimer = setTimeout(watch, deadAfter - silentFor);
    };
    this.watchdogTimer = setTimeout(watch, deadAfter);
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.watchdogTimer);
    this.heartbeatTimer = this.watchdogTimer = undefined;
  }
}

function toClientError(err: unknown): ImClientError {
  if (err instanceof ImClientError) return err;
  return new ImClientError(ClientErrorCode.PROTOCOL, (err as Error)?.message ?? String(err), 0, { cause: err });
}

/** A random id unique per sender, so a retried send is recognised by the server. */
export function newClientMsgId(): string {
  // randomUUID exists only in secure contexts (https, localhost); a page served over plain http elsewhere lacks it.
  if (typeof globalThis.crypto.randomUUID === "function") return globalThis.crypto.randomUUID();
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
