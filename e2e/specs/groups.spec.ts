import type { ChatMessage } from "@im/sdk";
import { MessagesPage } from "../pages/messages.ts";
import { expect, expectAccessible, screenshot, signIn, test, unique } from "../support/fixtures.ts";
import { dismissNotifications } from "../support/notifications.ts";

test("an operator creates a group, adds members, and finds its messages in the archive", async ({
  page,
  admin,
  connect,
}) => {
  const [owner, bob, carol] = [unique("owner"), unique("bob"), unique("carol")];
  await connect(owner);
  const b = await connect(bob);
  const c = await connect(carol);
  const name = unique("Night shift");

  await signIn(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Groups" }).click();
  await page.mouse.move(800, 790);
  await expect(page.getByRole("heading", { name: "Groups", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "New group" }).click();
  const dialog = page.getByRole("dialog", { name: "Create a group" });
  await dialog.getByRole("textbox", { name: "Name" }).fill(name);
  await dialog.getByRole("textbox", { name: "Owner" }).fill(owner);
  await dialog.getByRole("textbox", { name: "Members" }).fill(bob);
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Create group" }).click();

  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const groupId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop() ?? "");
  const members = page.getByRole("table", { name: "Group members" });
  await expect(members.getByRole("row")).toHaveCount(3);
  await expect(members.getByRole("row", { name: new RegExp(owner) })).toContainText("owner");

  await page.getByRole("textbox", { name: "Add members" }).fill(carol);
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(members.getByRole("row", { name: new RegExp(carol) })).toContainText("member");
  await expect(members.getByRole("row")).toHaveCount(4);

  await page.getByRole("textbox", { name: "Announcement" }).fill("Handover at 06:00");
  await page.getByRole("button", { name: "Save announcement" }).click();
  await expect(page.getByText("Handover at 06:00", { exact: true }).first()).toBeVisible();
  await page.getByRole("button", { name: "Mute group" }).click();
  await expect(page.getByText("muted — owner and admins only")).toBeVisible();
  await page.getByRole("button", { name: "Unmute group" }).click();
  await expect(page.getByText("open to all members")).toBeVisible();
  await expectAccessible(page);
  await dismissNotifications(page);
  await screenshot(page, "group-detail");

  // carol, added in the console, receives the group message sent with the SDK.
  const got = new Promise<ChatMessage>((resolve) => c.on("message", (m) => m.convId === groupId && resolve(m)));
  const sent = await b.sendGroup({ groupId, content: "shift report: all quiet" });
  expect((await got).msgId).toBe(sent.msgId);

  // The archive finds it by conversation.
  const messages = new MessagesPage(page);
  await messages.open();
  await messages.search({ convType: "Group", convId: groupId });
  await expect(page).toHaveURL(new RegExp(`convType=2.*convId=${groupId}`));
  await expect(messages.rows).toHaveCount(1);
  await expect(messages.rows.first()).toContainText("shift report: all quiet");
  await expect(messages.rows.first()).toContainText(bob);

  // The list finds the group by name.
  await page.goto("/groups");
  await page.getByRole("textbox", { name: "Search groups" }).fill(name);
  await expect(page).toHaveURL(/q=/);
  const list = page.getByRole("table", { name: "Groups" });
  await expect(list.locator("tbody tr")).toHaveCount(1);
  await expect(list.locator("tbody tr").first()).toContainText("3");
  await expectAccessible(page);
  await dismissNotifications(page);
  await screenshot(page, "groups");

  // A member leaves, then the group is dismissed; both ask first.
  await list.getByRole("link", { name: groupId }).click();
  await page.getByRole("button", { name: `Remove ${carol}` }).click();
  await page
    .getByRole("dialog", { name: "Remove this member?" })
    .getByRole("button", { name: "Remove member" })
    .click();
  await expect(members.getByRole("row")).toHaveCount(3);
  await page.getByRole("button", { name: "Dismiss group" }).click();
  const confirm = page.getByRole("dialog", { name: "Dismiss this group?" });
  await expect(confirm).toContainText("cannot be undone");
  await confirm.getByRole("button", { name: "Dismiss group" }).click();
  await expect(page).toHaveURL(/\/groups$/);
  const gone = await admin.http.get(`/admin/groups/${encodeURIComponent(groupId)}`);
  expect(gone.status()).toBe(404);
});
