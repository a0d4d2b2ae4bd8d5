import { im } from "@im/protocol";

/** Device types; numbers match proto DeviceType. */
export const DeviceType = im.DeviceType;
export type DeviceType = im.DeviceType;
/** Conversation types; numbers match proto ConvType. */
export const ConvType = im.ConvType;
export type ConvType = im.ConvType;
/** Why the server kicked a session; numbers match proto KickReason. */
export const KickReason = im.KickReason;
export type KickReason = im.KickReason;
/** PEM certificate authorities: text, or its bytes (a Node Buffer is a Uint8Array). */
export type PemData = string | Uint8Array | (string | Uint8Array)[];

/** GroupReq.op: what ImClient.group() does. */
export const GroupOp = im.GroupReq.Op;
export type GroupOp = im.GroupReq.Op;

/** Server control frame types; numbers match proto Ctrl.Type. */
export const CtrlType = im.Ctrl.Type;
export type CtrlType = im.Ctrl.Type;

/** Content type 1 is plain text by convention; other numbers are up to the application. */
export const CONTENT_TYPE_TEXT = 1;

/**
 * A server to connect to. A WebSocket URL carries one frame per binary message;
 * `tls` on TCP means TLS with the server's certificate verified (wss:// for WebSocket).
 */
export type Endpoint =
  | { transport: "tcp"; host: string; port: number; tls?: boolean }
  | { transport: "ws"; url: string };

/** What the server told the client when the session was authenticated. */
export interface AuthInfo {
  uid: string;
  sessionId: string;
  /** The user's newest inbox seq when the session started. */
  maxSeq: number;
  /** This device's sync cursor as the server last recorded it. */
  ackedSeq: number;
  /** How often the server expects a heartbeat, in ms (0 when it did not say). */
  heartbeatMs: number;
  /** Server clock (ms since epoch) at authentication. */
  serverTime: number;
}

/** One message of the user's inbox timeline. */
export interface ChatMessage {
  /** Server message id, the same in every inbox. */
  msgId: number;
  /** Seq in this user's inbox: gap-free and strictly increasing. */
  seq: number;
  convType: ConvType;
  /** From this user's point of view: the peer uid, the group id, or the business line id. */
  convId: string;
  fromUid: string;
  /** Receiver uid (c2c) or group id. */
  toId: string;
  clientMsgId: string;
  contentType: number;
  content: string;
  /** ms since epoch of the server's durable commit. */
  sentAt: number;
}

/** The server's answer to a c2c or group send. */
export interface SendAck {
  msgId: number;
  /** Seq of the message in the sender's own inbox (0 if the server does not keep one). */
  seq: number;
  sentAt: number;
  clientMsgId: string;
  /** True when the server had already stored this clientMsgId (a retry). */
  duplicate: boolean;
}

/** The server's answer to a send to a business line (c2s). */
export interface C2SAck {
  eventId: string;
  clientMsgId: string;
  duplicate: boolean;
}

export interface PullPage {
  messages: ChatMessage[];
  hasMore: boolean;
  /** The user's newest inbox seq at the time of the read. */
  maxSeq: number;
}

/** One page of a conversation's history (ImClient.history). */
export interface HistoryPage {
  /** Oldest first. */
  messages: ChatMessage[];
  /** False once the start of the inbox was reached. */
  hasMore: boolean;
  /** Pass as beforeSeq to read the next older page. */
  nextBeforeSeq: number;
}

export interface SendC2COptions {
  toUid: string;
  content: string;
  /** Defaults to CONTENT_TYPE_TEXT. */
  contentType?: number;
  /** Unique per sender; generated when omitted. Retries reuse it so the server stores the message once. */
  clientMsgId?: string;
}

export interface SendGroupOptions {
  groupId: string;
  content: string;
  contentType?: number;
  clientMsgId?: string;
}

export interface SendC2SOptions {
  businessId: string;
  content: string;
  contentType?: number;
  clientMsgId?: string;
}

/** A group as the server describes it. */
export interface Group {
  id: string;
  name: string;
  ownerUid: string;
  announcement: string;
  mutedAll: boolean;
  /** ms since epoch. */
  createdAt: number;
}

/** Group roles; numbers match GroupMember.role. */
export const GroupRole = { MEMBER: 0, ADMIN: 1, OWNER: 2 } as const;
export type GroupRole = (typeof GroupRole)[keyof typeof GroupRole];

export interface GroupMember {
  uid: string;
  role: GroupRole;
  /** ms since epoch until which the member may not post; 0 = not muted. */
  mutedUntil: number;
  joinedAt: number;
}

/** One group operation (ImClient.group); which fields an op reads is listed in proto/README.md under GroupReq. */
export interface GroupRequest {
  op: GroupOp;
  groupId?: string;
  name?: string;
  text?: string;
  uids?: string[];
  role?: GroupRole;
  mutedUntil?: number;
  muted?: boolean;
}

/** The answer to a group operation: `group` (and `members`) for CREATE and GET, `groups` for LIST_MINE. */
export interface GroupResult {
  group: Group | undefined;
  members: GroupMember[];
  groups: Group[];
}

/** One entry of the conversation list, from this user's point of view. */
export interface Conversation {
  convType: ConvType;
  /** The peer uid, the group id, or the business line id. */
  convId: string;
  /** This user's inbox seq of the newest message. */
  lastSeq: number;
  lastMsgId: number;
  /** ms since epoch of the newest message. */
  lastAt: number;
  /** Read up to this inbox seq. */
  readSeq: number;
  unread: number;
  lastMessage: ChatMessage | undefined;
}

/** One page of the conversation list, newest activity first. */
export interface ConversationPage {
  conversations: Conversation[];
  /** Pass as `cursor` for the next (older) page; empty when there is none. */
  nextCursor: string;
}

/** A conversation's read position after markRead. */
export interface ReadState {
  readSeq: number;
  unread: number;
}

/** How many members (besides the sender) read a group message, of how many. */
export interface GroupReadCount {
  read: number;
  total: number;
}

export interface OrgUnit {
  id: string;
  /** Empty for a root. */
  parentId: string;
  name: string;
  depth: number;
  sort: number;
}

export interface OrgMember {
  unitId: string;
  uid: string;
  title: string;
}

export interface OrgTree {
  units: OrgUnit[];
  /** Empty unless asked for with `withMembers`. */
  members: OrgMember[];
}
