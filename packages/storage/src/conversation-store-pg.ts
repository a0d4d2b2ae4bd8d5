import {
  type Conversation,
  type ConversationPage,
  type ConversationStore,
  ConvType,
  checkIdentifier,
  checkSeq,
  conversationPageLimit,
  decodeConversationCursor,
  encodeConversationCursor,
  type GroupReadCount,
  ImError,
  isConvType,
  type ListConversationsOptions,
  type MarkReadResult,
} from "@im/core";
import type pg from "pg";
import { type InboxMessageRow, inboxMessageFromRow } from "./inbox-row.ts";
import { StorePool } from "./pg-query.ts";

export interface PgConversationStoreOptions {
  /** The causes behind UNAVAILABLE errors. */
  onError?: (err: unknown) => void;
}

/** bigint columns: numbers on pools made by createDb (pgTypes), strings on others. */
type Int8 = number | string;

interface ConversationRow {
  conv_type: number;
  conv_id: string;
  last_seq: Int8;
  last_msg_id: Int8;
  last_at: Date;
  read_seq: Int8;
  unread: number;
  /** The last message, null when the inbox no longer holds it. */
  message_id: Int8 | null;
  sender_id: string | null;
  target_id: string | null;
  client_msg_id: string | null;
  content_type: number | null;
  content: string | null;
  created_at: Date | null;
}

// The conversation row with its last message: the inbox entry at last_seq and the message it references.
const WITH_LAST_MESSAGE = `
  SELECT c.conv_type, c.conv_id, c.last_seq, c.last_msg_id, c.last_at, c.read_seq, c.unread,
         i.message_id, m.sender_id, m.target_id, m.client_msg_id, m.content_type, m.content, m.created_at
    FROM c
    LEFT JOIN inbox i ON i.owner_id = $1 AND i.seq = c.last_seq
    LEFT JOIN messages m ON m.id = i.message_id
   ORDER BY c.last_at DESC, c.last_seq DESC`;

// Pages walk the (owner_id, last_at) index backwards; last_seq breaks ties
// (unique per owner). The page is cut before the joins: two index probes per row.
// Keyset paging never repeats a row as long as a row's (last_at, last_seq) only
// grows, which asks the writer to keep last_at from moving back.
const LIST_FIRST = {
  name: "im_conv_list_first",
  text: `WITH c AS (
           SELECT * FROM conversations WHERE owner_id = $1
            ORDER BY last_at DESC, last_seq DESC LIMIT $2
         ) ${WITH_LAST_MESSAGE}`,
};
const LIST_AFTER = {
  name: "im_conv_list_after",
  text: `WITH c AS (
           SELECT * FROM conversations
            WHERE owner_id = $1 AND last_at <= $3 AND (last_at < $3 OR last_seq < $4)
            ORDER BY last_at DESC, last_seq DESC LIMIT $2
         ) ${WITH_LAST_MESSAGE}`,
};
const GET = {
  name: "im_conv_get",
  text: `WITH c AS (
           SELECT * FROM conversations WHERE owner_id = $1 AND conv_type = $2 AND conv_id = $3
         ) ${WITH_LAST_MESSAGE}`,
};
// Waits for an append holding the row (it locks conversation rows before it
// commits), then returns the row as that append left it.
const LOCK = {
  name: "im_conv_lock",
  text: `SELECT last_seq, read_seq, unread FROM conversations
          WHERE owner_id = $1 AND conv_type = $2 AND conv_id = $3 FOR UPDATE`,
};
// A statement of its own, started after LOCK returned, so its snapshot holds
// every entry committed before the lock was ours; later appends to this
// conversation wait for our commit and then add their entries to unread.
const SET_READ = {
  name: "im_conv_set_read",
  text: `UPDATE conversations SET read_seq = $4, unread = (
           SELECT count(*) FROM inbox
            WHERE owner_id = $1 AND conv_type = $2 AND conv_id = $3 AND seq > $4 AND sender_id <> $1)
          WHERE owner_id = $1 AND conv_type = $2 AND conv_id = $3
          RETURNING unread`,
};
// The newest entry of the conversation at or below the read position, and the
// peer's own entry of the same message ($5 is null outside c2c).
const COVERED = {
  name: "im_conv_covered",
  text: `SELECT i.message_id, p.seq AS peer_seq
           FROM inbox i
           LEFT JOIN inbox p ON p.message_id = i.message_id AND p.owner_id = $5
          WHERE i.owner_id = $1 AND i.conv_type = $2 AND i.conv_id = $3 AND i.seq <= $4
          ORDER BY i.seq DESC LIMIT 1`,
};
// Found through inbox(message_id); each member's own conversation row holds its read position.
const GROUP_READ_COUNT = {
  name: "im_conv_group_read_count",
  text: `SELECT count(r.owner_id)::int AS total,
                count(r.owner_id) FILTER (WHERE r.read_seq >= r.seq)::int AS read
           FROM messages m
           LEFT JOIN LATERAL (
             SELECT i.owner_id, i.seq, c.read_seq
               FROM inbox i
               LEFT JOIN conversations c
                      ON c.owner_id = i.owner_id AND c.conv_type = i.conv_type AND c.conv_id = i.conv_id
              WHERE i.message_id = m.id AND i.conv_type = $3 AND i.conv_id = $1 AND i.owner_id <> m.sender_id
           ) r ON true
          WHERE m.id = $2 AND m.conv_type = $3 AND m.target_id = $1
          GROUP BY m.id`,
};

// hot path: npm run bench -- c2c: conversations are written with every stored batch; reads and mark-read share its rows and locks.
/** ConversationStore on PostgreSQL (the conversations table the message store maintains). */
export class PgConversationStore implements ConversationStore {
  private readonly db: StorePool;

  constructor(pool: pg.Pool, opts: PgConversationStoreOptions = {}) {
    this.db = new StorePool(pool, { what: "conversation storage", onError: opts.onError });
  }

  async list(ownerUid: string, opts: ListConversationsOptions): Promise<ConversationPage> {
    checkIdentifier("ownerUid", ownerUid);
    const limit = conversationPageLimit(opts.limit);
    const after = opts.cursor === undefined ? undefined : decodeConversationCursor(opts.cursor);
    // One row more than asked tells whether an older page exists.
    const { rows } = after
      ? await this.db.query<ConversationRow>(LIST_AFTER, [
          ownerUid,
          limit + 1,
          new Date(after.lastAt).toISOString(),
          after.lastSeq,
        ])
      : await this.db.query<ConversationRow>(LIST_FIRST, [ownerUid, limit + 1]);
    const conversations = rows.slice(0, limit).map((r) => toConversation(r));
    const last = conversations.at(-1);
    return rows.length > limit && last
      ? { conversations, nextCursor: encodeConversationCursor(last) }
      : { conversations };
  }

  async get(ownerUid: string, convType: ConvType, convId: string): Promise<Conversation | undefined> {
    checkConversation(ownerUid, convType, convId);
    const { rows } = await this.db.query<ConversationRow>(GET, [ownerUid, convType, convId]);
    return rows[0] && toConversation(rows[0]);
  }

  async markRead(ownerUid: string, convType: ConvType, convId: string, readSeq: number): Promise<MarkReadResult> {
    checkConversation(ownerUid, convType, convId);
    checkSeq("readSeq", readSeq);
    const peerUid = convType === ConvType.C2C ? convId : null;
    // Read committed: each statement sees what committed before it started (see SET_READ).
    return this.db.transaction(
      async (client) => {
        const { rows } = await client.query<{ last_seq: Int8; read_seq: Int8; unread: number }>({
          ...LOCK,
          values: [ownerUid, convType, convId],
        });
        const row = rows[0];
        if (!row) throw new ImError("NOT_FOUND", "no such conversation");
        const lastSeq = Number(row.last_seq);
        const current = Number(row.read_seq);
        const target = Math.min(readSeq, lastSeq);
        const changed = target > current;
        let unread = row.unread;
        if (changed) {
          const { rows: updated } = await client.query<{ unread: number }>({
            ...SET_READ,
            values: [ownerUid, convType, convId, target],
          });
          unread = updated[0]?.unread ?? 0;
        }
        const position = changed ? target : current;
        const { rows: covered } = await client.query<{ message_id: Int8; peer_seq: Int8 | null }>({
          ...COVERED,
          values: [ownerUid, convType, convId, position, peerUid],
        });
        const last = covered[0];
        const result: MarkReadResult = {
          readSeq: position,
          unread,
          changed,
          lastReadMsgId: Number(last?.message_id ?? 0),
        };
        if (peerUid !== null && last && last.peer_seq !== null)
          result.peer = { uid: peerUid, seq: Number(last.peer_seq) };
        return result;
      },
      { isolation: "READ COMMITTED", rerunnable: true },
    );
  }

  async groupReadCount(groupId: string, msgId: number): Promise<GroupReadCount> {
    checkIdentifier("groupId", groupId);
    checkMsgId(msgId);
    const { rows } = await this.db.query<{ total: number; read: number }>(GROUP_READ_COUNT, [
      groupId,
      msgId,
      ConvType.GROUP,
    ]);
    const row = rows[0];
    if (!row) throw new ImError("NOT_FOUND", "no such message in this group");
    return { read: row.read, total: row.total };
  }
}

/** INVALID_ARGUMENT unless the arguments can name a conversation. */
export function checkConversation(ownerUid: string, convType: ConvType, convId: string): void {
  checkIdentifier("ownerUid", ownerUid);
  if (!isConvType(convType)) throw new ImError("INVALID_ARGUMENT", "convType must be C2C, GROUP or SYSTEM");
  checkIdentifier("convId", convId);
}

export function checkMsgId(msgId: number): void {
  if (!Number.isSafeInteger(msgId) || msgId < 1)
    throw new ImError("INVALID_ARGUMENT", "msgId must be a positive integer");
}

function toConversation(r: ConversationRow): Conversation {
  const conversation: Conversation = {
    convType: r.conv_type as ConvType,
    convId: r.conv_id,
    lastSeq: Number(r.last_seq),
    lastMsgId: Number(r.last_msg_id),
    lastAt: r.last_at.getTime(),
    readSeq: Number(r.read_seq),
    unread: r.unread,
  };
  if (r.message_id !== null && r.created_at !== null)
    conversation.lastMessage = inboxMessageFromRow({ ...r, seq: r.last_seq } as InboxMessageRow);
  return conversation;
}
