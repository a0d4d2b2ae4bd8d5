import type { PushNotification, PushProvider } from "@im/core";

/** Offline notifications switched off: every notification is discarded. */
export class NoopPushProvider implements PushProvider {
  readonly name = "none";
  notify(_notification: PushNotification): void {}

  async close(): Promise<void> {}
}
