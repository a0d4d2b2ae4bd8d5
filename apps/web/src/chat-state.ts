import type { ChatMessage, HistoryPage, QueuedMessage, SendAck } from "@im/sdk";
import { ConvType } from "@im/sdk";

/** Connection state as the banner shows it. */
export type Status =
  | { kind: "connecting" }
  | { kind: "online" }
  | { kind: "reconnecting"; attempt: number }
  | { kind: "kicked"; message: string }
  | { kind: "closed"; message: string };

export interface ConvSummary {
  key: string;
  convType: ConvType;
  convId: string;
  unread: number;
  lastText: string;
  lastAt: number;
  /** Newest inbox seq this summary accounts for; older messages (a sync catching up) change nothing. */
  lastSeq: number;
}

export interface Timeline {
  /** Oldest first, each inbox seq once. */
  messages: ChatMessage[];
  nextBeforeSeq: number;
  hasMore: boolean;
  loading: boolean;
  /** The newest page arrived at least once (it cannot while offline). */
  loaded: boolean;
}

export interface ChatState {
  status: Status;
  convs: Record<string, ConvSummary>;
  timelines: Record<string, Timeline>;
  /** Queued, not yet acknowledged by the server. */
  pending: QueuedMessage[];
  /** 1:1 only: the peer read this user's messages up to this seq (of this user's inbox). */
  peerRead: Record<string, number>;
  groupNames: Record<string, string>;
  /** Groups only: how many other members read each of this user's messages, by msgId. */
  groupReads: Record<number, { read: number; total: number }>;
  active: string | null;
}

export type Action =
  | { type: "status"; status: Status }
  | { type: "convs"; convs: ConvSummary[] }
  | { type: "groups"; names: Record<string, string> }
  | { type: "open"; key: string | null }
  | { type: "history"; key: string; page: HistoryPage }
  | { type: "historyLoading"; key: string }
  | { type: "historyFailed"; key: string }
  | { type: "message"; message: ChatMessage; own: boolean }
  | { type: "sent"; message: QueuedMessage; ack: SendAck; uid: string }
  | { type: "pending"; pending: QueuedMessage[] }
  | { type: "read"; key: string; unread: number }
  | { type: "peerRead"; key: string; seq: number }
  | { type: "groupReads"; reads: Record<number, { read: number; total: number }> };

export const initialState: ChatState = {
  status: { kind: "connecting" },
  convs: {},
  timelines: {},
  pending: [],
  peerRead: {},
  groupNames: {},
  groupReads: {},
  active: null,
};

export function convKey(convType: ConvType, convId: string): string {
  return `${convType}:${convId}`;
}

export function parseKey(key: string): { convType: ConvType; convId: string } {
  const at = key.indexOf(":");
  return { convType: Number(key.slice(0, at)) as ConvType, convId: key.slice(at + 1) };
}

/** Adds messages to a timeline, keeping seq order and each seq once. */
function merge(into: ChatMessage[], add: ChatMessage[]): ChatMessage[] {
  const bySeq = new Map(into.map((m) => [m.seq, m]));
  for (const m of add) if (!bySeq.has(m.seq)) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function withMessage(state: ChatState, message: ChatMessage, own: boolean): ChatState {
  const key = convKey(message.convType, message.convId);
  const timeline = state.timelines[key];
  if (timeline?.messages.some((m) => m.seq === message.seq)) return state;
  const prev = state.convs[key];
  const merged = timeline
    ? { ...state.timelines, [key]: { ...timeline, messages: merge(timeline.messages, [message]) } }
    : state.timelines;
  if (prev && message.seq <= prev.lastSeq) return { ...state, timelines: merged };
  const counts = !own && state.active !== key;
  const summary: ConvSummary = {
    key,
    convType: message.convType,
    convId: message.convId,
    unread: (prev?.unread ?? 0) + (counts ? 1 : 0),
    lastText: message.content,
    lastAt: Math.max(prev?.lastAt ?? 0, message.sentAt),
    lastSeq: message.seq,
  };
  return { ...state, convs: { ...state.convs, [key]: summary }, timelines: merged };
}

export function reducer(state: ChatState, action: Action): ChatState {
  switch (action.type) {
    case "status":
      return { ...state, status: action.status };
    case "convs": {
      // A summary that already counted newer messages (arrived while the list was in flight) stays.
      const convs = { ...state.convs };
      for (const c of action.convs) if ((convs[c.key]?.lastSeq ?? -1) <= c.lastSeq) convs[c.key] = c;
      return { ...state, convs };
    }
    case "groups":
      return { ...state, groupNames: { ...state.groupNames, ...action.names } };
    case "open": {
      if (action.key === null || state.timelines[action.key]) return { ...state, active: action.key };
      const empty: Timeline = { messages: [], nextBeforeSeq: 0, hasMore: true, loading: false, loaded: false };
      return { ...state, active: action.key, timelines: { ...state.timelines, [action.key]: empty } };
    }
    case "historyLoading": {
      const timeline = state.timelines[action.key];
      if (!timeline) return state;
      return { ...state, timelines: { ...state.timelines, [action.key]: { ...timeline, loading: true } } };
    }
    case "historyFailed": {
      const timeline = state.timelines[action.key];
      if (!timeline) return state;
      return { ...state, timelines: { ...state.timelines, [action.key]: { ...timeline, loading: false } } };
    }
    case "history": {
      const timeline = state.timelines[action.key];
      if (!timeline) return state;
      // A page of the newest messages again (after a reconnect) must not reset how far back paging got.
      const older = !timeline.loaded || action.page.nextBeforeSeq < timeline.nextBeforeSeq;
      const next: Timeline = {
        messages: merge(timeline.messages, action.page.messages),
        nextBeforeSeq: older ? action.page.nextBeforeSeq : timeline.nextBeforeSeq,
        hasMore: older ? action.page.hasMore : timeline.hasMore,
        loading: false,
        loaded: true,
      };
      return { ...state, timelines: { ...state.timelines, [action.key]: next } };
    }
    case "message":
      return withMessage(state, action.message, action.own);
    case "sent": {
      if (action.ack.seq <= 0) return state;
      const { message, ack } = action;
      return withMessage(
        state,
        {
          msgId: ack.msgId,
          seq: ack.seq,
          convType: message.convType,
          convId: message.convId,
          fromUid: action.uid,
          toId: message.convId,
          clientMsgId: message.clientMsgId,
          contentType: message.contentType,
          content: message.content,
          sentAt: ack.sentAt,
        },
        true,
      );
    }
    case "pending":
      return { ...state, pending: action.pending };
    case "read": {
      const conv = state.convs[action.key];
      if (!conv) return state;
      return { ...state, convs: { ...state.convs, [action.key]: { ...conv, unread: action.unread } } };
    }
    case "groupReads":
      return { ...state, groupReads: { ...state.groupReads, ...action.reads } };
    case "peerRead":
      return {
        ...state,
        peerRead: { ...state.peerRead, [action.key]: Math.max(state.peerRead[action.key] ?? 0, action.seq) },
      };
  }
}

/** The name a conversation is shown under. */
export function title(state: ChatState, convType: ConvType, convId: string): string {
  if (convType === ConvType.GROUP) return state.groupNames[convId] ?? convId;
  return convId;
}
