import type { KickoutEvent } from "@im/sdk";
import { connectUser, expect, expectAccessible, screenshot, signIn, test, unique } from "../support/fixtures.ts";
import { dismissNotifications } from "../support/notifications.ts";

test("an admin bans a connected user from their page: the client is kicked and cannot come back until the ban is lifted", async ({
  page,
  biz,
  connect,
}) => {
  test.setTimeout(120_000);
  const erin = unique("erin");
  const erinClient = await connect(erin);
  const kicked = new Promise<KickoutEvent>((resolve) => erinClient.on("kickout", resolve));

  await signIn(page, "admin");
  await page.goto(`/users/${erin}`);
  await expect(page.getByRole("table", { name: "Devices and their sync state" })).toContainText("online");
  await page.getByRole("button", { name: "Ban", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Ban ${erin}?` });
  await dialog.getByRole("textbox", { name: "Reason" }).fill("spam links");
  await dialog.getByRole("button", { name: "Ban user" }).click();
  expect((await kicked).message).toContain("spam links");
  await expect(page.getByRole("alert", { name: "Banned" })).toBeVisible();
  await expectAccessible(page);
  await dismissNotifications(page);
  await screenshot(page, "user-banned");

  // Banned: a new login is refused.
  await expect(connectUser(biz, erin)).rejects.toThrow();

  await page.getByRole("button", { name: "Unban" }).click();
  await page
    .getByRole("dialog", { name: `Lift the ban on ${erin}?` })
    .getByRole("button", { name: "Unban" })
    .click();
  await expect(page.getByRole("alert", { name: "Banned" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Ban", exact: true })).toBeVisible();
  await connect(erin);

  await page.goto(`/audit?action=user.&target=${erin}`);
  const actions = page.getByRole("table", { name: "Audit entries" }).getByRole("row").locator("td:nth-child(3)");
  await expect(actions).toHaveText(["user.unban", "user.ban"]);
});
