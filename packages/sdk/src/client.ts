import { backoffDelay } from "@im/core/backoff";
import { Cmd, type CmdBodies, decodeBody, type Frame, type im } from "@im/protocol";
import { AckBatcher } from "./ack-batcher.ts";
import type {
  ConnectedEvent,
  ConvSyncEvent,
  CtrlEvent,
  DisconnectedEvent,
  ImClientEvents,
  KickoutEvent,
  ReadReceiptEvent,
  ReconnectingEvent,
} from "./client-events.ts";
import { type ImClientOptions, type ReconnectOptions, type ResolvedOptions, resolveOptions } from "./client-options.ts";
import { ClientLifecycle, type ClientState, type Timer } from "./client-state.ts";
import { Connection, errorFromFrame, type RequestCmd, type ResponseBody } from "./connection.ts";
import {
  toAuthInfo,
  toC2SAck,
  toChatMessage,
  toConversationPage,
  toConvSyncEvent,
  toCtrlEvent,
  toGroupReadCount,
  toGroupReq,
  toGroupResult,
  toKickoutEvent,
  toOrgTree,
  toPullPage,
  toReadReceiptEvent,
  toReadState,
  toSendAck,
} from "./convert.ts";
import { Emitter, type Listener } from "./emitter.ts";
import { ClientErrorCode, ImClientError } from "./errors.ts";
import { InboxCursor } from "./inbox-cursor.ts";
import { describeEndpoint, parseEndpoint, type TransportClose } from "./transport.ts";
import {
  type AuthInfo,
  type C2SAck,
  type ChatMessage,
  CONTENT_TYPE_TEXT,
  type ConversationPage,
  ConvType,
  CtrlType,
  type Endpoint,
  type GroupReadCount,
  type GroupRequest,
  type GroupResult,
  type HistoryPage,
  KickReason,
  type OrgTree,
  type PullPage,
  type ReadState,
  type SendAck,
  type SendC2COptions,
  type SendC2SOptions,
  type SendGroupOptions,
} from "./types.ts";

export type {
  ClientState,
  ConnectedEvent,
  ConvSyncEvent,
  CtrlEvent,
  DisconnectedEvent,
  ImClientEvents,
  ImClientOptions,
  KickoutEvent,
  ReadReceiptEvent,
  ReconnectingEvent,
  ReconnectOptions,
};

const DEFAULT_HEARTBEAT_MS = 30_000;
/** Declare the connection dead after this many heartbeat intervals without any frame. */
const DEAD_AFTER_INTERVALS = 2.5;
/** ...or when a heartbeat got no frame back within this long (a hung server answers nothing). */
const DEFAULT_HEARTBEAT_TIMEOUT_MS = 5_000;
/** When a gap survives a full sync (server lag), look again after this long. */
const GAP_RETRY_MS = 1000;
const SEND_RETRY_MIN_MS = 200;
const SEND_RETRY_MAX_MS = 5000;

/** A request waiting for the client to be connected. */
interface Waiter {
  resolve(conn: Connection): void;
  reject(err: ImClientError): void;
  timer?: Timer;
}

/** A connection being opened and authenticated, and the frames that arrived right behind its AUTH_RESP. */
interface Attempt {
  conn: Connection;
  early: Frame[];
}

/**
 * A chat client over TCP or WebSocket: authenticates, correlates requests
 * with answers, retries sends idempotently, delivers the inbox timeline
 * exactly once and in order, keeps the connection alive and reconnects.
 * Its states, their transitions and its timers live in client-state.ts.
 */
export class ImClient {
  private readonly opts: ResolvedOptions;
  private readonly emitter = new Emitter<ImClientEvents>((err, event) => {
    if (event === "error") return; // a throwing error listener has nowhere left to report to
    this.emitter.emit(
      "error",
      new ImClientError(ClientErrorCode.LISTENER_FAILED, `a "${String(event)}" listener threw: ${String(err)}`, 0, {
        cause: err,
      }),
    );
  });
  private readonly life = new ClientLifecycle();
  private readonly cursor: InboxCursor;
  private cursorSeeded: boolean;
  private readonly acks: AckBatcher;

  /** Why the client came to rest (close, logout, kick, refused token); later requests fail with it. */
  private stopError: ImClientError | undefined;
  /** The authenticated connection, in the connected and loggingOut states. */
  private conn: Connection | undefined;
  private attempt: Attempt | undefined;
  private auth: AuthInfo | undefined;
  private everConnected = false;
  private connectPromise: Promise<AuthInfo> | undefined;
  private readonly waiters = new Set<Waiter>();

  private endpoints: Endpoint[];
  private endpointIndex = 0;
  private headerSeq = 0;
  private reconnectAttempt = 0;
  private redirectTimer: Timer | undefined;
  private gapTimer: Timer | undefined;

  private syncing: Promise<void> | undefined;
  private syncAgain = false;

  constructor(private readonly options: ImClientOptions) {
    this.opts = resolveOptions(options);
    this.endpoints = [...options.endpoints];
    this.cursor = new InboxCursor(options.lastSeq ?? 0);
    this.cursorSeeded = options.lastSeq !== undefined;
    // Every ack carries the cursor, so the server's copy of it (AuthResp.ackedSeq) follows what this device holds.
    this.acks = new AckBatcher(
      (seqs, ackedSeq) => this.life.is("connected") && (this.conn?.send(Cmd.MSG_PUSH_ACK, { seqs, ackedSeq }) ?? false),
      this.opts.ackDelayMs,
      undefined,
      (ms, fire) => this.life.after("ackFlush", ms, fire),
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

  /** Where the client is in its lifecycle; see ClientState and the README's state table. */
  get state(): ClientState {
    return this.life.state;
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
   * While the client reconnects on its own, resolves once it is back.
   */
  connect(): Promise<AuthInfo> {
    if (this.life.is("connected") && this.auth) return Promise.resolve(this.auth);
    if (this.connectPromise) return this.connectPromise;
    if (this.life.is("backoff", "reconnecting")) return this.whenConnected().then(() => this.auth!);
    if (this.life.is("loggingOut"))
      return Promise.reject(new ImClientError(ClientErrorCode.CLOSED, "logging out: connect() again once it ends"));
    this.stopError = undefined;
    this.life.to("connecting");
    this.connectPromise = this.connectFirst().finally(() => {
      this.connectPromise = undefined;
    });
    return this.connectPromise;
  }

  /** Closes the connection for good (no reconnect). Pending pushes are acknowledged first. */
  close(): void {
    if (this.life.is("idle", "closed", "kicked")) return;
    const wasUp = !this.life.is("connecting");
    this.acks.flush();
    this.stop("closed", new ImClientError(ClientErrorCode.CLOSED, "client closed"));
    if (wasUp)
      this.emitter.emit("disconnected", {
        reason: "closed by the client",
        code: ClientErrorCode.CLOSED,
        willReconnect: false,
      });
  }

  /** Ends the session on the server (the route is removed), then closes without reconnecting. */
  async logout(): Promise<void> {
    const conn = this.conn;
    if (!this.life.is("connected") || !conn) {
      this.close();
      return;
    }
    this.acks.flush();
    this.life.to("loggingOut");
    try {
      await conn.request(Cmd.LOGOUT_REQ, {}, this.opts.requestTimeoutMs);
    } catch (err) {
      // The server closing the connection in answer to a logout is a logout too.
      if (!ImClientError.is(err, ClientErrorCode.DISCONNECTED)) throw err;
    } finally {
      // close() or a kickout meanwhile has ended the client already.
      if (this.life.is("loggingOut")) {
        this.stop("closed", new ImClientError(ClientErrorCode.CLOSED, "logged out"));
        this.emitter.emit("disconnected", { reason: "logged out", code: ClientErrorCode.CLOSED, willReconnect: false });
      }
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
  async group(req: GroupRequest): Promise<GroupResult> {
    return toGroupResult(await this.request(Cmd.GROUP_REQ, toGroupReq(req)));
  }

  /** One page of the conversation list, newest activity first. */
  async conversations(opts: { cursor?: string; limit?: number } = {}): Promise<ConversationPage> {
    return toConversationPage(
      await this.request(Cmd.CONV_LIST_REQ, { cursor: opts.cursor ?? "", limit: opts.limit ?? 20 }),
    );
  }

  /** Marks a conversation read up to an inbox seq; resolves with the new read position and unread count. */
  async markRead(convType: ConvType, convId: string, readSeq: number): Promise<ReadState> {
    return toReadState(await this.request(Cmd.CONV_READ_REQ, { convType, convId, readSeq }));
  }

  /** How many members (besides its sender) have read a group message. */
  async groupReadCount(groupId: string, msgId: number): Promise<GroupReadCount> {
    return toGroupReadCount(await this.request(Cmd.GROUP_READ_COUNT_REQ, { groupId, msgId }));
  }

  /** The organisation tree (or the subtree under rootId), optionally with members. */
  async orgTree(opts: { rootId?: string; withMembers?: boolean } = {}): Promise<OrgTree> {
    return toOrgTree(
      await this.request(Cmd.ORG_TREE_REQ, { rootId: opts.rootId ?? "", withMembers: opts.withMembers ?? false }),
    );
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
    const generation = this.life.generation;
    let lastError = new ImClientError(ClientErrorCode.CONNECT_FAILED, "no endpoint");
    for (let i = 0; i < this.endpoints.length; i++) {
      const endpoint = this.endpoints[this.endpointIndex]!;
      try {
        return await this.establish(endpoint, generation);
      } catch (err) {
        if (generation !== this.life.generation) throw this.stopError ?? toClientError(err);
        lastError = toClientError(err);
        if (lastError.terminal) break;
        this.endpointIndex = (this.endpointIndex + 1) % this.endpoints.length;
      }
    }
    this.rejectWaiters(lastError);
    this.life.to("idle");
    throw lastError;
  }

  /** Opens a transport, authenticates, and makes it the current connection. */
  private async establish(endpoint: Endpoint, generation: number): Promise<AuthInfo> {
    const conn: Connection = new Connection(this.opts.transportFactory(endpoint), endpoint, {
      nextSeq: () => this.nextHeaderSeq(),
      maxFrameBytes: this.opts.maxFrameBytes,
      onUnsolicited: (frame) => this.handleFrame(conn, frame),
      onClose: (info) => this.handleDrop(conn, info),
      schedule: (kind, ms, fire, onExpire) => this.life.after(kind, ms, fire, onExpire),
    });
    this.attempt = { conn, early: [] };
    const where = describeEndpoint(endpoint);
    try {
      try {
        await conn.open(this.opts.connectTimeoutMs);
      } catch (err) {
        const error = toClientError(err);
        throw new ImClientError(error.code, `cannot connect to ${where}: ${error.message}`, 0, { cause: err });
      }
      const token = await this.currentToken();
      this.assertCurrent(generation);
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
      this.assertCurrent(generation);
      if (!conn.isOpen) throw new ImClientError(ClientErrorCode.DISCONNECTED, `${where} closed after auth`);
      return this.adopt(conn, toAuthInfo(resp));
    } catch (err) {
      conn.close("connect failed");
      throw toClientError(err);
    } finally {
      if (this.attempt?.conn === conn) this.attempt = undefined;
    }
  }

  private adopt(conn: Connection, auth: AuthInfo): AuthInfo {
    const early = this.attempt?.conn === conn ? this.attempt.early : [];
    this.attempt = undefined;
    this.conn = conn;
    this.auth = auth;
    this.life.to("connected");
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
      waiter.timer?.cancel();
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

  private assertCurrent(generation: number): void {
    if (generation !== this.life.generation)
      throw this.stopError ?? new ImClientError(ClientErrorCode.CLOSED, "client closed");
  }

  private handleDrop(conn: Connection, info: TransportClose): void {
    if (conn !== this.conn) return;
    if (this.life.is("loggingOut")) return; // logout() finishes the shutdown
    this.conn = undefined;
    if (!this.opts.reconnect.enabled) {
      this.life.to("idle");
      this.emitter.emit("disconnected", { reason: info.reason, code: info.code, willReconnect: false });
      this.rejectWaiters(new ImClientError(ClientErrorCode.DISCONNECTED, `disconnected: ${info.reason}`));
      return;
    }
    this.life.to("backoff");
    this.emitter.emit("disconnected", { reason: info.reason, code: info.code, willReconnect: true });
    this.scheduleReconnect(false);
  }

  /** A CTRL reconnect: leave this connection and go to `endpointIndex` at once, whatever the reconnect option. */
  private redirect(conn: Connection): void {
    const reason = "the server asked the client to reconnect";
    this.conn = undefined;
    this.life.to("backoff");
    conn.close(reason);
    this.emitter.emit("disconnected", { reason, willReconnect: true });
    this.scheduleReconnect(true);
  }

  /** In backoff: announces the next attempt and arms its timer (`immediate` skips the delay and the rotation). */
  private scheduleReconnect(immediate: boolean): void {
    if (!this.life.is("backoff")) return; // a listener closed the client
    const attempt = ++this.reconnectAttempt;
    let delayMs = 0;
    if (!immediate) {
      delayMs = backoffDelay(
        attempt - 1,
        this.opts.reconnect.minDelayMs,
        this.opts.reconnect.maxDelayMs,
        this.opts.random,
      );
      this.endpointIndex = (this.endpointIndex + 1) % this.endpoints.length;
    }
    const endpoint = this.endpoints[this.endpointIndex]!;
    this.emitter.emit("reconnecting", { attempt, delayMs, endpoint });
    if (!this.life.is("backoff")) return;
    this.life.after("reconnect", delayMs, () => void this.reconnectOnce(endpoint));
  }

  private async reconnectOnce(endpoint: Endpoint): Promise<void> {
    this.life.to("reconnecting");
    const generation = this.life.generation;
    try {
      await this.establish(endpoint, generation);
    } catch (err) {
      if (generation !== this.life.generation) return;
      const error = toClientError(err);
      if (!error.terminal) {
        this.life.to("backoff");
        this.scheduleReconnect(false);
        return;
      }
      this.stop("closed", error);
      this.emitter.emit("error", error);
      this.emitter.emit("disconnected", { reason: error.message, code: error.code, willReconnect: false });
    }
  }

  /**
   * Brings the client to rest for good: the state change cancels every timer
   * (retry pauses wake), the connection closes and waiting requests fail with
   * `error`. connect() starts again.
   */
  private stop(state: "closed" | "kicked", error: ImClientError): void {
    this.stopError = error;
    const conn = this.conn;
    const attempt = this.attempt;
    this.conn = this.attempt = undefined;
    // Closed first, so their pending requests fail with `error`, not as abandoned by the state change.
    attempt?.conn.close(error.message);
    conn?.close(error.message, error);
    this.life.to(state);
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
    if (this.life.is("connected") && this.conn) return Promise.resolve(this.conn);
    if (!this.life.is("connecting", "backoff", "reconnecting")) {
      const why = this.life.is("loggingOut") ? "logging out" : "not connected: call connect() first";
      return Promise.reject(this.stopError ?? new ImClientError(ClientErrorCode.CLOSED, why));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      if (timeoutMs !== undefined)
        waiter.timer = this.life.after("connectionWait", timeoutMs, () => {
          this.waiters.delete(waiter);
          reject(new ImClientError(ClientErrorCode.TIMEOUT, `not connected within ${timeoutMs} ms`));
        });
      this.waiters.add(waiter);
    });
  }

  private rejectWaiters(error: ImClientError): void {
    for (const waiter of this.waiters) {
      waiter.timer?.cancel();
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
        if (this.stopError && this.life.is("closed", "kicked")) throw this.stopError;
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

  /** A pause that ends early when the client comes to rest. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.life.after("sendRetry", ms, resolve, resolve));
  }

  // ---- internals: incoming frames ----

  private handleFrame(conn: Connection, frame: Frame): void {
    if (conn !== this.conn) {
      // Frames right behind AUTH_RESP are handled once the connection is adopted.
      if (conn === this.attempt?.conn) this.attempt.early.push(frame);
      return;
    }
    if (frame.cmd === Cmd.ERROR) {
      this.emitter.emit("error", errorFromFrame(frame, this.opts.maxFrameBytes));
      return;
    }
    const cmd = frame.cmd;
    if (
      cmd !== Cmd.MSG_PUSH &&
      cmd !== Cmd.KICKOUT &&
      cmd !== Cmd.CTRL &&
      cmd !== Cmd.CONV_SYNC &&
      cmd !== Cmd.READ_RECEIPT
    )
      return;
    let body: CmdBodies[typeof cmd];
    try {
      body = decodeBody(frame as Frame & { cmd: typeof cmd }, this.opts.maxFrameBytes);
    } catch (err) {
      this.emitter.emit(
        "error",
        new ImClientError(ClientErrorCode.PROTOCOL, `undecodable ${Cmd[cmd]}: ${(err as Error).message}`),
      );
      return;
    }
    if (cmd === Cmd.MSG_PUSH) this.receivePush(body as im.IMsgPush);
    else if (cmd === Cmd.KICKOUT) this.handleKickout(toKickoutEvent(body as im.IKickout));
    else if (cmd === Cmd.CTRL) this.handleCtrl(conn, toCtrlEvent(body as im.ICtrl));
    else if (cmd === Cmd.CONV_SYNC) this.emitter.emit("convSync", toConvSyncEvent(body as im.IConvSync));
    else this.emitter.emit("readReceipt", toReadReceiptEvent(body as im.IReadReceipt));
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

  private handleKickout(event: KickoutEvent): void {
    const why = `kicked out (${KickReason[event.reason] ?? event.reason})${event.message ? `: ${event.message}` : ""}`;
    this.stop("kicked", new ImClientError(ClientErrorCode.KICKED, why));
    this.emitter.emit("kickout", event);
    this.emitter.emit("disconnected", { reason: why, code: ClientErrorCode.KICKED, willReconnect: false });
  }

  private handleCtrl(conn: Connection, event: CtrlEvent): void {
    this.emitter.emit("ctrl", event);
    if (event.type !== CtrlType.RECONNECT || this.conn !== conn || !this.life.is("connected")) return;
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
    this.redirectTimer?.cancel();
    this.redirectTimer = this.life.after("redirect", delay, () => {
      if (this.conn !== conn) return;
      if (given.length > 0) this.endpointIndex = 0;
      else this.endpointIndex = (this.endpointIndex + 1) % this.endpoints.length;
      this.redirect(conn);
    });
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
    if (this.opts.autoSync && this.cursor.hasGap && !this.gapTimer?.active && this.life.is("connected")) {
      this.gapTimer = this.life.after("gapRetry", GAP_RETRY_MS, () => {
        if (this.cursor.hasGap) this.requestSync();
      });
    }
  }

  // ---- internals: heartbeat ----

  /**
   * Runs while connected (and logging out); leaving those states stops both timers.
   * The connection is dead when nothing came for 2.5 intervals, or when a
   * heartbeat went unanswered for heartbeatTimeoutMs: a frozen server keeps
   * its sockets open, so only the missing answer shows it.
   */
  private startHeartbeat(conn: Connection, auth: AuthInfo): void {
    const interval = this.options.heartbeatMs ?? (auth.heartbeatMs || DEFAULT_HEARTBEAT_MS);
    const answerWithin = this.options.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
    const deadAfter = Math.round(interval * DEAD_AFTER_INTERVALS);
    /** When the oldest heartbeat with no frame after it went out; 0 when none is waiting. */
    let waitingSince = 0;
    let timer: Timer | null = null;
    // One watchdog timer, re-armed for whichever limit comes first instead of reset on every frame.
    const schedule = (now: number) => {
      const silentFor = now - conn.lastFrameAt;
      const untilAnswerDue = waitingSince === 0 ? deadAfter : answerWithin - (now - waitingSince);
      timer?.cancel();
      timer = this.life.after("watchdog", Math.max(1, Math.min(deadAfter - silentFor, untilAnswerDue)), watch);
    };
    const watch = () => {
      const now = Date.now();
      const silentFor = now - conn.lastFrameAt;
      if (waitingSince !== 0 && conn.lastFrameAt >= waitingSince) waitingSince = 0;
      const unansweredFor = waitingSince === 0 ? 0 : now - waitingSince;
      if (silentFor >= deadAfter) conn.close(`no frame from the server for ${silentFor} ms`);
      else if (unansweredFor >= answerWithin) conn.close(`no answer to a heartbeat for ${unansweredFor} ms`);
      else schedule(now);
    };
    this.life.every("heartbeat", interval, () => {
      const now = Date.now();
      if (waitingSince === 0 || conn.lastFrameAt >= waitingSince) {
        waitingSince = now;
        schedule(now);
      }
      conn.send(Cmd.HEARTBEAT_REQ, {});
    });
    schedule(Date.now());
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
