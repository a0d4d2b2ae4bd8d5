import { type DeliveryEvent, ImError } from "@im/core";
import type pg from "pg";
import { type LedgerRow, ledgerEventFromRow } from "../delivery-ledger-pg.ts";
import { type ArchivedMessage, MESSAGE_COLUMNS, type MessageRow, messageFromRow } from "./message-archive.ts";

export const TRACE_REASONS = [
  "offline",
  "not-acked",
  "no-push-token",
  "not-a-member",
  "joined-later",
  "not-a-recipient",
  "is-the-sender",
] as const;
export type TraceReason = (typeof TRACE_REASONS)[number];

export interface OfflinePush {
  at: number;
  provider: string;
  result: string;
}

export interface TracedDevice {
  deviceId: string;
  deviceType: number | null;
  /** The node that last pushed the message to this device. */
  nodeId: string | null;
  pushedAt: number | null;
  pushAckedAt: number | null;
  hasPushToken: boolean;
  /** The recipient's offline push, shown on devices that have a push token (where it would arrive). */
  offlinePush: OfflinePush | null;
}

export interface TracedRecipient {
  uid: string;
  inboxSeq: number | null;
  storedAt: number | null;
  devices: TracedDevice[];
  offlinePush: OfflinePush | null;
  deliveredAt: number | null;
  delivered: boolean;
  read: boolean;
  /** Why the message has not reached this user; null once delivered. */
  reason: TraceReason | null;
}

export interface Trace {
  message: ArchivedMessage;
  recipients: TracedRecipient[];
  /** Recipients in all (the list stops at a bound for large groups). */
  recipientsTotal: number;
}

interface EntryRow {
  owner_id: string;
  seq: string;
  created_at: Date;
  delivered_at: Date | null;
  read: boolean;
}

interface DeviceRow {
  uid: string;
  device_id: string;
  device_type: number;
  has_push_token: boolean;
}

export type TraceKey = { msgId: number } | { senderId: string; clientMsgId: string };

/**
 * Where one message went: each recipient's inbox entry, per device the
 * pushes and acks the realtime nodes noted in the delivery ledger, read
 * state, and for a recipient not reached, the likeliest reason. With `uid`,
 * only that user, including one who got no inbox entry at all.
 */
export async function traceMessage(
  db: Pick<pg.Pool, "query">,
  key: TraceKey,
  opts: { uid?: string; maxRecipients: number; withContent: boolean },
): Promise<Trace> {
  const found =
    "msgId" in key
      ? await db.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.id = $1`, [key.msgId])
      : await db.query<MessageRow>(
          `SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.sender_id = $1 AND m.client_msg_id = $2`,
          [key.senderId, key.clientMsgId],
        );
  const row = found.rows[0];
  if (!row) throw new ImError("NOT_FOUND", "no such message");
  const message = messageFromRow(row, opts.withContent);

  const entries = await db.query<EntryRow>(
    `SELECT i.owner_id, i.seq, i.created_at, i.delivered_at, coalesce(c.read_seq >= i.seq, false) AS read
     FROM inbox i
     LEFT JOIN conversations c ON c.owner_id = i.owner_id AND c.conv_type = i.conv_type AND c.conv_id = i.conv_id
     WHERE i.message_id = $1 AND ($2::text IS NULL AND i.owner_id <> i.sender_id OR i.owner_id = $2)
     ORDER BY i.owner_id LIMIT $3`,
    [message.msgId, opts.uid ?? null, opts.maxRecipients],
  );
  const total =
    opts.uid !== undefined
      ? 1
      : entries.rows.length < opts.maxRecipients
        ? entries.rows.length
        : Number(
            (
              await db.query<{ n: string }>(
                "SELECT count(*) AS n FROM inbox WHERE message_id = $1 AND owner_id <> sender_id",
                [message.msgId],
              )
            ).rows[0]?.n ?? 0,
          );

  if (opts.uid !== undefined && entries.rows.length === 0)
    return {
      message,
      recipients: [await absentRecipient(db, message, row.created_at, opts.uid)],
      recipientsTotal: total,
    };

  const owners = entries.rows.map((e) => e.owner_id);
  const [devices, events] = await Promise.all([
    db.query<DeviceRow>(
      `SELECT uid, device_id, device_type, push_token IS NOT NULL AND push_token <> '' AS has_push_token
       FROM devices WHERE uid = ANY($1::text[]) ORDER BY uid, device_id`,
      [owners],
    ),
    db.query<LedgerRow>(
      `SELECT l.owner_id, l.seq, l.message_id, l.kind, l.node_id, l.device_id, l.device_type, l.provider, l.result, l.at
       FROM unnest($1::text[], $2::bigint[]) AS e(owner_id, seq)
       JOIN delivery_ledger l ON l.owner_id = e.owner_id AND l.seq = e.seq
       ORDER BY l.at, l.id`,
      [owners, entries.rows.map((e) => e.seq)],
    ),
  ]);
  const devicesOf = groupBy(devices.rows, (d) => d.uid);
  const eventsOf = groupBy(events.rows.map(ledgerEventFromRow), (e) => e.ownerUid);
  const recipients = entries.rows.map((e) =>
    tracedRecipient(e, message, devicesOf.get(e.owner_id) ?? [], eventsOf.get(e.owner_id) ?? []),
  );
  return { message, recipients, recipientsTotal: total };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k) ?? [];
    groups.set(k, list);
    list.push(item);
  }
  return groups;
}

function tracedRecipient(
  entry: EntryRow,
  message: ArchivedMessage,
  deviceRows: DeviceRow[],
  events: DeliveryEvent[],
): TracedRecipient {
  const offline = events.find((e) => e.kind === "offline-push");
  const offlinePush = offline
    ? { at: offline.at, provider: offline.provider ?? "", result: offline.result ?? "" }
    : null;
  const devices = new Map<string, TracedDevice>();
  for (const d of deviceRows)
    devices.set(d.device_id, {
      deviceId: d.device_id,
      deviceType: d.device_type,
      nodeId: null,
      pushedAt: null,
      pushAckedAt: null,
      hasPushToken: d.has_push_token,
      offlinePush: d.has_push_token ? offlinePush : null,
    });
  for (const e of events) {
    if (e.deviceId === null) continue;
    let device = devices.get(e.deviceId);
    if (!device) {
      // Seen by a node but not (or no longer) in the devices table.
      device = {
        deviceId: e.deviceId,
        deviceType: e.deviceType,
        nodeId: null,
        pushedAt: null,
        pushAckedAt: null,
        hasPushToken: false,
        offlinePush: null,
      };
      devices.set(e.deviceId, device);
    }
    if (e.kind === "push") {
      device.pushedAt ??= e.at;
      device.nodeId = e.nodeId;
    } else if (e.kind === "push-ack") device.pushAckedAt ??= e.at;
  }
  const list = [...devices.values()];
  const acked = list.some((d) => d.pushAckedAt !== null);
  const deliveredAt =
    entry.delivered_at?.getTime() ?? (acked ? Math.min(...list.map((d) => d.pushAckedAt ?? Infinity)) : null);
  const delivered = deliveredAt !== null;
  let reason: TraceReason | null = null;
  if (entry.owner_id === message.senderId) reason = "is-the-sender";
  else if (!delivered) {
    if (list.some((d) => d.pushedAt !== null)) reason = "not-acked";
    else if (!list.some((d) => d.hasPushToken)) reason = "no-push-token";
    else reason = "offline";
  }
  return {
    uid: entry.owner_id,
    inboxSeq: Number(entry.seq),
    storedAt: entry.created_at.getTime(),
    devices: list,
    offlinePush,
    deliveredAt,
    delivered,
    read: entry.read,
    reason,
  };
}

/** A user the message did not reach at all: why they got no inbox entry. */
async function absentRecipient(
  db: Pick<pg.Pool, "query">,
  message: ArchivedMessage,
  sentAt: Date,
  uid: string,
): Promise<TracedRecipient> {
  let reason: TraceReason = "not-a-recipient";
  if (uid === message.senderId) reason = "is-the-sender";
  else if (message.convType === 2) {
    const { rows } = await db.query<{ joined_at: Date }>(
      "SELECT joined_at FROM group_members WHERE group_id = $1 AND uid = $2",
      [message.targetId, uid],
    );
    const joinedAt = rows[0]?.joined_at;
    reason = joinedAt && joinedAt.getTime() > sentAt.getTime() ? "joined-later" : "not-a-member";
  }
  return {
    uid,
    inboxSeq: null,
    storedAt: null,
    devices: [],
    offlinePush: null,
    deliveredAt: null,
    delivered: false,
    read: false,
    reason,
  };
}
