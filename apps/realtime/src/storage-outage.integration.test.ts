import { im } from "@im/protocol";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { startTestServer, TEST_SECRET, type TestServer } from "./test-support/harness.ts";
import { RawClient } from "./test-support/raw-client.ts";

const C = im.Cmd;
let server: TestServer | null = null;
const clients: RawClient[] = [];

afterAll(async () => {
  for (const c of clients) c.close();
  await server?.stop();
});

/** Makes the test's database refuse every connection (as if PostgreSQL were down for it), and back. */
async function setDatabaseReachable(database: string, reachable: boolean): Promise<void> {
  const admin = new pg.Client({
    connectionString: process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  });
  await admin.connect();
  try {
    await admin.query(`ALTER DATABASE ${admin.escapeIdentifier(database)} ALLOW_CONNECTIONS ${reachable}`);
    if (!reachable)
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [database]);
  } finally {
    await admin.end();
  }
}

it("PostgreSQL unreachable: a send is answered UNAVAILABLE with a retry hint, acks nothing, and the same send succeeds once it is back", async () => {
  server = await startTestServer();
  const alice = await RawClient.login(server.tcpPort, TEST_SECRET, "alice");
  const bob = await RawClient.login(server.tcpPort, TEST_SECRET, "bob");
  clients.push(alice, bob);
  const database = (await server.pool.query<{ d: string }>("SELECT current_database() AS d")).rows[0]!.d;

  await setDatabaseReachable(database, false);
  try {
    const refused = await alice.request(C.C2C_SEND_REQ, { toUid: "bob", clientMsgId: "m1", content: "during" }, 20_000);
    expect(refused.cmd).toBe(C.ERROR);
    expect(refused.status).toBe(im.ErrorCode.UNAVAILABLE);
    const body = refused.decoded as im.IErrorBody;
    expect(Number(body.retryAfterMs)).toBeGreaterThan(0);
  } finally {
    await setDatabaseReachable(database, true);
  }

  // The client retries the same send (same client_msg_id): stored once, pushed once.
  const acked = await alice.request(C.C2C_SEND_REQ, { toUid: "bob", clientMsgId: "m1", content: "during" }, 20_000);
  expect(acked.cmd).toBe(C.C2C_SEND_ACK);
  expect((acked.decoded as im.ISendAck).duplicate ?? false).toBe(false);
  await bob.waitFor((f) => f.cmd === C.MSG_PUSH);
  const page = (await bob.request(C.PULL_REQ, { afterSeq: 0, limit: 10 })).decoded as im.IPullResp;
  expect(page.messages!.map((m) => m.content)).toEqual(["during"]);
}, 60_000);
