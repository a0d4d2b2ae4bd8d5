/** What happened to one inbox entry on its way to a device. */
export type DeliveryEventKind =
  /** The node wrote the entry to a device's connection. */
  | "push"
  /** A device acknowledged the entry (MSG_PUSH_ACK). */
  | "push-ack"
  /** No device acknowledged in time (or none was online): the entry went to the offline push provider. */
  | "offline-push";

export interface DeliveryEvent {
  /** Owner of the inbox entry (the recipient). */
  ownerUid: string;
  /** The entry's seq in the owner's inbox. */
  seq: number;
  /** The message, when known where the event happened (a push ack carries only seqs). */
  msgId: number | null;
  kind: DeliveryEventKind;
  /** The realtime node that saw the event. */
  nodeId: string;
  /** The device pushed to or acknowledging; null for an offline push (addressed to the user). */
  deviceId: string | null;
  deviceType: number | null;
  /** The offline push provider's name and what it said; null for other kinds. */
  provider: string | null;
  result: string | null;
  /** ms since epoch. */
  at: number;
}

/**
 * Where realtime nodes note pushes, acks and offline pushes, so an operator
 * can trace a message to each device.
 *
 * Guarantees: record() never blocks or throws on the chat path; events are
 * buffered and written in batches, so a crash may lose the last unflushed
 * events (the ledger is a diagnostic, not the source of delivery state).
 * After flush() resolves, every event recorded before the call is readable.
 * Events older than the retention are removed.
 */
export interface DeliveryLedger {
  record(event: DeliveryEvent): void;
  flush(): Promise<void>;
  /** Events of these inbox entries, oldest first. */
  eventsOf(entries: readonly { ownerUid: string; seq: number }[]): Promise<DeliveryEvent[]>;
  /** Removes events before `at` (ms since epoch); resolves with how many went. */
  pruneBefore(at: number): Promise<number>;
  /** Flushes what is buffered and stops background work. */
  close(): Promise<void>;
}
