import { expect, type Page } from "@playwright/test";
import { OperatorsPage } from "../pages/operators-page.ts";
import { expectAccessible, screenshot, signIn, test, unique } from "../support/fixtures.ts";
import { dismissNotifications } from "../support/notifications.ts";

async function signInAs(page: Page, username: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByRole("textbox", { name: "Username" }).fill(username);
  await page.locator("input[type=password]").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
}

test("an operator created in the console signs in, changes their password, and is signed out when disabled; the audit log shows it all", async ({
  page,
  browser,
}) => {
  // Several pages, live refreshes and a second browser: more than the default minute on a busy machine.
  test.setTimeout(120_000);
  const carol = unique("carol");
  await signIn(page, "admin");
  const operators = new OperatorsPage(page);
  await operators.open();
  await operators.create(carol, "viewer", "carol-initial-password");
  await expect(operators.row(carol)).toContainText("viewer");
  await expectAccessible(page);
  await dismissNotifications(page);
  await screenshot(page, "operators");

  // Carol signs in in her own browser and changes her password on her account page.
  const carolContext = await browser.newContext();
  try {
    const carolPage = await carolContext.newPage();
    await signInAs(carolPage, carol, "carol-initial-password");
    await carolPage.getByRole("link", { name: `Account of ${carol}` }).click();
    await expect(carolPage.getByRole("heading", { name: "Your account" })).toBeVisible();
    await carolPage.getByLabel("Current password").fill("carol-initial-password");
    await carolPage.getByLabel(/^New password/).fill("carol-second-password");
    await carolPage.getByLabel("Repeat the new password").fill("carol-second-password");
    await carolPage.getByRole("button", { name: "Change password" }).click();
    await expect(carolPage.getByRole("status").filter({ hasText: "Password changed." })).toBeVisible();
    await expectAccessible(carolPage);
    await dismissNotifications(carolPage);
    await screenshot(carolPage, "account");

    // The admin promotes her, then disables her: her next request sends her to the sign-in page.
    await operators.makeRole(carol, "admin");
    await operators.disable(carol);
    await carolPage.getByRole("link", { name: "Users" }).click();
    await expect(carolPage).toHaveURL(/\/login/);
    // Disabled, she cannot sign in again.
    await carolPage.getByRole("textbox", { name: "Username" }).fill(carol);
    await carolPage.locator("input[type=password]").fill("carol-second-password");
    await carolPage.getByRole("button", { name: "Sign in" }).click();
    await expect(carolPage.getByRole("alert").filter({ hasText: "wrong username or password" })).toBeVisible();
    await expect(carolPage).toHaveURL(/\/login/);

    // Enabled again with a password the admin sets, she is back in.
    await operators.enable(carol);
    await operators.resetPassword(carol, "carol-reset-password");
    await signInAs(carolPage, carol, "carol-reset-password");
  } finally {
    await carolContext.close();
  }

  // The audit log lists each operator change, newest first.
  await page.goto(`/audit?action=operator.&target=${carol}`);
  const entries = page.getByRole("table", { name: "Audit entries" });
  const actions = entries.getByRole("row").locator("td:nth-child(3)");
  await expect(actions).toHaveText([
    "operator.password.reset",
    "operator.update",
    "operator.update",
    "operator.update",
    "operator.password.change",
    "operator.create",
  ]);
  await expect(entries.getByRole("row").filter({ hasText: "operator.password.change" })).toContainText(carol);
  await expect(entries.getByRole("row").filter({ hasText: "operator.create" })).toContainText("e2e-admin");
  // A time range that starts after all of it shows nothing; the range lives in the URL too.
  await page.getByLabel("From").fill("2099-01-01T00:00");
  await expect(page).toHaveURL(/from=2099-01-01T00%3A00/);
  await expect(page.getByText("Nothing matches these filters.")).toBeVisible();
  await page.getByLabel("From").fill("");
  await expect(actions).toHaveCount(6);
  await expectAccessible(page);
  await dismissNotifications(page);
  await screenshot(page, "audit-operators");
});
