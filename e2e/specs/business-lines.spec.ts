import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ImClient } from "@im/sdk";
import { type APIRequestContext, request } from "@playwright/test";
import { GATEWAY_URL, WS_URL } from "../support/env.ts";
import { expect, expectAccessible, screenshot, signIn, test, unique } from "../support/fixtures.ts";
import { dismissNotifications } from "../support/notifications.ts";

/** The business line's backend: a webhook that fails until told to work, and remembers what it was sent. */
async function startWebhook(): Promise<{ url: string; received: string[]; failing: { on: boolean }; server: Server }> {
  const received: string[] = [];
  const failing = { on: true };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      if (failing.on) {
        res.writeHead(500, { "content-type": "text/plain" }).end("backend down for maintenance");
        return;
      }
      received.push(body);
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/c2s`, received, failing, server };
}

function businessApi(key: string): Promise<APIRequestContext> {
  return request.newContext({ baseURL: GATEWAY_URL, extraHTTPHeaders: { authorization: `Bearer ${key}` } });
}

test("an operator creates a business line, copies and rotates its key, and retries a dead letter", async ({
  page,
  context,
  clients,
}) => {
  const webhook = await startWebhook();
  const id = unique("shop");
  const apis: APIRequestContext[] = [];
  try {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await signIn(page);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Business lines" }).click();
    await page.mouse.move(800, 790);
    await page.getByRole("button", { name: "New business line" }).click();
    const create = page.getByRole("dialog", { name: "Create a business line" });
    await create.getByRole("textbox", { name: "Id" }).fill(id);
    await create.getByRole("textbox", { name: "Name" }).fill("Shop backend");
    await create.getByRole("button", { name: "Create business line" }).click();
    await expect(page.getByRole("heading", { name: "Shop backend", level: 1 })).toBeVisible();

    // A new key is shown once, with a warning and a copy button.
    await page.getByRole("button", { name: "New API key" }).click();
    const shown = page.getByRole("dialog", { name: "Copy the new API key now" });
    await expect(shown).toContainText("This is the only time the key is shown");
    await expectAccessible(page);
    await dismissNotifications(page);
    await screenshot(page, "business-line-new-key");
    await shown.getByRole("button", { name: "Copy key" }).click();
    await expect(shown.getByRole("button", { name: "Copied" })).toBeVisible();
    const key = await page.evaluate<string>("navigator.clipboard.readText()");
    expect(key).toBe(await shown.getByRole("textbox", { name: "New API key" }).inputValue());
    await shown.getByRole("button", { name: "I have stored it" }).click();
    await expect(page.getByText(key)).toHaveCount(0);

    // The copied key works against the business API.
    const v1 = await businessApi(key);
    apis.push(v1);
    const alice = unique("alice");
    const issued = await v1.post("/v1/tokens", { data: { uid: alice, deviceType: 1 } });
    expect(issued.status(), await issued.text()).toBe(200);
    const token = (await issued.json()).token as string;

    // c2s goes to the webhook, which fails: after its attempts the event is a dead letter.
    await page.getByRole("textbox", { name: "Webhook URL" }).fill(webhook.url);
    await page.getByLabel("Signing secret").fill("a signing secret of the shop");
    await page.getByRole("button", { name: "Save target" }).click();
    await expect(page.getByText("c2s target saved")).toBeVisible();
    const client = new ImClient({
      endpoints: [{ transport: "ws", url: WS_URL }],
      token,
      deviceType: 1,
      deviceId: unique("dev"),
    });
    clients.push(client);
    await client.connect();
    const ack = await client.sendC2S({ businessId: id, content: "order #1001 please" });

    const dead = page.getByRole("table", { name: "Dead letters" });
    const letter = dead.getByRole("row", { name: new RegExp(ack.eventId) });
    await expect(letter).toBeVisible({ timeout: 30_000 });
    await expect(letter).toContainText("500");
    const attempts = page.getByRole("table", { name: /Webhook attempts/ });
    await expect(attempts.locator("tbody tr").first()).toContainText("500");
    await expect(attempts.locator("tbody tr").first()).toContainText("backend down for maintenance");
    await expectAccessible(page);
    await dismissNotifications(page);
    await screenshot(page, "business-line-dead-letter");

    // Once the backend works again, retrying delivers it.
    webhook.failing.on = false;
    await letter.getByRole("button", { name: `Retry ${ack.eventId}` }).click();
    await expect.poll(() => webhook.received.join("\n"), { timeout: 20_000 }).toContain("order #1001 please");
    await expect(dead.getByRole("row", { name: new RegExp(ack.eventId) })).toHaveCount(0, { timeout: 15_000 });
    await expect(attempts.locator("tbody tr").first()).toContainText("200", { timeout: 15_000 });

    // Rotating replaces the key: the old one is refused at once, the new one works.
    const keys = page.getByRole("table", { name: "API keys" });
    await keys.getByRole("button", { name: /^Rotate key / }).click();
    await page.getByRole("dialog", { name: "Rotate this key?" }).getByRole("button", { name: "Rotate key" }).click();
    const rotated = page.getByRole("dialog", { name: "Copy the new API key now" });
    const newKey = await rotated.getByRole("textbox", { name: "New API key" }).inputValue();
    expect(newKey).not.toBe(key);
    await rotated.getByRole("button", { name: "I have stored it" }).click();
    await expect(keys.getByText(/^revoked/)).toBeVisible();
    const refused = await v1.post("/v1/tokens", { data: { uid: alice, deviceType: 1 } });
    expect(refused.status()).toBe(401);
    const v1b = await businessApi(newKey);
    apis.push(v1b);
    expect((await v1b.post("/v1/tokens", { data: { uid: alice, deviceType: 1 } })).status()).toBe(200);

    // Pause and resume the target.
    await page.getByRole("button", { name: "Pause delivery" }).click();
    await expect(page.getByText("paused", { exact: true })).toBeVisible();
    await page.getByRole("button", { name: "Resume delivery" }).click();
    await expect(page.getByText("delivering", { exact: true })).toBeVisible();
    await expectAccessible(page);
    await dismissNotifications(page);
    await screenshot(page, "business-line");
    await page.setViewportSize({ width: 1024, height: 768 });
    await expect(
      page.getByRole("button", { name: "Resume delivery" }).or(page.getByRole("button", { name: "Pause delivery" })),
    ).toBeVisible();
    await screenshot(page, "business-line-1024");
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.goto("/business-lines");
    await expect(page.getByRole("table", { name: "Business lines" }).getByRole("link", { name: id })).toBeVisible();
    await expectAccessible(page);
    await dismissNotifications(page);
    await screenshot(page, "business-lines");
  } finally {
    for (const api of apis) await api.dispose();
    webhook.server.close();
  }
});
