import { E2E } from "../support/env.ts";
import { expect, expectAccessible, screenshot, signIn, test } from "../support/fixtures.ts";

test("an operator signs in, sees the dashboard, and signs out", async ({ page }) => {
  await page.goto("/");
  // Signed out: the console sends the visitor to the sign-in page.
  await expect(page).toHaveURL(/\/login/);
  await expectAccessible(page);
  await screenshot(page, "login");

  await page.getByRole("textbox", { name: "Username" }).fill(E2E.admin.username);
  await page.locator("input[type=password]").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "wrong username or password" })).toBeVisible();

  await signIn(page, "admin");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByText(E2E.admin.username)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "dashboard");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/users");
  await expect(page).toHaveURL(/\/login/);
});
