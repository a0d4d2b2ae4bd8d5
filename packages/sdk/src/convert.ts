import type { im } from "@im/protocol";
import type { ConvSyncEvent, CtrlEvent, KickoutEvent, ReadReceiptEvent } from "./client-events.ts";
import {
  type AuthInfo,
  type C2SAck,
  type ChatMessage,
  type Conversation,
  type ConversationPage,
  type ConvType,
  CtrlType,
  type Group,
  type GroupMember,
  type GroupReadCount,
  type GroupRequest,
  type GroupResult,
  type GroupRole,
  KickReason,
  type OrgTree,
  type PullPage,
  type ReadState,
  type SendAck,
} from "./types.ts";

// Wire bodies have every field optional (proto3); the SDK's types do not.
// Everything the client hands to an application passes through here, so no
// protobuf object (or its optional fields) reaches application code.

export function toAuthInfo(b: im.IAuthResp): AuthInfo {
  return {
    uid: b.uid ?? "",
    sessionId: b.sessionId ?? "",
    maxSeq: b.maxSeq ?? 0,
    ackedSeq: b.ackedSeq ?? 0,
    heartbeatMs: b.heartbeatMs ?? 0,
    serverTime: b.serverTime ?? 0,
  };
}

export function toChatMessage(m: im.IMessage): ChatMessage {
  return {
    msgId: m.msgId ?? 0,
    seq: m.seq ?? 0,
    convType: m.convType ?? 0,
    convId: m.convId ?? "",
    fromUid: m.fromUid ?? "",
    toId: m.toId ?? "",
    clientMsgId: m.clientMsgId ?? "",
    contentType: m.contentType ?? 0,
    content: m.content ?? "",
    sentAt: m.sentAt ?? 0,
  };
}

export function toSendAck(b: im.ISendAck): SendAck {
  return {
    msgId: b.msgId ?? 0,
    seq: b.seq ?? 0,
    sentAt: b.sentAt ?? 0,
    clientMsgId: b.clientMsgId ?? "",
    duplicate: b.duplicate ?? false,
  };
}

export function toC2SAck(b: im.IC2SSendAck): C2SAck {
  return { eventId: b.eventId ?? "", clientMsgId: b.clientMsgId ?? "", duplicate: b.duplicate ?? false };
}

export function toPullPage(b: im.IPullResp): PullPage {
  const messages = (b.messages ?? []).map(toChatMessage).sort((a, c) => a.seq - c.seq);
  return { messages, hasMore: b.hasMore ?? false, maxSeq: b.maxSeq ?? 0 };
}

export function toGroupReq(r: GroupRequest): im.IGroupReq {
  return {
    op: r.op,
    groupId: r.groupId ?? "",
    name: r.name ?? "",
    text: r.text ?? "",
    uids: r.uids ?? [],
    role: r.role ?? 0,
    mutedUntil: r.mutedUntil ?? 0,
    muted: r.muted ?? false,
  };
}

function toGroup(g: im.IGroup): Group {
  return {
    id: g.id ?? "",
    name: g.name ?? "",
    ownerUid: g.ownerUid ?? "",
    announcement: g.announcement ?? "",
    mutedAll: g.mutedAll ?? false,
    createdAt: g.createdAt ?? 0,
  };
}

function toGroupMember(m: im.IGroupMember): GroupMember {
  return {
    uid: m.uid ?? "",
    role: (m.role ?? 0) as GroupRole,
    mutedUntil: m.mutedUntil ?? 0,
    joinedAt: m.joinedAt ?? 0,
  };
}

export function toGroupResult(b: im.IGroupResp): GroupResult {
  return {
    group: b.group ? toGroup(b.group) : undefined,
    members: (b.members ?? []).map(toGroupMember),
    groups: (b.groups ?? []).map(toGroup),
  };
}

function toConversation(c: im.IConversation): Conversation {
  return {
    convType: (c.convType ?? 0) as ConvType,
    convId: c.convId ?? "",
    lastSeq: c.lastSeq ?? 0,
    lastMsgId: c.lastMsgId ?? 0,
    lastAt: c.lastAt ?? 0,
    readSeq: c.readSeq ?? 0,
    unread: c.unread ?? 0,
    lastMessage: c.lastMessage ? toChatMessage(c.lastMessage) : undefined,
  };
}

export function toConversationPage(b: im.IConvListResp): ConversationPage {
  return { conversations: (b.conversations ?? []).map(toConversation), nextCursor: b.nextCursor ?? "" };
}

export function toReadState(b: im.IConvReadResp): ReadState {
  return { readSeq: b.readSeq ?? 0, unread: b.unread ?? 0 };
}

export function toGroupReadCount(b: im.IGroupReadCountResp): GroupReadCount {
  return { read: b.read ?? 0, total: b.total ?? 0 };
}

export function toOrgTree(b: im.IOrgTreeResp): OrgTree {
  return {
    units: (b.units ?? []).map((u) => ({
      id: u.id ?? "",
      parentId: u.parentId ?? "",
      name: u.name ?? "",
      depth: u.depth ?? 0,
      sort: u.sort ?? 0,
    })),
    members: (b.members ?? []).map((m) => ({ unitId: m.unitId ?? "", uid: m.uid ?? "", title: m.title ?? "" })),
  };
}

export function toConvSyncEvent(b: im.IConvSync): ConvSyncEvent {
  return {
    convType: (b.convType ?? 0) as ConvType,
    convId: b.convId ?? "",
    readSeq: Number(b.readSeq ?? 0),
    unread: b.unread ?? 0,
  };
}

export function toReadReceiptEvent(b: im.IReadReceipt): ReadReceiptEvent {
  return {
    convType: (b.convType ?? 0) as ConvType,
    convId: b.convId ?? "",
    readerUid: b.readerUid ?? "",
    seq: Number(b.seq ?? 0),
    msgId: Number(b.msgId ?? 0),
  };
}

export function toKickoutEvent(b: im.IKickout): KickoutEvent {
  return { reason: b.reason ?? KickReason.KICK_UNSPECIFIED, message: b.message ?? "" };
}

export function toCtrlEvent(b: im.ICtrl): CtrlEvent {
  return {
    type: b.type ?? CtrlType.TYPE_UNSPECIFIED,
    endpoints: b.endpoints ?? [],
    delayMs: b.delayMs ?? 0,
    config: { ...(b.config ?? {}) },
  };
}
