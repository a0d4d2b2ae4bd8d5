import { im } from "@im/protocol";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../test-support/harness.ts";
import { RawClient } from "../test-support/raw-client.ts";

const C = im.Cmd;
let server: TestServer;
let client: RawClient;

beforeAll(async () => {
  server = await startTestServer();
  client = await RawClient.tcp(server.tcpPort);
  await client.request(C.AUTH_REQ, { token: await server.token("reader"), deviceType: 3, deviceId: "r" });
});
afterAll(async () => {
  client?.close();
  await server?.stop();
});

it("clients fetch the organisation tree, a subtree, and members", async () => {
  const org = server.storage.org;
  const hq = await org.createUnit({ id: "hq", parentId: null, name: "Headquarters" });
  const eng = await org.createUnit({ id: "eng", parentId: hq.id, name: "Engineering", sort: 1 });
  await org.createUnit({ id: "ops", parentId: hq.id, name: "Operations", sort: 2 });
  await org.createUnit({ id: "im", parentId: eng.id, name: "IM team" });
  await org.addMember("im", "alice", { title: "lead" });
  await org.addMember("ops", "bob", {});

  const whole = (await client.request(C.ORG_TREE_REQ, { withMembers: true })).decoded as im.IOrgTreeResp;
  expect(whole.units!.map((u) => [u.id, u.depth ?? 0])).toEqual([
    ["hq", 0],
    ["eng", 1],
    ["im", 2],
    ["ops", 1],
  ]);
  expect(whole.members!.map((m) => m.uid).sort()).toEqual(["alice", "bob"]);

  const sub = (await client.request(C.ORG_TREE_REQ, { rootId: "eng", withMembers: true })).decoded as im.IOrgTreeResp;
  expect(sub.units!.map((u) => u.id)).toEqual(["eng", "im"]);
  expect(sub.members).toEqual([expect.objectContaining({ unitId: "im", uid: "alice", title: "lead" })]);

  const missing = await client.request(C.ORG_TREE_REQ, { rootId: "nowhere" });
  expect(missing.status).toBe(im.ErrorCode.NOT_FOUND);
});
