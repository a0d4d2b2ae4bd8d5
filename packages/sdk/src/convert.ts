import type { im } from "@im/protocol";
import type { AuthInfo, C2SAck, ChatMessage, PullPage, SendAck } from "./types.ts";

// Wire bodies have every field optional (proto3); the SDK's types do not.

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
