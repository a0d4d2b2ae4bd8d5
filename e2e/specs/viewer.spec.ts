import { DeviceType } from "@im/sdk";
import { AdminApi, expect, expectAccessible, screenshot, signIn, test, unique } from "../support/fixtures.ts";

/** Every write control of the pages built for operating the system. */
const WRITE_CONTROLS =
  /kick|send system message|create operator|disable|enable|reset password|change role|ban|set password/i;

test("a viewer sees no write actions on the operating pages, and the API refuses those writes", async ({
  page,
  admin,
  biz,
  connect,
}) => {
  const dave = unique("dave");
  const daveClient = await connect(dave, { deviceType: DeviceType.ANDROID });
  await admin.ok("POST", "/admin/messages/system", { toUids: [dave], content: "private notice", businessId: biz.id });

  await signIn(page, "viewer");
  const pages = [
    { path: "/", heading: "Dashboard", shot: "viewer-dashboard" },
    { path: "/online", heading: "Online", shot: "viewer-online" },
    { path: "/users", heading: "Users", shot: "viewer-users" },
    { path: `/users/${dave}`, heading: `User ${dave}`, shot: "viewer-user-detail" },
    { path: "/operators", heading: "Operators", shot: "viewer-operators" },
    { path: "/audit", heading: "Audit log", shot: "viewer-audit" },
  ];
  for (const p of pages) {
    await page.goto(p.path);
    await expect(page.getByRole("heading", { name: p.heading, exact: true })).toBeVisible();
    // Wait for the page's data, so hidden controls are not merely still loading.
    await expect(page.getByRole("status")).toHaveCount(0);
    await expect(page.getByRole("table").first()).toBeVisible();
    await expect(page.getByRole("button", { name: WRITE_CONTROLS })).toHaveCount(0);
    await expectAccessible(page);
    await screenshot(page, p.shot);
  }
  // Users are found by a uid prefix; the hit links to the user page.
  await page.goto("/users");
  await page.getByRole("textbox", { name: "Search users" }).fill(dave.slice(0, -2));
  await expect(page).toHaveURL(/q=dave-/);
  await expect(page.getByRole("link", { name: dave })).toBeVisible();

  // On a smaller laptop screen the wide tables scroll inside their frame instead of squeezing the page.
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(`/users/${dave}`);
  await expect(page.getByRole("table", { name: "Devices and their sync state" })).toContainText("Android");
  await screenshot(page, "viewer-user-detail-1024");
  await page.goto("/");
  await expect(page.getByLabel("Online users", { exact: true })).toBeVisible();
  await screenshot(page, "viewer-dashboard-1024");

  // The user page still shows the device a viewer asks about, just without the kick.
  await page.goto(`/users/${dave}`);
  await expect(page.getByRole("table", { name: "Devices and their sync state" })).toContainText("Android");
  await expect(page.getByRole("columnheader", { name: "Actions" })).toHaveCount(0);
  // Without the content grant a viewer sees that a message exists, not what it says.
  const recent = page.getByRole("table", { name: "The user's latest inbox messages" });
  await expect(recent).toContainText("hidden");
  await expect(recent).not.toContainText("private notice");

  // The API refuses each of those writes to a viewer.
  const viewer = await AdminApi.signIn("viewer");
  try {
    const { items } = await viewer.get<{ items: { id: string; username: string }[] }>("/admin/operators");
    const adminId = items.find((o) => o.username === "e2e-admin")?.id;
    expect(adminId).toBeDefined();
    const writes: ["POST" | "PATCH", string, unknown][] = [
      ["POST", `/admin/users/${dave}/kickout`, { reason: "viewer tries" }],
      ["POST", `/admin/users/${dave}/ban`, { reason: "viewer tries" }],
      ["POST", `/admin/users/${dave}/unban`, {}],
      ["POST", "/admin/messages/system", { toUids: [dave], content: "hi", businessId: biz.id }],
      ["POST", "/admin/operators", { username: unique("eve"), role: "admin", password: "eve-password-1234" }],
      ["PATCH", `/admin/operators/${adminId}`, { disabled: true }],
      ["POST", `/admin/operators/${adminId}/password`, { password: "taken-over-password" }],
    ];
    for (const [method, path, body] of writes) {
      const res = await viewer.write(method, path, body);
      expect(res.status(), `${method} ${path}`).toBe(403);
      expect((await res.json()).error.code).toBe("FORBIDDEN");
    }
  } finally {
    await viewer.dispose();
  }
  // Nothing happened: dave is still connected, and no operator was created.
  expect(daveClient.state).toBe("connected");
  // (The business line that minted dave's token audited that; no operator action on dave was recorded.)
  const audit = await admin.get<{ entries: { action: string; operatorId: string | null }[] }>(
    `/admin/audit?target=${dave}`,
  );
  expect(audit.entries.filter((e) => e.operatorId !== null)).toEqual([]);
});
