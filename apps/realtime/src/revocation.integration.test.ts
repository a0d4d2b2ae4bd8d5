import { mintToken } from "@im/auth";
import { createDb, type Db } from "@im/db";
import { createApiKey, createBusinessLine } from "@im/gateway";
import { im } from "@im/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClusterWithDatabase, startClusterWithDatabase } from "./test-support/cluster.ts";
import { RawClient } from "./test-support/raw-client.ts";
import { spawnServer } from "./test-support/server-process.ts";

const C = im.Cmd;
const SECRET = "revocation-test-secret-0123456789abcdefgh";
const OLD_SECRET = "revocation-old-secret-9876543210zyxwvuts";
/** The login-state cache of the other node (2 s) plus slack. */
const CACHE_MS = 2500;

let db: Db;
let cluster: ClusterWithDatabase;
let gateway: string;
let key: string;
const clients: RawClient[] = [];

beforeAll(async () => {
  // Unlimited sessions per user, so two devices of one type can be online together.
  cluster = await startClusterWithDatabase({
    nodes: 2,
    secret: SECRET,
    env: { IM_KICKOUT_POLICY: "unlimited" },
  });
  const ready = await cluster.slots[0]!.process!.waitForLog(
    (r) => typeof r.msg === "string" && r.msg.startsWith("ready"),
  );
  gateway = `http://${(ready.bound as { gateway: string }).gateway}`;
  db = createDb(cluster.databaseUrl);
  await createBusinessLine(db, { id: "mod", name: "Moderation" });
  key = (await createApiKey(db, "mod")).key;
});

afterAll(async () => {
  for (const c of clients) c.close();
  await db?.close();
  await cluster?.stop();
});

/** Logs in on node `i` (0-based); resolves with the client, or the refusal's status. */
async function login(
  i: number,
  uid: string,
  deviceType = 4,
  token?: string,
  deviceId = `${uid}-${deviceType}`,
): Promise<RawClient | number> {
  const c = await RawClient.tcp(cluster.slots[i]!.tcpPort);
  clients.push(c);
  const r = await c.request(C.AUTH_REQ, {
    token: token ?? (await mintToken({ secret: SECRET, uid, ttlSeconds: 600 })),
    deviceType,
    deviceId,
  });
  if (r.cmd === C.AUTH_RESP) return c;
  c.close();
  return r.status;
}

async function api(path: string, body: object = {}): Promise<Record<string, unknown>> {
  const res = await fetch(`${gateway}/v1${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status, path).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

const kicked = (c: RawClient) => c.waitFor((f) => f.cmd === C.KICKOUT, 3000);

describe("ban across nodes", () => {
  it("kicks the user's sessions on another node at once and refuses logins until unbanned", async () => {
    const session = await login(1, "ban-bob");
    expect(session).toBeInstanceOf(RawClient);
    const ban = await api("/users/ban-bob/ban", { reason: "spam" });
    expect(ban.kicked).toBe(1);
    await kicked(session as RawClient);

    // The node that took the ban knows at once; the other within its cache time.
    expect(await login(0, "ban-bob")).toBe(im.ErrorCode.FORBIDDEN);
    await new Promise((r) => setTimeout(r, CACHE_MS));
    expect(await login(1, "ban-bob")).toBe(im.ErrorCode.FORBIDDEN);

    await api("/users/ban-bob/unban");
    await new Promise((r) => setTimeout(r, CACHE_MS));
    expect(await login(1, "ban-bob")).toBeInstanceOf(RawClient);
  });
});

describe("token revocation across nodes", () => {
  it("ends the sessions of one device type and refuses the revoked token, not newer ones", async () => {
    const oldToken = await mintToken({ secret: SECRET, uid: "rev-ria", ttlSeconds: 600 });
    const ios = await login(1, "rev-ria", 1, oldToken);
    const desktop = await login(1, "rev-ria", 4, oldToken);
    expect(ios).toBeInstanceOf(RawClient);
    expect(desktop).toBeInstanceOf(RawClient);

    const revoked = await api("/users/rev-ria/tokens/revoke", { deviceType: 1 });
    expect(revoked.kicked).toBe(1);
    await kicked(ios as RawClient);
    await expect(kicked(desktop as RawClient)).rejects.toThrow();

    await new Promise((r) => setTimeout(r, CACHE_MS));
    expect(await login(1, "rev-ria", 1, oldToken)).toBe(im.ErrorCode.TOKEN_INVALID);
    // Another device type was not revoked; a token minted after the revocation works.
    expect(await login(1, "rev-ria", 5, oldToken)).toBeInstanceOf(RawClient);
    expect(await login(1, "rev-ria", 1)).toBeInstanceOf(RawClient);
  });
});

describe("tokens bound to a device, and revocation per device", () => {
  it("refuses a token bound to one device id when another device presents it", async () => {
    const token = await mintToken({ secret: SECRET, uid: "dev-dan", deviceId: "dan-phone", ttlSeconds: 600 });
    expect(await login(1, "dev-dan", 2, token, "dan-tablet")).toBe(im.ErrorCode.TOKEN_INVALID);
    expect(await login(1, "dev-dan", 2, token, "dan-phone")).toBeInstanceOf(RawClient);
  });

  it("revoking device X kicks X on another node, not device Y of the same type and user, and refuses X's tokens", async () => {
    const bound = ((await api("/tokens", { uid: "dev-deb", deviceId: "deb-x" })) as { token: string }).token;
    const unbound = await mintToken({ secret: SECRET, uid: "dev-deb", ttlSeconds: 600 });
    const x = await login(1, "dev-deb", 2, bound, "deb-x");
    const y = await login(1, "dev-deb", 2, unbound, "deb-y");
    expect(x).toBeInstanceOf(RawClient);
    expect(y).toBeInstanceOf(RawClient);

    // The gateway runs in node 0's process; both sessions live on node 1.
    const revoked = await api("/users/dev-deb/tokens/revoke", { deviceId: "deb-x" });
    expect(revoked.kicked).toBe(1);
    const kick = await kicked(x as RawClient);
    expect((kick.decoded as im.IKickout).reason).toBe(im.KickReason.TOKEN_REVOKED);
    await expect(kicked(y as RawClient)).rejects.toThrow();

    await new Promise((r) => setTimeout(r, CACHE_MS));
    // X's token is refused on either node, and so is an older unbound token presented by X...
    expect(await login(1, "dev-deb", 2, bound, "deb-x")).toBe(im.ErrorCode.TOKEN_INVALID);
    expect(await login(0, "dev-deb", 2, unbound, "deb-x")).toBe(im.ErrorCode.TOKEN_INVALID);
    // ...while device Y keeps working with it, and X may log in with a token issued after the revocation.
    expect(await login(1, "dev-deb", 2, unbound, "deb-y2")).toBeInstanceOf(RawClient);
    await new Promise((r) => setTimeout(r, 1000)); // token times are whole seconds
    const fresh = ((await api("/tokens", { uid: "dev-deb", deviceId: "deb-x" })) as { token: string }).token;
    expect(await login(1, "dev-deb", 2, fresh, "deb-x")).toBeInstanceOf(RawClient);
  });
});

describe("token secret rotation", () => {
  it("accepts tokens of IM_TOKEN_SECRET_PREVIOUS during the overlap and not after it", async () => {
    const env = { DATABASE_URL: cluster.databaseUrl, REDIS_URL: undefined, IM_TOKEN_SECRET: SECRET };
    const during = await spawnServer({ ...env, IM_TOKEN_SECRET_PREVIOUS: OLD_SECRET });
    try {
      const old = await RawClient.login(during.tcpPort, OLD_SECRET, "rot-ray");
      old.close();
      const current = await RawClient.login(during.tcpPort, SECRET, "rot-ray");
      current.close();
    } finally {
      await during.stop();
    }
    const after = await spawnServer({ ...env, IM_TOKEN_SECRET_PREVIOUS: undefined });
    try {
      await expect(RawClient.login(after.tcpPort, OLD_SECRET, "rot-ray")).rejects.toThrow(/status 2002/);
    } finally {
      await after.stop();
    }
  });
});
