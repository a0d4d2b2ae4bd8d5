import { DeviceType } from "@im/sdk";
import { describe, expect, it } from "vitest";
import { parseCommand, parseDuration, USAGE, UsageError } from "./args.ts";

describe("parseCommand", () => {
  it("applies the documented defaults", () => {
    expect(parseCommand(["chat", "--uid", "alice", "--to", "bob"])).toEqual({
      name: "chat",
      to: "bob",
      connect: {
        uid: "alice",
        endpoint: { transport: "tcp", host: "127.0.0.1", port: 7100 },
        token: undefined,
        deviceType: DeviceType.DESKTOP,
        deviceId: "cli-alice",
      },
    });
  });

  it("builds the WebSocket endpoint from --ws, --host and --port, or takes --url", () => {
    const ws = (argv: string[]) => (parseCommand(["watch", "--uid", "bob", ...argv]) as { connect: unknown }).connect;
    expect(ws(["--ws"])).toMatchObject({ endpoint: { transport: "ws", url: "ws://127.0.0.1:7101/ws" } });
    expect(ws(["--ws", "--host", "10.1.2.3", "--port", "9000"])).toMatchObject({
      endpoint: { transport: "ws", url: "ws://10.1.2.3:9000/ws" },
    });
    expect(ws(["--url", "wss://im.example.com/ws"])).toMatchObject({
      endpoint: { transport: "ws", url: "wss://im.example.com/ws" },
    });
    expect(ws(["--host", "::1", "--ws"])).toMatchObject({ endpoint: { url: "ws://[::1]:7101/ws" } });
    expect(ws(["--port", "7200"])).toMatchObject({ endpoint: { transport: "tcp", host: "127.0.0.1", port: 7200 } });
  });

  it("connects with TLS on --tls (TCP over TLS, or wss:// with --ws) and takes a CA file", () => {
    const connect = (argv: string[]) =>
      (parseCommand(["watch", "--uid", "bob", ...argv]) as { connect: unknown }).connect;
    expect(connect(["--tls", "--host", "im.example.com"])).toMatchObject({
      endpoint: { transport: "tcp", host: "im.example.com", port: 7100, tls: true },
    });
    expect(connect(["--tls", "--ws", "--ca", "/etc/im/ca.pem"])).toMatchObject({
      endpoint: { transport: "ws", url: "wss://127.0.0.1:7101/ws" },
      caFile: "/etc/im/ca.pem",
    });
    expect(() => parseCommand(["watch", "--uid", "bob", "--tls", "--url", "ws://x/ws"])).toThrow(UsageError);
  });

  it("takes device type, device id and token", () => {
    const cmd = parseCommand([
      "watch",
      "--uid",
      "bob",
      "--device-type",
      "Web",
      "--device-id",
      "laptop",
      "--token",
      "tok",
      "--after",
      "12",
    ]);
    expect(cmd).toMatchObject({
      name: "watch",
      after: 12,
      connect: { deviceType: DeviceType.WEB, deviceId: "laptop", token: "tok" },
    });
  });

  it("joins the words of send's text", () => {
    expect(parseCommand(["send", "--uid", "alice", "--to", "bob", "hello", "there"])).toMatchObject({
      name: "send",
      to: "bob",
      text: "hello there",
    });
    expect(parseCommand(["send", "--uid", "alice", "--to", "bob", "--", "--not-a-flag"])).toMatchObject({
      text: "--not-a-flag",
    });
  });

  it("reads pull's page and token's lifetime", () => {
    expect(parseCommand(["pull", "--uid", "bob"])).toMatchObject({ name: "pull", after: 0, limit: 50 });
    expect(parseCommand(["pull", "--uid", "bob", "--after", "40", "--limit", "10"])).toMatchObject({
      after: 40,
      limit: 10,
    });
    expect(parseCommand(["token", "--uid", "alice"])).toEqual({
      name: "token",
      uid: "alice",
      deviceType: undefined,
      ttlSeconds: 86_400,
    });
    expect(parseCommand(["token", "--uid", "alice", "--device-type", "ios", "--ttl", "30m"])).toEqual({
      name: "token",
      uid: "alice",
      deviceType: DeviceType.IOS,
      ttlSeconds: 1800,
    });
  });

  it("answers help", () => {
    expect(parseCommand([])).toEqual({ name: "help" });
    expect(parseCommand(["--help"])).toEqual({ name: "help" });
    expect(parseCommand(["chat", "-h"])).toEqual({ name: "help" });
    expect(USAGE).toContain("npm run cli -- chat --uid alice --to bob");
  });

  it.each([
    [["frobnicate"], /unknown command "frobnicate"/],
    [["chat", "--to", "bob"], /--uid is required/],
    [["chat", "--uid", "alice"], /--to is required/],
    [["send", "--uid", "alice", "--to", "bob"], /send needs the message text/],
    [["watch", "--uid", "bob", "--limit", "5"], /--limit is not an option of "watch"/],
    [["token", "--uid", "a", "--ws"], /--ws is not an option of "token"/],
    [["chat", "--uid", "a", "--to", "b", "--colour"], /Unknown option '--colour'/],
    [["chat", "--uid", "a", "--to", "b", "hello"], /unexpected argument "hello"/],
    [["watch", "--uid", "a", "--port", "70000"], /--port must be 1-65535/],
    [["watch", "--uid", "a", "--device-type", "toaster"], /unknown device type "toaster"/],
    [["pull", "--uid", "a", "--limit", "0"], /--limit must be between 1 and 500/],
    [["pull", "--uid", "a", "--after", "soon"], /--after must be a seq number/],
    [["watch", "--uid", "a", "--url", "http://x/ws"], /--url must be a ws:\/\/ or wss:\/\/ URL/],
    [["watch", "--uid", "a", "--url", "ws://x/ws", "--port", "1"], /drop --host\/--port/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
    expect(() => parseCommand(argv)).toThrow(message);
  });
});

describe("parseDuration", () => {
  it("reads seconds, minutes, hours and days", () => {
    expect(["90", "90s", "30m", "24h", "7d", "2H"].map(parseDuration)).toEqual([90, 90, 1800, 86_400, 604_800, 7200]);
  });

  it("rejects nonsense and zero", () => {
    expect(() => parseDuration("soon")).toThrow(/cannot read duration/);
    expect(() => parseDuration("1w")).toThrow(/cannot read duration/);
    expect(() => parseDuration("0h")).toThrow(/must be positive/);
  });
});
