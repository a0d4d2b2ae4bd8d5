import type pg from "pg";

/** One inbox entry as the conversation list sees it. */
export interface ConversationEntry {
  owner: string;
  convType: number;
  convId: string;
  seq: number;
  msgId: number;
  senderId: string;
}

// Rows are locked in (owner, type, id) order, like user_seqs, so concurrent
// batches cannot deadlock on them. Own messages never count as unread.
// hot path: npm run bench -- c2c / -- group: one multi-row upsert per stored batch.
const UPSERT_CONVERSATIONS = {
  name: "im_conv_upsert",
  text: `INSERT INTO conversations AS c (owner_id, conv_type, conv_id, last_seq, last_msg_id, last_at, unread)
         SELECT owner_id, conv_type, conv_id, max(seq), (array_agg(msg_id ORDER BY seq DESC))[1], now(),
                count(*) FILTER (WHERE sender_id <> owner_id)
           FROM unnest($1::text[], $2::int[], $3::text[], $4::bigint[], $5::bigint[], $6::text[])
                AS t(owner_id, conv_type, conv_id, seq, msg_id, sender_id)
          GROUP BY owner_id, conv_type, conv_id
          ORDER BY owner_id, conv_type, conv_id
         ON CONFLICT (owner_id, conv_type, conv_id) DO UPDATE SET
           last_seq = GREATEST(c.last_seq, EXCLUDED.last_seq),
           last_msg_id = CASE WHEN EXCLUDED.last_seq > c.last_seq THEN EXCLUDED.last_msg_id ELSE c.last_msg_id END,
           last_at = GREATEST(c.last_at, EXCLUDED.last_at),
           unread = c.unread + EXCLUDED.unread`,
};

/**
 * Folds a batch's new inbox entries into the owners' conversation rows. Must
 * run in the transaction that inserts those entries, so the list and the
 * unread counts can never disagree with the inbox.
 */
export async function upsertConversations(client: pg.PoolClient, entries: readonly ConversationEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await client.query({
    ...UPSERT_CONVERSATIONS,
    values: [
      entries.map((e) => e.owner),
      entries.map((e) => e.convType),
      entries.map((e) => e.convId),
      entries.map((e) => e.seq),
      entries.map((e) => e.msgId),
      entries.map((e) => e.senderId),
    ],
  });
}
