import { type ArchivedMessage, MESSAGE_COLUMNS, type MessageRow, messageFromRow } from "../archive/message-archive.ts";
import type { Queryable } from "./queryable.ts";

/** One user as an operator investigates them: the row, inbox head, devices, newest conversations, latest inbox messages. */
export interface UserInvestigation {
  user: { id: string; name: string; avatar: string; createdAt: Date; bannedAt: Date | null };
  inboxHeadSeq: number;
  devices: {
    deviceId: string;
    deviceType: number;
    ackedSeq: number;
    hasPushToken: boolean;
    lastLoginAt: Date | null;
  }[];
  conversations: {
    convType: number;
    convId: string;
    lastSeq: number;
    lastAt: Date;
    readSeq: number;
    unread: number;
  }[];
  /** With content: the caller decides whether its reader may see it. */
  recentMessages: ArchivedMessage[];
}

/** undefined when there is no such user. */
export async function investigateUser(
  db: Queryable,
  uid: string,
  limits: { conversations: number; recentMessages: number },
): Promise<UserInvestigation | undefined> {
  const [user, head, devices, conversations, messages] = await Promise.all([
    db.query<{ id: string; name: string; avatar: string; created_at: Date; banned_at: Date | null }>(
      "SELECT id, name, avatar, created_at, banned_at FROM users WHERE id = $1",
      [uid],
    ),
    db.query<{ last_seq: string }>("SELECT last_seq FROM user_seqs WHERE owner_id = $1", [uid]),
    db.query<{
      device_id: string;
      device_type: number;
      acked_seq: string;
      has_push_token: boolean;
      last_login_at: Date | null;
    }>(
      `SELECT device_id, device_type, acked_seq, push_token IS NOT NULL AS has_push_token, last_login_at
       FROM devices WHERE uid = $1 ORDER BY last_login_at DESC NULLS LAST, device_id`,
      [uid],
    ),
    db.query<{
      conv_type: number;
      conv_id: string;
      last_seq: string;
      last_at: Date;
      read_seq: string;
      unread: number;
    }>(
      `SELECT conv_type, conv_id, last_seq, last_at, read_seq, unread FROM conversations
       WHERE owner_id = $1 ORDER BY last_at DESC, conv_type, conv_id LIMIT $2`,
      [uid, limits.conversations],
    ),
    db.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM inbox i JOIN messages m ON m.id = i.message_id
       WHERE i.owner_id = $1 ORDER BY i.seq DESC LIMIT $2`,
      [uid, limits.recentMessages],
    ),
  ]);
  const row = user.rows[0];
  if (!row) return undefined;
  return {
    user: { id: row.id, name: row.name, avatar: row.avatar, createdAt: row.created_at, bannedAt: row.banned_at },
    inboxHeadSeq: Number(head.rows[0]?.last_seq ?? 0),
    devices: devices.rows.map((d) => ({
      deviceId: d.device_id,
      deviceType: d.device_type,
      ackedSeq: Number(d.acked_seq),
      hasPushToken: d.has_push_token,
      lastLoginAt: d.last_login_at,
    })),
    conversations: conversations.rows.map((c) => ({
      convType: c.conv_type,
      convId: c.conv_id,
      lastSeq: Number(c.last_seq),
      lastAt: c.last_at,
      readSeq: Number(c.read_seq),
      unread: c.unread,
    })),
    recentMessages: messages.rows.map((m) => messageFromRow(m, true)),
  };
}
