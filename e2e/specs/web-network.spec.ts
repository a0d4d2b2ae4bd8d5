import type { WebSocketRoute } from "@playwright/test";
import { WebChat } from "../pages/web-chat.ts";
import { WS_URL } from "../support/env.ts";
import { expect, screenshot, test, unique } from "../support/fixtures.ts";

test("messages written while the network is down, even across a reload, are sent once when it returns", async ({
  browser,
}) => {
  const [kim, leo] = [unique("kim"), unique("leo")];
  const l = await WebChat.open(browser, leo);
  const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });

  // Kim's WebSocket goes through a switch: while the network is "down" every connection is cut at once.
  let down = false;
  let current: WebSocketRoute | undefined;
  await context.routeWebSocket(WS_URL, (ws) => {
    if (down) {
      void ws.close({ code: 1006, reason: "network down" }).catch(() => {});
      return;
    }
    current = ws;
    ws.connectToServer();
  });
  const k = await WebChat.inContext(context, kim);
  await k.chatWith(leo);
  await k.send("before the drop");
  await expect(l.conversation(kim)).toContainText("before the drop");

  down = true;
  await current?.close({ code: 1006, reason: "network down" });
  await expect(k.page.getByRole("status")).toContainText("Reconnecting");
  await k.send("queued one");
  await k.send("queued two");
  await expect(k.message("queued one")).toContainText("Sending…");
  await expect(k.page.getByRole("status")).toContainText("2 messages will be sent when it is back");
  await screenshot(k.page, "web-offline-queued");

  // The tab reloads while still cut off: the queue comes back from IndexedDB.
  await k.page.reload();
  await expect(k.page.getByRole("heading", { name: leo })).toBeVisible();
  await expect(k.page.getByText("Earlier messages load when the connection is back.")).toBeVisible();
  await expect(k.message("queued one")).toContainText("Sending…");
  await expect(k.message("queued two")).toContainText("Sending…");

  down = false;
  await expect(k.page.getByRole("status")).toHaveCount(0, { timeout: 15_000 });
  await k.expectStored("queued two");
  await l.open(kim);
  await expect(l.messages()).toHaveCount(3);
  expect(await l.texts()).toEqual(["before the drop", "queued one", "queued two"]);
  // Nothing arrives twice later either (a retry would show as a second bubble).
  await l.page.waitForTimeout(1500);
  expect(await l.texts()).toEqual(["before the drop", "queued one", "queued two"]);
  await expect(k.messages()).toHaveCount(3);
  await screenshot(k.page, "web-back-online");
  await k.close();
  await l.close();
});
