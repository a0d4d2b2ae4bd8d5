import { DeviceType, ImClient, type KickoutEvent, KickReason } from "@im/sdk";
import { WS_URL } from "../support/env.ts";
import { expect, expectAccessible, screenshot, signIn, test, unique } from "../support/fixtures.ts";
import { dismissNotifications } from "../support/notifications.ts";

test("an admin signs one device out from the user's page: that device is kicked and its token refused, the user's other device stays", async ({
  page,
  biz,
  clients,
  connect,
}) => {
  test.setTimeout(120_000);
  const frank = unique("frank");
  const grace = unique("grace");
  await biz.token(grace); // brings grace into being, to receive the phone's message
  const laptop = unique("laptop");
  // The laptop keeps its token, to show that this very token is refused after the sign-out.
  const laptopToken = await biz.token(frank, DeviceType.WEB);
  const laptopClient = new ImClient({
    endpoints: [{ transport: "ws", url: WS_URL }],
    token: laptopToken,
    deviceType: DeviceType.WEB,
    deviceId: laptop,
  });
  await laptopClient.connect();
  clients.push(laptopClient);
  const phoneClient = await connect(frank, { deviceType: DeviceType.IOS });
  const kicked = new Promise<KickoutEvent>((resolve) => laptopClient.on("kickout", resolve));
  let phoneKicked = false;
  phoneClient.on("kickout", () => {
    phoneKicked = true;
  });

  await signIn(page, "admin");
  await page.goto(`/users/${frank}`);
  const devices = page.getByRole("table", { name: "Devices and their sync state" });
  await expect(devices.getByRole("row").filter({ hasText: laptop })).toContainText("online");
  await devices.getByRole("button", { name: `Sign out device ${laptop}` }).click();
  const dialog = page.getByRole("dialog", { name: `Sign out ${laptop}?` });
  await expect(dialog).toContainText("other devices stay signed in");
  // The page refreshes itself while the operator reads: the dialog stays open across a refresh.
  await page.waitForResponse((r) => r.url().endsWith(`/admin/users/${frank}`) && r.ok());
  await expect(dialog).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "sign-out-device-confirm");
  await dialog.getByRole("button", { name: "Sign out" }).click();

  expect((await kicked).reason).toBe(KickReason.TOKEN_REVOKED);
  await expect(page.getByText("Device signed out")).toBeVisible();
  await expect(devices.getByRole("row").filter({ hasText: laptop })).toContainText("offline", { timeout: 15_000 });
  await expect(devices.getByRole("row").filter({ hasText: "iOS" })).toContainText("online");
  await dismissNotifications(page);
  await screenshot(page, "sign-out-device-done");

  // The laptop's token no longer logs in; the phone is still connected and sends.
  const again = new ImClient({
    endpoints: [{ transport: "ws", url: WS_URL }],
    token: laptopToken,
    deviceType: DeviceType.WEB,
    deviceId: laptop,
  });
  clients.push(again);
  await expect(again.connect()).rejects.toThrow();
  expect((await phoneClient.sendText(grace, "still here")).msgId).toBeGreaterThan(0);
  expect(phoneKicked).toBe(false);

  await page.goto(`/audit?action=user.tokens.revoke&target=${frank}`);
  const entries = page.getByRole("table", { name: "Audit entries" });
  await expect(entries.getByRole("row")).toHaveCount(2); // header + the sign-out
  await expect(entries).toContainText(laptop);
});
