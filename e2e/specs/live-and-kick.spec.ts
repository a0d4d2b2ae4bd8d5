import { type ChatMessage, DeviceType, type ImClient, type KickoutEvent } from "@im/sdk";
import { expect, expectAccessible, screenshot, signIn, test, unique } from "../support/fixtures.ts";
import { dismissNotifications } from "../support/notifications.ts";

/** Resolves with the first event of that kind the client emits, or fails after `ms`. */
function nextEvent<K extends "kickout" | "message">(
  client: ImClient,
  kind: K,
  ms = 15_000,
): Promise<K extends "kickout" ? KickoutEvent : ChatMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${kind} event within ${ms} ms`)), ms);
    client.on(kind, (event) => {
      clearTimeout(timer);
      resolve(event as K extends "kickout" ? KickoutEvent : ChatMessage);
    });
  });
}

test("a user connected with the SDK shows on the dashboard, the online page and their user page; a console kick reaches the client and is audited", async ({
  page,
  biz,
  connect,
}) => {
  // Several pages, live refreshes and a second browser: more than the default minute on a busy machine.
  test.setTimeout(120_000);
  const alice = unique("alice");
  const bob = unique("bob");

  await signIn(page, "admin");
  // The dashboard's figure before alice connects, read from the page itself.
  const onlineFigure = page.getByLabel("Online users", { exact: true });
  await expect(onlineFigure).toHaveText(/^\d[\d,]*$/);
  const before = Number((await onlineFigure.textContent())?.replaceAll(",", ""));

  const aliceClient = await connect(alice, { deviceType: DeviceType.WEB });
  const bobClient = await connect(bob, { deviceType: DeviceType.IOS });
  await bobClient.sendText(alice, "hello from bob");

  // Live: the figure moves without a reload.
  await expect(onlineFigure).toHaveText(String(before + 2), { timeout: 15_000 });
  await expect(page.getByRole("cell", { name: "healthy" }).first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Online over the last hour" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("heading", { name: "Messages per second" })).toBeVisible();
  await expect(page.getByLabel("Messages in / s", { exact: true })).toBeVisible();
  await expect(page.getByLabel("C2S backlog", { exact: true })).toHaveText(/^\d/);
  await expect(page.getByLabel("Dead letters", { exact: true })).toHaveText(/^\d/);
  await expectAccessible(page);
  await screenshot(page, "dashboard-live");

  // Online page: filter by device type and node; both filters go into the URL.
  await page.getByRole("link", { name: "Online" }).click();
  await expect(page.getByRole("heading", { name: "Online" })).toBeVisible();
  await expect(page.getByRole("link", { name: alice })).toBeVisible();
  await page.getByRole("combobox", { name: "Device type" }).click();
  await page.getByRole("option", { name: "Web" }).click();
  await expect(page).toHaveURL(/deviceType=3/);
  await expect(page.getByRole("link", { name: alice })).toBeVisible();
  await expect(page.getByRole("link", { name: bob })).toHaveCount(0);
  await page.getByRole("combobox", { name: "Node" }).click();
  await page.getByRole("option").first().click();
  await expect(page).toHaveURL(/node=/);
  await expect(page.getByRole("link", { name: alice })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "online");
  // A shared link shows the same filtered view.
  await page.goto(`/online?deviceType=1&uid=${bob}`);
  await expect(page.getByRole("link", { name: bob })).toBeVisible();
  await expect(page.getByRole("link", { name: alice })).toHaveCount(0);
  await page.goto("/online?deviceType=3");
  // Live: a session that starts while the page is open shows up without a reload.
  const carol = unique("carol");
  await connect(carol, { deviceType: DeviceType.WEB });
  await expect(page.getByRole("link", { name: carol })).toBeVisible({ timeout: 15_000 });

  // Alice's page: her web device online and in sync, bob's message unread, a link to the transcript.
  await page.getByRole("link", { name: alice }).click();
  await expect(page).toHaveURL(new RegExp(`/users/${alice}$`));
  const devices = page.getByRole("table", { name: "Devices and their sync state" });
  await expect(devices.getByRole("row").filter({ hasText: "Web" })).toContainText("online");
  await expect(page.getByRole("table", { name: "Conversations with unread counts" })).toContainText("1 unread");
  await expect(page.getByRole("link", { name: `Transcript of 1:1 conversation ${bob}` })).toHaveAttribute(
    "href",
    `/messages/transcript?uid=${alice}&convType=1&convId=${bob}`,
  );
  await expect(page.getByRole("table", { name: "The user's latest inbox messages" })).toContainText("hello from bob");

  // A system message from the console arrives at her client.
  const systemMessage = nextEvent(aliceClient, "message");
  await page.getByRole("button", { name: "Send system message" }).click();
  const dialog = page.getByRole("dialog", { name: `System message to ${alice}` });
  await dialog.getByRole("combobox", { name: "Business line" }).click();
  await page.getByRole("option", { name: new RegExp(biz.id) }).click();
  await dialog.getByRole("textbox", { name: "Message" }).fill("maintenance at noon");
  await dialog.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText("System message sent")).toBeVisible();
  expect((await systemMessage).content).toBe("maintenance at noon");
  await expectAccessible(page);
  await dismissNotifications(page);
  await screenshot(page, "user-detail");

  // Kick her one device; the dialog asks first, and the client hears the kickout.
  const kicked = nextEvent(aliceClient, "kickout");
  await devices.getByRole("button", { name: /^Kick Web device/ }).click();
  await page.getByRole("dialog", { name: "Kick the Web session?" }).getByRole("button", { name: "Kick" }).click();
  const kickout = await kicked;
  expect(kickout.message).toContain("kicked by an operator");
  await expect(devices.getByRole("row").filter({ hasText: "Web" })).toContainText("offline", { timeout: 15_000 });

  // Bob is kicked with "kick all": every session of his goes.
  await page.goto(`/users/${bob}`);
  const bobKicked = nextEvent(bobClient, "kickout");
  await page.getByRole("button", { name: "Kick all devices" }).click();
  await page.getByRole("dialog", { name: "Kick every session?" }).getByRole("button", { name: "Kick all" }).click();
  await bobKicked;

  // The audit log shows the kick, found by its filters.
  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByRole("textbox", { name: "Action" }).fill("user.kickout");
  await page.getByRole("textbox", { name: "Target" }).fill(alice);
  await expect(page).toHaveURL(new RegExp(`target=${alice}`));
  const entries = page.getByRole("table", { name: "Audit entries" });
  await expect(entries.getByRole("row")).toHaveCount(2); // header + alice's kick
  await expect(entries).toContainText("user.kickout");
  await expect(entries).toContainText("e2e-admin");
  // Off the navigation link it clicked, so the check sees the page at rest rather than a hover transition.
  await page.mouse.move(700, 20);
  await expectAccessible(page);
  await dismissNotifications(page);
  await screenshot(page, "audit-kick");

  // From her page, the conversation opens as a transcript.
  await page.goto(`/users/${alice}`);
  await page.getByRole("link", { name: `Transcript of 1:1 conversation ${bob}` }).click();
  await expect(page).toHaveURL(/\/messages\/transcript\?/);
  await expect(page.getByText("hello from bob")).toBeVisible();
});
