// What the soak sent and what the server acknowledged: the expected side of the audit.

export type SendKind = "c2c" | "group" | "s2c" | "c2s";

export interface SentMessage {
  kind: SendKind;
  /** clientMsgId (SDK sends) or idempotencyKey (REST sendMsg): retries reuse it. */
  id: string;
  /** Sending uid, or the business line for s2c. */
  from: string;
  /** Receiving uid, group id or business line. */
  to: string;
  /** Users whose inbox must hold the message exactly once (sender included for c2c and group). */
  recipients: string[];
  content: string;
  status: "pending" | "acked" | "failed";
  msgId?: number;
  /** c2s: the event id the ack carried. */
  eventId?: string;
  attempts: number;
  lastError?: string;
}

export class Ledger {
  readonly sent: SentMessage[] = [];
  private readonly byMsgId = new Map<number, SentMessage>();
  private readonly byContent = new Map<string, SentMessage>();

  add(message: Omit<SentMessage, "status" | "attempts">): SentMessage {
    const entry: SentMessage = { ...message, status: "pending", attempts: 0 };
    this.sent.push(entry);
    this.byContent.set(entry.content, entry);
    return entry;
  }

  acked(entry: SentMessage, ids: { msgId?: number; eventId?: string }): void {
    entry.status = "acked";
    if (ids.msgId !== undefined) {
      entry.msgId = ids.msgId;
      this.byMsgId.set(ids.msgId, entry);
    }
    if (ids.eventId !== undefined) entry.eventId = ids.eventId;
  }

  failed(entry: SentMessage, err: unknown): void {
    entry.status = "failed";
    entry.lastError = err instanceof Error ? err.message : String(err);
  }

  byMessageId(msgId: number): SentMessage | undefined {
    return this.byMsgId.get(msgId);
  }

  /** Contents are unique per send, so a stored message whose ack never came is still recognised. */
  byContentText(content: string): SentMessage | undefined {
    return this.byContent.get(content);
  }

  count(kind: SendKind, status?: SentMessage["status"]): number {
    return this.sent.filter((s) => s.kind === kind && (status === undefined || s.status === status)).length;
  }
}
