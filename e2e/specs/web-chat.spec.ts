import { ConvType, GroupOp } from "@im/sdk";
import { tcpUser, WebChat } from "../pages/web-chat.ts";
import { createBusinessLine, expect, expectAccessible, screenshot, test, unique } from "../support/fixtures.ts";

test("two browser users chat both ways, see read state, and a TCP SDK user joins their group", async ({
  admin,
  browser,
  clients,
}) => {
  const [ann, ben, cat] = [unique("ann"), unique("ben"), unique("cat")];
  const a = await WebChat.open(browser, ann);
  const b = await WebChat.open(browser, ben);

  // 1:1 both ways.
  await a.chatWith(ben);
  await a.send("hello ben");
  await a.expectStored("hello ben");
  await expect(b.conversation(ann)).toContainText("1 unread");
  await b.open(ann);
  await expect(b.message("hello ben")).toHaveCount(1);
  // Ben has it open: Ann's message turns read.
  await expect(a.message("hello ben")).toContainText("Read");
  await b.send("hi ann");
  await expect(a.message("hi ann")).toHaveCount(1);
  await expect(b.message("hi ann")).toContainText("Read");
  expect(await a.texts()).toEqual(["hello ben", "hi ann"]);
  expect(await b.texts()).toEqual(["hello ben", "hi ann"]);
  await expectAccessible(a.page);
  await screenshot(a.page, "web-chat-1to1");

  // A group of the two browser users and one TCP SDK user.
  const c = await tcpUser(await createBusinessLine(admin), cat);
  clients.push(c.client);
  const created = await c.client.group({ op: GroupOp.CREATE, name: "Trio", uids: [ann, ben] });
  const groupId = created.group!.id;
  await c.client.sendGroup({ groupId, content: "cat: hello both" });
  await expect(a.conversation("# Trio")).toContainText("1 unread");
  await a.open("# Trio");
  await expect(a.message("cat: hello both")).toHaveCount(1);
  await a.send("ann: hi cat");
  await a.expectStored("ann: hi cat");
  await expect(b.conversation("# Trio")).toContainText("2 unread");
  await b.open("# Trio");
  await expect(b.message("ann: hi cat")).toHaveCount(1);
  // Ben read it on opening the group; Cat has not read anything yet.
  await expect(a.message("ann: hi cat")).toContainText("Read by 1 of 2");
  await b.send("ben: hi all");
  await b.expectStored("ben: hi all");
  await c.client.sendGroup({ groupId, content: "cat: bye" });

  const order = ["cat: hello both", "ann: hi cat", "ben: hi all", "cat: bye"];
  await expect(a.messages()).toHaveCount(4);
  await expect(b.messages()).toHaveCount(4);
  expect(await a.texts()).toEqual(order);
  expect(await b.texts()).toEqual(order);
  await expect.poll(() => c.received.filter((t) => order.includes(t))).toEqual(order);
  const history = await c.client.history(ConvType.GROUP, groupId, { limit: 10 });
  expect(history.messages.map((m) => m.content)).toEqual(order);
  await screenshot(b.page, "web-chat-group");
  await a.close();
  await b.close();
});

test("on a phone-sized screen the list and the conversation take turns", async ({ browser }) => {
  const [dan, eve] = [unique("dan"), unique("eve")];
  const d = await WebChat.open(browser, dan, { width: 390, height: 760 });
  const e = await WebChat.open(browser, eve);
  await e.chatWith(dan);
  await e.send("are you on your phone?");
  await expect(d.conversation(eve)).toContainText("1 unread");
  await screenshot(d.page, "web-phone-list");
  await d.open(eve);
  await expect(d.page.getByRole("complementary", { name: "Conversations" })).toBeHidden();
  await d.send("yes");
  await expect(e.message("yes")).toHaveCount(1);
  await expectAccessible(d.page);
  await screenshot(d.page, "web-phone-chat");
  await d.page.getByRole("button", { name: "Back to conversations" }).click();
  await expect(d.conversation(eve)).toBeVisible();
  await d.close();
  await e.close();
});
