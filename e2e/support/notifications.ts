import { expect, type Page } from "@playwright/test";

/** Closes the console's toasts, so a screenshot shows the page rather than what just happened. */
export async function dismissNotifications(page: Page): Promise<void> {
  const close = page.getByRole("button", { name: "Dismiss notification" });
  // One may close by itself between the count and the click.
  while ((await close.count()) > 0)
    await close
      .first()
      .click({ timeout: 2_000 })
      .catch(() => {});
  await expect(close).toHaveCount(0);
}
