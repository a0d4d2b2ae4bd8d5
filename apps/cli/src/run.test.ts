import { mintToken } from "@im/auth";
import { ConvType, DeviceType, ErrorCode, ImClient, KickReason } from "@im/sdk";
import { Cmd, FakeServer } from "@im/sdk/testing";
import { describe, expect, it, vi } from "vitest";
import { type CliDeps, run } from "./run.ts";

const NOW = new Date(2025, 2, 14, 18, 0, 0).getTime();
const AT = new Date(2025, 2, 14, 9, 5, 7).getTime();

/** stdin for tests: lines are fed by the test; end() is Ctrl-D. */
class LineFeed implements AsyncIterable<string> {
  private readonly queue: string[] = [];
  private waiting: ((r: IteratorResult<string>) => void) | undefined;
  private ended = false;

  push(line: string): void {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = undefined;
      w({ value: line, done: false });
    } else this.queue.push(line);
  }

  end(): void {
    this.ended = true;
    this.waiting?.({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<string> {
    return {
      next: () => {
        const line = this.queue.shift();
        if (line !== undefined) return Promise.resolve({ value: line, done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          this.waiting = resolve;
        });
      },
    };
  }
}

const DEV_SECRET = "generated-dev-secret-of-the-data-dir-0123456789";

function harness(
  server: FakeServer,
  env: Record<string, string> = {},
  files: Record<string, string> = { "./data/token-secret": DEV_SECRET },
) {
  const out: string[] = [];
  const err: string[] = [];
  const minted: Array<{ uid: string; deviceType?: number; ttlSeconds?: number; secret: string | Uint8Array }> = [];
  const feed = new LineFeed();
  const posted: { url: string; headers: Record<string, string>; body: object }[] = [];
  let interrupt!: () => void;
  const deps: CliDeps = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env,
    now: () => NOW,
    mintToken: async (opts) => {
      minted.push(opts);
      return `token-for-${opts.uid}`;
    },
    readFile: async (file) => files[file] ?? null,
    post: async (url, headers, body) => {
      posted.push({ url, headers, body });
      return { status: 200, body: JSON.stringify(url.endsWith("/unban") ? { banned: false } : { kicked: 2 }) };
    },
    createClient: (options) =>
      new ImClient({
        ...options,
        transportFactory: server.factory,
        requestTimeoutMs: 300,
        reconnect: { minDelayMs: 5, maxDelayMs: 20 },
      }),
    lines: () => feed,
    interrupted: new Promise((resolve) => {
      interrupt = resolve;
    }),
  };
  return { deps, out, err, minted, feed, posted, interrupt: () => interrupt() };
}

const fromBob = (seq: number, content: string) => ({
  seq,
  msgId: 1000 + seq,
  convType: ConvType.C2C,
  convId: "bob",
  fromUid: "bob",
  toId: "alice",
  clientMsgId: `b-${seq}`,
  contentType: 1,
  content,
  sentAt: AT,
});

/** Acks c2c sends with increasing seqs in alice's inbox, starting after `seq`. */
function ackSends(server: FakeServer, seq: number): void {
  let next = seq;
  server.handle(Cmd.C2C_SEND_REQ, (f, conn) => {
    const req = conn.decode(f, Cmd.C2C_SEND_REQ);
    next++;
    conn.reply(f, Cmd.C2C_SEND_ACK, { msgId: 500 + next, seq: next, sentAt: AT, clientMsgId: req.clientMsgId });
  });
}

describe("cli token", () => {
  it("mints with IM_TOKEN_SECRET and prints only the token on stdout", async () => {
    const h = harness(new FakeServer(), { IM_TOKEN_SECRET: "production-secret-0123456789" });
    expect(await run(["token", "--uid", "alice", "--device-type", "web", "--ttl", "1h"], h.deps)).toBe(0);
    expect(h.out).toEqual(["token-for-alice"]);
    expect(h.err).toEqual([]);
    expect(h.minted).toEqual([
      { secret: "production-secret-0123456789", uid: "alice", deviceType: DeviceType.WEB, ttlSeconds: 3600 },
    ]);
  });

  it("signs with the data directory's generated secret, or the file IM_TOKEN_SECRET_FILE names", async () => {
    const h = harness(new FakeServer(), {}, { "./data/token-secret": `${DEV_SECRET}\n` });
    expect(await run(["token", "--uid", "alice"], h.deps)).toBe(0);
    expect(h.minted[0]).toMatchObject({ secret: DEV_SECRET, deviceType: undefined, ttlSeconds: 86_400 });

    const other = harness(new FakeServer(), { IM_DATA_DIR: "/srv/im" }, { "/srv/im/token-secret": "other-dir-secret" });
    expect(await run(["token", "--uid", "alice"], other.deps)).toBe(0);
    expect(other.minted[0]).toMatchObject({ secret: "other-dir-secret" });

    const file = harness(new FakeServer(), { IM_TOKEN_SECRET_FILE: "/run/secret" }, { "/run/secret": "from-file\n" });
    expect(await run(["token", "--uid", "alice"], file.deps)).toBe(0);
    expect(file.minted[0]).toMatchObject({ secret: "from-file" });
  });

  it("refuses to mint without any secret and says where it looked", async () => {
    const h = harness(new FakeServer(), {}, {});
    expect(await run(["token", "--uid", "alice"], h.deps)).not.toBe(0);
    expect(h.minted).toEqual([]);
    expect(h.err.join("\n")).toMatch(/no token secret: \.\/data\/token-secret does not exist/);
  });

  it("produces a real signed token with @im/auth", async () => {
    const h = harness(new FakeServer(), {}, { "./data/token-secret": DEV_SECRET });
    h.deps.mintToken = mintToken;
    expect(await run(["token", "--uid", "alice", "--device-type", "ios", "--ttl", "2h"], h.deps)).toBe(0);
    const token = h.out[0]!;
    const [header, payload] = token
      .split(".")
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, "base64url").toString()));
    expect(header).toMatchObject({ alg: "HS256" });
    expect(payload.sub).toBe("alice");
    expect(payload.exp - payload.iat).toBe(7200);
  });

  it("binds the token to one device with --device-id", async () => {
    const h = harness(new FakeServer(), {}, { "./data/token-secret": DEV_SECRET });
    h.deps.mintToken = mintToken;
    expect(await run(["token", "--uid", "alice", "--device-id", "alice-phone"], h.deps)).toBe(0);
    const payload = JSON.parse(Buffer.from(h.out[0]!.split(".")[1]!, "base64url").toString());
    expect(payload.did).toBe("alice-phone");
  });
});

describe("cli ban, unban, revoke", () => {
  it("calls the gateway with the API key and prints what happened", async () => {
    const h = harness(new FakeServer(), { IM_API_KEY: "imk_k1_secret" });
    expect(await run(["ban", "--uid", "bob", "--reason", "spam"], h.deps)).toBe(0);
    expect(await run(["unban", "--uid", "bob", "--gateway", "https://gw.example:7180/"], h.deps)).toBe(0);
    expect(await run(["revoke", "--uid", "a/b", "--device-type", "ios"], h.deps)).toBe(0);
    expect(await run(["revoke", "--uid", "bob", "--device-id", "bob-phone"], h.deps)).toBe(0);
    expect(h.posted).toEqual([
      {
        url: "http://127.0.0.1:7180/v1/users/bob/ban",
        headers: { authorization: "Bearer imk_k1_secret" },
        body: { reason: "spam" },
      },
      { url: "https://gw.example:7180/v1/users/bob/unban", headers: expect.any(Object), body: {} },
      {
        url: "http://127.0.0.1:7180/v1/users/a%2Fb/tokens/revoke",
        headers: expect.any(Object),
        body: { deviceType: 1 },
      },
      {
        url: "http://127.0.0.1:7180/v1/users/bob/tokens/revoke",
        headers: expect.any(Object),
        body: { deviceId: "bob-phone" },
      },
    ]);
    expect(h.out).toEqual([
      "banned bob (2 session(s) kicked)",
      "unbanned bob",
      "revoked the tokens of a/b (2 session(s) kicked)",
      "revoked the tokens of bob (2 session(s) kicked)",
    ]);
  });

  it("needs IM_API_KEY and a reason to ban", async () => {
    const h = harness(new FakeServer());
    expect(await run(["unban", "--uid", "bob"], h.deps)).toBe(2);
    expect(h.err.join("\n")).toMatch(/IM_API_KEY is not set/);
    expect(await run(["ban", "--uid", "bob"], h.deps)).toBe(2);
    expect(h.posted).toEqual([]);
  });
});

describe("cli send", () => {
  it("connects as a desktop device, sends, prints the ack and exits 0", async () => {
    const server = new FakeServer();
    ackSends(server, 4);
    const h = harness(server);
    expect(await run(["send", "--uid", "alice", "--to", "bob", "hello 👋"], h.deps)).toBe(0);
    expect(h.out).toEqual(["✓ sent #5 (msg 505)"]);
    const conn = server.last;
    expect(conn.requests(Cmd.AUTH_REQ)[0]).toMatchObject({
      token: "token-for-alice",
      deviceType: DeviceType.DESKTOP,
      deviceId: "cli-alice",
      clientVersion: "im-cli/0.1.0",
    });
    expect(h.minted[0]).toMatchObject({ uid: "alice", deviceType: DeviceType.DESKTOP });
    expect(conn.requests(Cmd.C2C_SEND_REQ)).toMatchObject([
      {
        toUid: "bob",
        content: "hello 👋",
      },
    ]);
    expect(conn.sent(Cmd.PULL_REQ)).toHaveLength(0); // sending does not consume unread messages
    await vi.waitFor(() => expect(conn.closed).toBeDefined());
  });

  it("uses --token instead of minting", async () => {
    const server = new FakeServer();
    ackSends(server, 0);
    const h = harness(server);
    expect(await run(["send", "--uid", "alice", "--to", "bob", "--token", "given", "hi"], h.deps)).toBe(0);
    expect(h.minted).toEqual([]);
    const conn = server.last;
    expect(conn.requests(Cmd.AUTH_REQ)[0]!.token).toBe("given");
  });

  it("explains a refused token", async () => {
    const server = new FakeServer();
    server.authError = { code: ErrorCode.TOKEN_INVALID, message: "signature mismatch" };
    const h = harness(server);
    expect(await run(["send", "--uid", "alice", "--to", "bob", "hi"], h.deps)).toBe(1);
    expect(h.err).toContain("error 2002 TOKEN_INVALID: signature mismatch");
    expect(h.err.join("\n")).toMatch(/set IM_TOKEN_SECRET to the server's secret/);
  });

  it("explains an unreachable server", async () => {
    const server = new FakeServer();
    server.down.add("tcp://127.0.0.1:7100");
    const h = harness(server);
    expect(await run(["send", "--uid", "alice", "--to", "bob", "hi"], h.deps)).toBe(1);
    expect(h.err.join("\n")).toMatch(
      /CONNECT_FAILED[\s\S]*is the server running and listening on tcp:\/\/127.0.0.1:7100/,
    );
  });

  it("reports a refused send", async () => {
    const server = new FakeServer();
    server.handle(Cmd.C2C_SEND_REQ, (f, conn) => conn.error(f, ErrorCode.USER_NOT_FOUND, "no such user: bobb"));
    const h = harness(server);
    expect(await run(["send", "--uid", "alice", "--to", "bobb", "hi"], h.deps)).toBe(1);
    expect(h.err).toContain("error 4004 USER_NOT_FOUND: no such user: bobb");
  });
});

describe("cli pull", () => {
  it("prints one page of history", async () => {
    const server = new FakeServer().serveInbox([fromBob(1, "one"), fromBob(2, "two"), fromBob(3, "three")]);
    const h = harness(server);
    expect(await run(["pull", "--uid", "alice", "--after", "0", "--limit", "2"], h.deps)).toBe(0);
    expect(h.out).toEqual([
      "09:05:07 #1 bob: one",
      "09:05:07 #2 bob: two",
      "— 2 messages after #0; more with --after 2",
    ]);
    expect(server.last.requests(Cmd.PULL_REQ)).toMatchObject([{ afterSeq: 0, limit: 2 }]);
  });
});

describe("cli watch", () => {
  it("prints what arrives, including messages missed while away, until Ctrl-C", async () => {
    const server = new FakeServer().serveInbox([fromBob(1, "old"), fromBob(2, "missed")]);
    server.auth = { uid: "alice", maxSeq: 2, ackedSeq: 1 };
    const h = harness(server);
    const code = run(["watch", "--uid", "alice"], h.deps);
    await vi.waitFor(() => expect(h.out).toEqual(["09:05:07 #2 bob: missed"]));
    server.last.push(fromBob(3, "live"));
    await vi.waitFor(() => expect(h.out).toHaveLength(2));
    expect(h.out[1]).toBe("09:05:07 #3 bob: live");
    expect(h.err).toContain("connecting to tcp://127.0.0.1:7100 as alice…");
    expect(h.err).toContain("connected to tcp://127.0.0.1:7100 as alice (device cli-alice, session session-1)");
    h.interrupt();
    expect(await code).toBe(0);
    await vi.waitFor(() => expect(server.last.closed).toBeDefined());
  });

  it("seeds the cursor from --after", async () => {
    const server = new FakeServer().serveInbox([fromBob(1, "one"), fromBob(2, "two")]);
    server.auth = { uid: "alice", maxSeq: 2, ackedSeq: 2 };
    const h = harness(server);
    const code = run(["watch", "--uid", "alice", "--after", "0"], h.deps);
    await vi.waitFor(() => expect(h.out).toEqual(["09:05:07 #1 bob: one", "09:05:07 #2 bob: two"]));
    h.interrupt();
    expect(await code).toBe(0);
  });

  it("shows a kickout and exits 1", async () => {
    const server = new FakeServer();
    const h = harness(server);
    const code = run(["watch", "--uid", "alice"], h.deps);
    await vi.waitFor(() => expect(server.connections).toHaveLength(1));
    await vi.waitFor(() => expect(h.err.some((l) => l.startsWith("watching"))).toBe(true));
    server.last.kickout(KickReason.OTHER_LOGIN);
    expect(await code).toBe(1);
    expect(h.err.join("\n")).toMatch(/! kicked out \(OTHER_LOGIN\)/);
    expect(server.connections).toHaveLength(1);
  });

  it("shows reconnects", async () => {
    const server = new FakeServer();
    const h = harness(server);
    const code = run(["watch", "--uid", "alice"], h.deps);
    await vi.waitFor(() => expect(h.err.some((l) => l.startsWith("watching"))).toBe(true));
    server.last.close("node restarting");
    await vi.waitFor(() => expect(h.err.some((l) => l.startsWith("reconnected to"))).toBe(true));
    expect(h.err).toContain("! disconnected: node restarting — reconnecting");
    expect(h.err.some((l) => l.startsWith("… reconnecting to tcp://127.0.0.1:7100"))).toBe(true);
    h.interrupt();
    expect(await code).toBe(0);
  });
});

describe("cli chat", () => {
  it("sends each typed line in order, prints acks and incoming messages, and quits on Ctrl-D", async () => {
    const server = new FakeServer();
    ackSends(server, 1);
    const h = harness(server);
    const code = run(["chat", "--uid", "alice", "--to", "bob"], h.deps);
    await vi.waitFor(() => expect(h.err.some((l) => l.startsWith("type a message"))).toBe(true));
    server.last.push(fromBob(1, "hi alice"));
    await vi.waitFor(() => expect(h.out).toEqual(["09:05:07 #1 bob: hi alice"]));
    h.feed.push("hello bob");
    h.feed.push("   "); // blank lines are not sent
    h.feed.push("how are you?\r");
    h.feed.end();
    expect(await code).toBe(0);
    expect(h.out).toEqual(["09:05:07 #1 bob: hi alice", "✓ sent #2 (msg 502)", "✓ sent #3 (msg 503)"]);
    const sent = server.last.requests(Cmd.C2C_SEND_REQ).map((b) => [b.toUid, b.content]);
    expect(sent).toEqual([
      ["bob", "hello bob"],
      ["bob", "how are you?"],
    ]);
  });

  it("prints my messages sent from another device", async () => {
    const server = new FakeServer();
    const h = harness(server);
    const code = run(["chat", "--uid", "alice", "--to", "bob"], h.deps);
    await vi.waitFor(() => expect(h.err.some((l) => l.startsWith("type a message"))).toBe(true));
    server.last.push({ ...fromBob(1, "sent from my phone"), fromUid: "alice", toId: "bob" });
    await vi.waitFor(() => expect(h.out).toEqual(["09:05:07 #1 me → bob: sent from my phone"]));
    h.interrupt();
    expect(await code).toBe(0);
  });

  it("quits on Ctrl-C even while a send waits for the server", async () => {
    const server = new FakeServer();
    server.handle(Cmd.C2C_SEND_REQ, () => {}); // never answers
    const h = harness(server);
    const code = run(["chat", "--uid", "alice", "--to", "bob"], h.deps);
    await vi.waitFor(() => expect(h.err.some((l) => l.startsWith("type a message"))).toBe(true));
    h.feed.push("anyone there?");
    await vi.waitFor(() => expect(server.last.sent(Cmd.C2C_SEND_REQ)).toHaveLength(1));
    h.interrupt();
    expect(await code).toBe(0);
  });
});

describe("cli usage", () => {
  it("prints help on stdout", async () => {
    const h = harness(new FakeServer());
    expect(await run(["--help"], h.deps)).toBe(0);
    expect(h.out[0]).toMatch(/^Usage: npm run cli -- <command>/);
  });

  it("exits 2 with a pointer to --help on a bad command line", async () => {
    const h = harness(new FakeServer());
    expect(await run(["chat", "--uid", "alice"], h.deps)).toBe(2);
    expect(h.err).toEqual([
      "error: --to is required",
      'run "npm run cli -- --help" for the commands and their options',
    ]);
  });
});
