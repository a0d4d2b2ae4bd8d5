import { DeviceType, ImClient } from "@im/sdk";
import { type Browser, type BrowserContext, expect, type Locator, type Page } from "@playwright/test";
import { E2E, WEB_URL } from "../support/env.ts";
import { type BusinessLine, unique } from "../support/fixtures.ts";

/** The end users' web chat (apps/web) as one signed-in user sees it. */
export class WebChat {
  constructor(
    readonly page: Page,
    readonly uid: string,
  ) {}

  /** A fresh browser profile (its own device id and IndexedDB), signed in as uid. */
  static async open(browser: Browser, uid: string, viewport = { width: 1100, height: 720 }): Promise<WebChat> {
    const context = await browser.newContext({ viewport });
    return WebChat.inContext(context, uid);
  }

  /** A new tab of an existing profile, signed in as uid. */
  static async inContext(context: BrowserContext, uid: string): Promise<WebChat> {
    const page = await context.newPage();
    // A crash of the app fails the spec with its own message, not a later timeout.
    page.on("pageerror", (err) => {
      throw new Error(`web chat of ${uid} crashed: ${err.stack ?? err.message}`);
    });
    page.on("console", (m) => {
      if (m.type() === "error") console.error(`[web ${uid}] ${m.text()}`);
    });
    const chat = new WebChat(page, uid);
    await chat.signIn();
    return chat;
  }

  async signIn(): Promise<void> {
    await this.page.goto(WEB_URL);
    await this.page.getByRole("textbox", { name: "User id" }).fill(this.uid);
    await this.page.getByRole("button", { name: "Sign in" }).click();
    await expect(this.page.getByRole("complementary", { name: "Conversations" })).toBeVisible();
    await expect(this.page.getByRole("status")).toHaveCount(0); // connected: no banner
  }

  conversation(title: string): Locator {
    return this.page.getByRole("complementary", { name: "Conversations" }).getByRole("button", { name: title });
  }

  /** Opens (or starts) the 1:1 chat with a user. */
  async chatWith(uid: string): Promise<void> {
    await this.page.getByText("New conversation").click();
    await this.page.getByRole("textbox", { name: "Chat with (user id)" }).fill(uid);
    await this.page.getByRole("button", { name: "Open chat" }).click();
    await expect(this.page.getByRole("heading", { name: uid })).toBeVisible();
  }

  async open(title: string): Promise<void> {
    await this.conversation(title).click();
    await expect(this.page.getByRole("heading", { name: title })).toBeVisible();
  }

  async send(text: string): Promise<void> {
    await this.page.getByRole("textbox", { name: "Message" }).fill(text);
    await this.page.getByRole("button", { name: "Send" }).click();
  }

  /** Message bubbles of the open conversation (pending ones included). */
  messages(): Locator {
    return this.page.getByRole("list", { name: "Messages" }).locator("li.msg");
  }

  /** The text of every message bubble, in display order. */
  async texts(): Promise<string[]> {
    return this.messages().locator(".text").allTextContents();
  }

  message(text: string): Locator {
    return this.messages().filter({ has: this.page.locator(".text", { hasText: new RegExp(`^${text}$`) }) });
  }

  /** Waits until the server has stored this user's message (shown as sent, or already read). */
  async expectStored(text: string): Promise<void> {
    await expect(this.message(text)).toContainText(/· (Sent|Read)/);
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }
}

/** A user of the TCP SDK (as a mobile app would connect), with a token from the business API. */
export async function tcpUser(biz: BusinessLine, uid: string): Promise<{ client: ImClient; received: string[] }> {
  const client = new ImClient({
    endpoints: [{ transport: "tcp", host: "127.0.0.1", port: E2E.tcpPort }],
    token: await biz.token(uid, DeviceType.ANDROID),
    deviceType: DeviceType.ANDROID,
    deviceId: unique("android"),
  });
  const received: string[] = [];
  client.on("message", (m) => received.push(m.content));
  await client.connect();
  return { client, received };
}
