import type { ChatMessage } from "@im/sdk";
import { connectUser, expect, expectAccessible, screenshot, signIn, test, unique } from "../support/fixtures.ts";

test("the trace page shows a delivered message and says why an undelivered one was not", async ({
  page,
  biz,
  connect,
}) => {
  const alice = unique("alice");
  const bob = unique("bob");
  const carol = unique("carol");
  const a = await connect(alice);
  const b = await connect(bob);
  // carol has been here before, but is offline now.
  const c = await connectUser(biz, carol);
  c.close();

  const got = new Promise<ChatMessage>((resolve) => b.on("message", resolve));
  const delivered = await a.sendText(bob, "see you at noon");
  expect((await got).msgId).toBe(delivered.msgId);
  const missed = await a.sendText(carol, "are you there?");

  await signIn(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Message trace" }).click();
  await page.mouse.move(800, 790);
  await expect(page.getByRole("heading", { name: "Message trace" })).toBeVisible();
  await expectAccessible(page);

  // Delivered: bob's device was pushed the message on this node and acknowledged it.
  await page.getByRole("textbox", { name: "Message id", exact: true }).fill(String(delivered.msgId));
  await page.getByRole("button", { name: "Trace" }).click();
  await expect(page).toHaveURL(new RegExp(`msgId=${delivered.msgId}`));
  const bobCard = page.getByRole("region", { name: `Recipient ${bob}` });
  await expect(bobCard.getByText("delivered", { exact: true })).toBeVisible();
  const device = bobCard.getByRole("row").nth(1);
  await expect(device.getByRole("cell").nth(2)).not.toHaveText("—");
  await expect.poll(async () => device.getByRole("cell").nth(3).textContent(), { timeout: 10_000 }).not.toBe("—");
  await expect(page.getByText("all delivered")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "trace-delivered");

  // Not delivered: carol was offline; found by the sender's client message id this time.
  await page.getByRole("textbox", { name: "Message id", exact: true }).fill("");
  await page.getByRole("textbox", { name: "Sender" }).fill(alice);
  await page.getByRole("textbox", { name: "Client message id" }).fill(missed.clientMsgId);
  await page.getByRole("button", { name: "Trace" }).click();
  await expect(page).toHaveURL(new RegExp(`clientMsgId=${missed.clientMsgId}`));
  const carolCard = page.getByRole("region", { name: `Recipient ${carol}` });
  await expect(carolCard.getByText("not delivered", { exact: true })).toBeVisible();
  await expect(carolCard.getByText(`${carol} was offline`)).toBeVisible();
  await expect(page.getByText("1 not delivered")).toBeVisible();
  await expect(page.getByRole("region", { name: "Message" })).toContainText("are you there?");
  await expectAccessible(page);
  await screenshot(page, "trace-undelivered");
  // A smaller laptop screen: the same page, nothing cut off.
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect(carolCard.getByText(`${carol} was offline`)).toBeVisible();
  await screenshot(page, "trace-undelivered-1024");
  await page.setViewportSize({ width: 1280, height: 800 });

  // Asking about someone the message was never for says so.
  await page.goto(`/trace?msgId=${delivered.msgId}&uid=${carol}`);
  await expect(page.getByRole("region", { name: `Recipient ${carol}` })).toContainText("not addressed to");
});
