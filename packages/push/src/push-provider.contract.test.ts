import type { PushNotification } from "@im/core";
import { startTestHttpServer } from "@im/testing";
import { MemoryPushProvider } from "./push-memory.ts";
import { NoopPushProvider } from "./push-noop.ts";
import { describePushProviderContract } from "./push-provider.contract.ts";
import { WebhookPushProvider } from "./push-webhook.ts";
import { verifyWebhookSignature } from "./webhook-signature.ts";

describePushProviderContract("MemoryPushProvider", async () => {
  const provider = new MemoryPushProvider();
  return { provider, delivered: () => provider.notifications };
});

describePushProviderContract("NoopPushProvider", async () => ({ provider: new NoopPushProvider() }), {
  delivers: false,
});

describePushProviderContract("WebhookPushProvider", async () => {
  const secret = "contract-webhook-secret";
  const delivered: PushNotification[] = [];
  const server = await startTestHttpServer((req, res) => {
    const ok = verifyWebhookSignature(
      secret,
      req.headers["x-im-timestamp"] as string,
      req.body,
      req.headers["x-im-signature"] as string,
      60,
    );
    if (ok) delivered.push(JSON.parse(req.body) as PushNotification);
    res.writeHead(ok ? 204 : 401);
    res.end();
  });
  return {
    provider: new WebhookPushProvider({ url: server.url, secret, concurrency: 16 }),
    delivered: () => delivered,
    close: () => server.close(),
  };
});
