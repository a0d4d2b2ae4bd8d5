import { ImError } from "@im/core";
import type pg from "pg";
import { likePattern } from "../like-pattern.ts";

/** What the archive list, search and export filter by; all optional, combined with AND. */
export interface ArchiveFilter {
  /** Sent by this user (or business line). */
  uid?: string;
  /** With convId: c2c = messages to or from that uid, group = to that group, system = from that business line. */
  convType?: number;
  convId?: string;
  /** ms since epoch, half-open [from, to). */
  from?: number;
  to?: number;
  /** Case-insensitive substring of the content. */
  q?: string;
  /** Only messages with a smaller id (keyset paging, newest first). */
  before?: number;
}

export interface DeliverySummary {
  /** Inbox entries other than the sender's own. */
  recipients: number;
  /** Of those, acknowledged by at least one device of the recipient. */
  delivered: number;
  /** Of those, with the recipient's conversation read position at or past the entry. */
  read: number;
}

export interface ArchivedMessage {
  msgId: number;
  convType: number;
  senderId: string;
  targetId: string;
  /** The conversation as the sender sees it: the peer (c2c), the group, the business line (system). */
  convId: string;
  clientMsgId: string;
  contentType: number;
  /** null when the operator may not read message content. */
  content: string | null;
  createdAt: number;
}

export interface MessageRow {
  id: string | number;
  conv_type: number;
  sender_id: string;
  target_id: string;
  client_msg_id: string;
  content_type: number;
  content: string;
  created_at: Date;
}

export const MESSAGE_COLUMNS =
  "m.id, m.conv_type, m.sender_id, m.target_id, m.client_msg_id, m.content_type, m.content, m.created_at";

export function messageFromRow(r: MessageRow, withContent: boolean): ArchivedMessage {
  return {
    msgId: Number(r.id),
    convType: r.conv_type,
    senderId: r.sender_id,
    targetId: r.target_id,
    convId: r.target_id,
    clientMsgId: r.client_msg_id,
    contentType: r.content_type,
    content: withContent ? r.content : null,
    createdAt: r.created_at.getTime(),
  };
}

/** The WHERE clause (over `messages m`) and its parameters for a filter; `params` is appended to. */
export function archiveWhere(filter: ArchiveFilter, params: unknown[]): string {
  if ((filter.convType === undefined) !== (filter.convId === undefined))
    throw new ImError("INVALID_ARGUMENT", "convType and convId go together");
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (filter.uid !== undefined) where.push(`m.sender_id = ${param(filter.uid)}`);
  if (filter.convType !== undefined && filter.convId !== undefined) {
    where.push(`m.conv_type = ${param(filter.convType)}`);
    const id = param(filter.convId);
    if (filter.convType === 1) where.push(`(m.sender_id = ${id} OR m.target_id = ${id})`);
    else if (filter.convType === 2) where.push(`m.target_id = ${id}`);
    else where.push(`m.sender_id = ${id}`);
  }
  if (filter.from !== undefined) where.push(`m.created_at >= ${param(new Date(filter.from))}`);
  if (filter.to !== undefined) where.push(`m.created_at < ${param(new Date(filter.to))}`);
  // ILIKE with a pattern of three or more characters is answered by the trigram index.
  if (filter.q !== undefined) where.push(`m.content ILIKE ${param(likePattern(filter.q))}`);
  if (filter.before !== undefined) where.push(`m.id < ${param(filter.before)}`);
  return where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
}

// hot path: npm run bench -- console (the /messages page): pg_trgm search and keyset paging stay hand-written SQL.
/** One page of the archive, newest first; `nextBefore` is the last id when more may follow. */
export async function listArchive(
  db: Pick<pg.Pool, "query">,
  filter: ArchiveFilter,
  limit: number,
  withContent: boolean,
): Promise<{ messages: ArchivedMessage[]; nextBefore: number | null }> {
  const params: unknown[] = [];
  const where = archiveWhere(filter, params);
  params.push(limit + 1);
  // Walking the primary key from the newest message pays off unless the window ends well in the past: then
  // it would step over every newer row first (seconds on a million rows), so the planner is made to pick the
  // matching rows by the other conditions and sort them (the order is the same either way).
  const endsInPast = filter.to !== undefined && filter.to < Date.now() - 60 * 60 * 1000;
  const order = endsInPast ? "m.id + 0" : "m.id";
  const { rows } = await db.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages m ${where} ORDER BY ${order} DESC LIMIT $${params.length}`,
    params,
  );
  const messages = rows.slice(0, limit).map((r) => messageFromRow(r, withContent));
  return { messages, nextBefore: rows.length > limit ? (messages.at(-1)?.msgId ?? null) : null };
}

/** Delivery counts per message id (ids without recipients are absent). */
export async function deliverySummaries(
  db: Pick<pg.Pool, "query">,
  msgIds: readonly number[],
): Promise<Map<number, DeliverySummary>> {
  const summaries = new Map<number, DeliverySummary>();
  if (msgIds.length === 0) return summaries;
  const { rows } = await db.query<{ message_id: string; recipients: number; delivered: number; read: number }>(
    `SELECT i.message_id, count(*)::int AS recipients, count(i.delivered_at)::int AS delivered,
            count(*) FILTER (WHERE c.read_seq >= i.seq)::int AS read
     FROM inbox i
     LEFT JOIN conversations c ON c.owner_id = i.owner_id AND c.conv_type = i.conv_type AND c.conv_id = i.conv_id
     WHERE i.message_id = ANY($1::bigint[]) AND i.owner_id <> i.sender_id
     GROUP BY i.message_id`,
    [msgIds],
  );
  for (const r of rows)
    summaries.set(Number(r.message_id), { recipients: r.recipients, delivered: r.delivered, read: r.read });
  return summaries;
}

export const NO_RECIPIENTS: DeliverySummary = { recipients: 0, delivered: 0, read: 0 };

export interface RecipientState {
  uid: string;
  /** The recipient's inbox seq of the message. */
  seq: number;
  deliveredAt: number | null;
  /** The recipient's conversation read position is at or past this message. */
  read: boolean;
}

/** Per-recipient state of each message, at most `perMessage` recipients each (by uid). */
export async function recipientStates(
  db: Pick<pg.Pool, "query">,
  msgIds: readonly number[],
  perMessage: number,
): Promise<Map<number, RecipientState[]>> {
  const states = new Map<number, RecipientState[]>();
  if (msgIds.length === 0) return states;
  const { rows } = await db.query<{
    message_id: string;
    owner_id: string;
    seq: string;
    delivered_at: Date | null;
    read: boolean;
  }>(
    `SELECT m.id AS message_id, r.owner_id, r.seq, r.delivered_at, r.read
     FROM unnest($1::bigint[]) AS m(id)
     CROSS JOIN LATERAL (
       SELECT i.owner_id, i.seq, i.delivered_at, coalesce(c.read_seq >= i.seq, false) AS read
       FROM inbox i
       LEFT JOIN conversations c ON c.owner_id = i.owner_id AND c.conv_type = i.conv_type AND c.conv_id = i.conv_id
       WHERE i.message_id = m.id AND i.owner_id <> i.sender_id
       ORDER BY i.owner_id LIMIT $2
     ) r`,
    [msgIds, perMessage],
  );
  for (const r of rows) {
    const id = Number(r.message_id);
    const list = states.get(id) ?? [];
    states.set(id, list);
    list.push({
      uid: r.owner_id,
      seq: Number(r.seq),
      deliveredAt: r.delivered_at?.getTime() ?? null,
      read: r.read,
    });
  }
  return states;
}

export interface TranscriptQuery {
  convType: number;
  convId: string;
  /** Whose view: required for c2c (convId is then the peer) and system; optional for a group. */
  uid?: string;
  before?: number;
  limit: number;
}

/**
 * One transcript page, newest last. Through `uid`'s inbox when given (the
 * cursor is that user's inbox seq), otherwise a group's messages by id (the
 * cursor is a message id).
 */
export async function transcriptPage(
  db: Pick<pg.Pool, "query">,
  query: TranscriptQuery,
  withContent: boolean,
): Promise<{ messages: ArchivedMessage[]; nextBefore: number | null }> {
  const { convType, convId, uid, before, limit } = query;
  if (uid !== undefined) {
    const { rows } = await db.query<MessageRow & { seq: string }>(
      `SELECT i.seq, ${MESSAGE_COLUMNS}
       FROM inbox i JOIN messages m ON m.id = i.message_id
       WHERE i.owner_id = $1 AND i.conv_type = $2 AND i.conv_id = $3 AND ($4::bigint IS NULL OR i.seq < $4)
       ORDER BY i.seq DESC LIMIT $5`,
      [uid, convType, convId, before ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const nextBefore = rows.length > limit ? Number(page.at(-1)?.seq) : null;
    return { messages: page.reverse().map((r) => messageFromRow(r, withContent)), nextBefore };
  }
  if (convType !== 2) throw new ImError("INVALID_ARGUMENT", "uid is required for c2c and system conversations");
  const { rows } = await db.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages m
     WHERE m.target_id = $1 AND m.conv_type = 2 AND ($2::bigint IS NULL OR m.id < $2)
     ORDER BY m.id DESC LIMIT $3`,
    [convId, before ?? null, limit + 1],
  );
  const page = rows.slice(0, limit);
  const nextBefore = rows.length > limit ? Number(page.at(-1)?.id) : null;
  return { messages: page.reverse().map((r) => messageFromRow(r, withContent)), nextBefore };
}

/** Reads a filter's matches newest first in keyset batches, so an export never holds more than one batch. */
// hot path: keyset export in batches over the whole archive (same index as the /messages page of npm run bench -- console).
export async function* archiveBatches(
  db: Pick<pg.Pool, "query">,
  filter: ArchiveFilter,
  batchSize: number,
  withContent: boolean,
): AsyncGenerator<ArchivedMessage[]> {
  let before = filter.before;
  for (;;) {
    const { messages, nextBefore } = await listArchive(db, { ...filter, before }, batchSize, withContent);
    if (messages.length > 0) yield messages;
    if (nextBefore === null) return;
    before = nextBefore;
  }
}
