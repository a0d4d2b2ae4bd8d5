import { ConvType, type InboxMessage } from "@im/core";
import type pg from "pg";
import { type InboxMessageRow, inboxMessageFromRow } from "./inbox-row.ts";

/** Reads of stored messages the business API needs beyond MessageStore. */
export class MessageRepository {
  constructor(private readonly pool: pg.Pool) {}

  /** The receivers of a system message the business line sent (undefined when it sent no such message). */
  async receiversOf(businessId: string, msgId: number): Promise<{ uid: string; seq: number }[] | undefined> {
    const { rows } = await this.pool.query<{ owner_id: string | null; seq: number | string | null }>(
      `SELECT i.owner_id, i.seq FROM messages m
         LEFT JOIN inbox i ON i.message_id = m.id
        WHERE m.id = $1 AND m.sender_id = $2 AND m.conv_type = $3
        ORDER BY i.owner_id`,
      [msgId, businessId, ConvType.SYSTEM],
    );
    if (rows.length === 0) return undefined;
    return rows.filter((r) => r.owner_id !== null).map((r) => ({ uid: r.owner_id as string, seq: Number(r.seq) }));
  }

  /** One conversation of one user's inbox: entries with seq > afterSeq, oldest first. */
  async history(
    ownerUid: string,
    convType: ConvType,
    convId: string,
    afterSeq: number,
    limit: number,
  ): Promise<{ messages: InboxMessage[]; hasMore: boolean }> {
    const { rows } = await this.pool.query<InboxMessageRow>(
      `SELECT i.seq, i.conv_type, i.conv_id, i.message_id, m.sender_id, m.target_id, m.client_msg_id,
              m.content_type, m.content, m.created_at
         FROM inbox i JOIN messages m ON m.id = i.message_id
        WHERE i.owner_id = $1 AND i.conv_type = $2 AND i.conv_id = $3 AND i.seq > $4
        ORDER BY i.seq LIMIT $5`,
      [ownerUid, convType, convId, afterSeq, limit + 1],
    );
    const messages = rows.slice(0, limit).map(inboxMessageFromRow);
    return { messages, hasMore: rows.length > limit };
  }
}
