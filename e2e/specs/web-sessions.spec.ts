import { WebChat } from "../pages/web-chat.ts";
import { expect, expectAccessible, screenshot, test, unique } from "../support/fixtures.ts";

test("a user who was away sees what arrived once, in order, with the unread count, and reading it shows as read", async ({
  browser,
}) => {
  const [fay, gus] = [unique("fay"), unique("gus")];
  const f = await WebChat.open(browser, fay);
  const g = await WebChat.open(browser, gus);
  await g.chatWith(fay);
  await g.send("before you left");
  await f.open(gus);
  await expect(f.message("before you left")).toHaveCount(1);
  await expect(g.message("before you left")).toContainText("Read");

  // Fay closes her browser; Gus writes on.
  await f.close();
  const missed = ["first while away", "second while away", "third while away"];
  for (const text of missed) {
    await g.send(text);
    await g.expectStored(text);
  }
  for (const text of missed) await expect(g.message(text)).not.toContainText("Read");

  // She comes back in a new browser profile.
  const back = await WebChat.open(browser, fay);
  await expect(back.conversation(gus)).toContainText("3 unread");
  await expect(back.conversation(gus)).toContainText("third while away");
  await screenshot(back.page, "web-back-unread");
  await back.open(gus);
  await expect(back.messages()).toHaveCount(4);
  expect(await back.texts()).toEqual(["before you left", ...missed]);
  await expect(back.conversation(gus)).not.toContainText("unread");
  // Reading them reaches Gus as read receipts.
  for (const text of missed) await expect(g.message(text)).toContainText("Read");
  await screenshot(g.page, "web-sender-read");
  await back.close();
  await g.close();
});

test("a second tab of the same user signs the first out and it says why", async ({ browser }) => {
  const hal = unique("hal");
  const first = await WebChat.open(browser, hal);
  // Same browser profile, same device type (web): the newer session wins.
  const second = await WebChat.inContext(first.page.context(), hal);
  await expect(first.page.getByRole("alert")).toContainText("Signed out: You signed in on another tab or device.");
  await expect(second.page.getByRole("alert")).toHaveCount(0);
  await expectAccessible(first.page);
  await screenshot(first.page, "web-kicked");
  // Taking the session back signs the other tab out in turn.
  await first.page.getByRole("button", { name: "Use it here instead" }).click();
  await expect(second.page.getByRole("alert")).toContainText("Signed out");
  await expect(first.page.getByRole("alert")).toHaveCount(0);
  await first.close();
});
