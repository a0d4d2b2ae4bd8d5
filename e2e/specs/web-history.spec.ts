import { GroupOp } from "@im/sdk";
import { tcpUser, WebChat } from "../pages/web-chat.ts";
import { createBusinessLine, expect, screenshot, test, unique } from "../support/fixtures.ts";

test("a group's history pages back to its first message", async ({ admin, browser, clients }) => {
  const [ivy, jon] = [unique("ivy"), unique("jon")];
  // Ivy signs in once first, so she exists when the group is created.
  const v = await WebChat.open(browser, ivy);
  const j = await tcpUser(await createBusinessLine(admin), jon);
  clients.push(j.client);
  const created = await j.client.group({ op: GroupOp.CREATE, name: "Archive", uids: [ivy] });
  const groupId = created.group!.id;
  const all = Array.from({ length: 45 }, (_, i) => `note ${i + 1}`);
  for (const content of all) await j.client.sendGroup({ groupId, content });

  await expect(v.conversation("# Archive")).toContainText("45 unread");
  await v.open("# Archive");
  // The newest page first.
  await expect(v.messages()).toHaveCount(20);
  expect(await v.texts()).toEqual(all.slice(25));
  const older = v.page.getByRole("button", { name: "Load older messages" });
  await older.click();
  await expect(v.messages()).toHaveCount(40);
  await older.click();
  await expect(v.messages()).toHaveCount(45);
  await expect(v.page.getByText("Start of the conversation")).toBeVisible();
  await expect(older).toHaveCount(0);
  expect(await v.texts()).toEqual(all);
  await v.page.getByText("Start of the conversation").scrollIntoViewIfNeeded();
  await screenshot(v.page, "web-group-history");
  await v.close();
});
