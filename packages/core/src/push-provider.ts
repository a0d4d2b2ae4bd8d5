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
  notify(notification: PushNotification): void;
  close(): Promise<void>;
}
