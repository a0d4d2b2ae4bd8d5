import type { ChatMessage } from "@im/sdk";
import { MessagesPage } from "../pages/messages.ts";
import { expect, expectAccessible, screenshot, signIn, test, unique } from "../support/fixtures.ts";

test("an operator finds a conversation in the archive, pages back through it, and searches it by text", async ({
  page,
  connect,
}) => {
  const alice = unique("alice");
  const bob = unique("bob");
  const a = await connect(alice);
  const b = await connect(bob);
  const needle = unique("needle");
  let received = 0;
  b.on("message", (m: ChatMessage) => {
    if (m.fromUid === alice) received++;
  });

  // 60 messages, taking turns; one of them carries a word nobody else uses.
  for (let i = 0; i < 60; i++) {
    const text = i === 7 ? `number ${i}: the ${needle} is here` : `number ${i} from ${i % 2 === 0 ? "alice" : "bob"}`;
    if (i % 2 === 0) await a.sendText(bob, text);
    else await b.sendText(alice, text);
  }
  await expect.poll(() => received).toBe(30);

  await signIn(page);
  const messages = new MessagesPage(page);
  await messages.open();
  await messages.search({ sender: alice });
  await expect(page).toHaveURL(new RegExp(`uid=${alice}`));
  await expect(messages.rows).toHaveCount(30);
  // Newest first; bob's device acknowledged every push.
  const newest = messages.rows.first();
  await expect(newest).toContainText("number 58 from alice");
  await expect(newest.getByText("delivered 1/1")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "messages-archive");

  // The conversation opens as a transcript of its newest messages, and pages back in time.
  await newest.getByRole("link", { name: new RegExp(bob) }).click();
  await expect(page).toHaveURL(/\/messages\/transcript\?/);
  await expect(page.getByRole("heading", { name: `${alice} and ${bob}` })).toBeVisible();
  const transcript = page.getByRole("region", { name: "Transcript" });
  const bubbles = transcript.getByRole("article");
  await expect(bubbles).toHaveCount(30);
  await expect(bubbles.last()).toContainText("number 59 from bob");
  await expect(transcript.getByText("number 0 from alice")).toHaveCount(0);
  await page.getByRole("button", { name: "Load older messages" }).click();
  await expect(bubbles).toHaveCount(60);
  await expect(bubbles.first()).toContainText("number 0 from alice");
  await expect(page.getByText("Start of the conversation")).toBeVisible();
  // Each message shows its recipient's state: bob's device acknowledged alice's messages.
  await expect(bubbles.first().getByText(`${bob}: delivered`)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "messages-transcript");

  // Text search finds the one message, and the filter lives in the URL.
  await messages.open();
  await messages.search({ text: needle });
  await expect(page).toHaveURL(new RegExp(`q=${needle}`));
  await expect(messages.rows).toHaveCount(1);
  await expect(messages.rows.first()).toContainText(`the ${needle} is here`);
  // The export links carry the same filter.
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute(
    "href",
    new RegExp(`format=csv.*q=${needle}`),
  );
  const download = await page.request.get(
    (await page.getByRole("link", { name: "Export JSONL" }).getAttribute("href")) ?? "",
  );
  expect(download.status()).toBe(200);
  const lines = (await download.text()).trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ senderId: bob, content: `number 7: the ${needle} is here` });

  // Reloading the shared link shows the same result.
  await page.reload();
  await expect(messages.rows).toHaveCount(1);
});
