import type { InboxMessage } from "./types.ts";

export interface PushNotification {
  uid: string;
  message: InboxMessage;
}

/**
 * Offline notification channel (webhook, APNs, FCM). notify() must not block
 * the chat path: implementations queue, retry, and give up after bounded effort.
 */
export interface PushProvider {
  /** Names the channel in the delivery ledger ("webhook"; "none" when offline pushes are not configured). */
  readonly name: string;
  notify(notification: PushNotification): void;
  close(): Promise<void>;
}
