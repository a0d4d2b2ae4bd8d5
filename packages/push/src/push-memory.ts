import type { PushNotification, PushProvider } from "@im/core";

/** Records notifications in memory, for tests and local development. */
export class MemoryPushProvider implements PushProvider {
  readonly name = "memory";
  /** Every notification received, oldest first (copies, so later changes to a message do not show). */
  readonly notifications: PushNotification[] = [];
  private closed = false;

  notify(notification: PushNotification): void {
    if (this.closed) return;
    this.notifications.push({ uid: notification.uid, message: { ...notification.message } });
  }

  clear(): void {
    this.notifications.length = 0;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
