export { MemoryPushProvider } from "./push-memory.ts";
export { NoopPushProvider } from "./push-noop.ts";
export {
  type GiveUpReason,
  type WebhookPushOptions,
  WebhookPushProvider,
  type WebhookPushStats,
} from "./push-webhook.ts";
export {
  signWebhook,
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
  type WebhookBody,
  type WebhookSecret,
} from "./webhook-signature.ts";
