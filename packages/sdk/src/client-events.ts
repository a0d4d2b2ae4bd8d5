import type { ImClientError } from "./errors.ts";
import type { AuthInfo, ChatMessage, ConvType, CtrlType, Endpoint, KickReason } from "./types.ts";

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
  /** The client entered backoff: attempt `attempt` goes to `endpoint` after `delayMs`. */
  reconnecting: ReconnectingEvent;
  /** Failures nobody awaits: server errors outside a request, a failed background sync, a throwing listener. */
  error: ImClientError;
}
