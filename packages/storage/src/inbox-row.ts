import type { ConvType, InboxMessage } from "@im/core";

/** The columns of an inbox entry joined with its message, as every read selects them. */
export interface InboxMessageRow {
  seq: number | string;
  conv_type: number;
  conv_id: string;
  message_id: number | string;
  sender_id: string;
  target_id: string;
  client_msg_id: string;
  content_type: number;
  content: string;
  created_at: Date;
}

export function inboxMessageFromRow(r: InboxMessageRow): InboxMessage {
  return {
    msgId: Number(r.message_id),
    seq: Number(r.seq),
    convType: r.conv_type as ConvType,
    convId: r.conv_id,
    fromUid: r.sender_id,
    toId: r.target_id,
    clientMsgId: r.client_msg_id,
    contentType: r.content_type,
    content: r.content,
    sentAt: r.created_at.getTime(),
  };
}
