import { AdminApi, expect, signIn, test, unique } from "../support/fixtures.ts";

test("a viewer reads groups, messages and business lines but gets no write controls, and the API refuses writes", async ({
  page,
  admin,
  biz,
  connect,
}) => {
  const [owner, member] = [unique("owner"), unique("member")];
  const o = await connect(owner);
  await connect(member);
  const group = await admin.ok<{ id: string }>("POST", "/admin/groups", {
    name: unique("Readers"),
    ownerUid: owner,
    members: [member],
  });
  await o.sendGroup({ groupId: group.id, content: "for your eyes only" });

  await signIn(page, "viewer");
  await page.goto("/groups");
  await expect(page.getByRole("table", { name: "Groups" })).toBeVisible();
  await expect(page.getByRole("button", { name: "New group" })).toHaveCount(0);
  await page.goto(`/groups/${group.id}`);
  await expect(page.getByRole("table", { name: "Group members" }).getByRole("row")).toHaveCount(3);
  for (const name of ["Mute group", "Dismiss group", "Rename", "Add", `Remove ${member}`])
    await expect(page.getByRole("button", { name, exact: true })).toHaveCount(0);

  // Viewers may not read content unless granted: the archive shows the message, not its text.
  await page.goto(`/messages?convType=2&convId=${group.id}`);
  const row = page.getByRole("table", { name: /Messages/ }).locator("tbody tr");
  await expect(row).toHaveCount(1);
  await expect(row.first()).toContainText("hidden");
  await expect(row.first()).not.toContainText("for your eyes only");

  await page.goto(`/business-lines/${biz.id}`);
  await expect(page.getByRole("table", { name: "API keys" })).toBeVisible();
  for (const name of ["New API key", "Pause delivery", "Save target"])
    await expect(page.getByRole("button", { name })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Rotate key/ })).toHaveCount(0);
  await page.goto("/business-lines");
  await expect(page.getByRole("button", { name: "New business line" })).toHaveCount(0);

  const viewer = await AdminApi.signIn("viewer");
  try {
    expect((await viewer.write("POST", "/admin/groups", { name: "Mine", ownerUid: owner })).status()).toBe(403);
    expect((await viewer.write("POST", `/admin/business-lines/${biz.id}/keys`, {})).status()).toBe(403);
    expect(
      (await viewer.write("POST", `/admin/business-lines/${biz.id}/keys/rotate`, { keyId: biz.keyId })).status(),
    ).toBe(403);
  } finally {
    await viewer.dispose();
  }
});
