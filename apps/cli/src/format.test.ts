import { ClientErrorCode, ConvType, CtrlType, ImClientError, KickReason } from "@im/sdk";
import { describe, expect, it } from "vitest";
import {
  formatAck,
  formatConnected,
  formatCtrl,
  formatDisconnected,
  formatError,
  formatKickout,
  formatMessage,
  formatPullPage,
  formatReconnecting,
  formatTime,
  sanitize,
} from "./format.ts";

// Local times, so the expectations hold in any time zone.
const NOW = new Date(2025, 2, 14, 18, 0, 0).getTime();
const EARLIER_TODAY = new Date(2025, 2, 14, 9, 5, 7).getTime();
const LAST_YEAR = new Date(2024, 11, 31, 23, 59, 58).getTime();

const message = (over: Partial<Parameters<typeof formatMessage>[0]> = {}) => ({
  msgId: 1,
  seq: 12,
  convType: ConvType.C2C,
  convId: "bob",
  fromUid: "bob",
  toId: "alice",
  clientMsgId: "c1",
  contentType: 1,
  content: "hello",
  sentAt: EARLIER_TODAY,
  ...over,
});

describe("formatTime", () => {
  it("shows the time today and the date on other days", () => {
    expect(formatTime(EARLIER_TODAY, NOW)).toBe("09:05:07");
    expect(formatTime(LAST_YEAR, NOW)).toBe("2024-12-31 23:59:58");
  });
});

describe("formatMessage", () => {
  it("shows time, seq, sender and text", () => {
    expect(formatMessage(message(), "alice", NOW)).toBe("09:05:07 #12 bob: hello");
  });

  it("marks my own messages from other devices, groups and system messages", () => {
    expect(formatMessage(message({ fromUid: "alice", convId: "bob", toId: "bob" }), "alice", NOW)).toBe(
      "09:05:07 #12 me → bob: hello",
    );
    expect(formatMessage(message({ convType: ConvType.GROUP, convId: "team", toId: "team" }), "alice", NOW)).toBe(
      "09:05:07 #12 [team] bob: hello",
    );
    expect(formatMessage(message({ convType: ConvType.SYSTEM, convId: "shop", fromUid: "" }), "alice", NOW)).toBe(
      "09:05:07 #12 [system shop]: hello",
    );
  });

  it("names non-text content types and keeps Unicode intact", () => {
    expect(formatMessage(message({ contentType: 5, content: '{"img":"x.png"}' }), "alice", NOW)).toBe(
      '09:05:07 #12 bob: (type 5) {"img":"x.png"}',
    );
    expect(formatMessage(message({ content: "ça va? 👋🏽 你好" }), "alice", NOW)).toBe(
      "09:05:07 #12 bob: ça va? 👋🏽 你好",
    );
  });

  it("cannot be used to send escape sequences to the reader's terminal", () => {
    const line = formatMessage(message({ fromUid: "ev\u001bil", content: "\u001b[2J\u0007gone\u202e" }), "alice", NOW);
    expect(line).toBe("09:05:07 #12 ev\\x1bil: \\x1b[2J\\x07gone\\u202e");
    expect(line).not.toMatch(/\p{Cc}/u);
  });
});

describe("sanitize", () => {
  it("indents continuation lines and keeps tabs", () => {
    expect(sanitize("one\r\ntwo\nthree\tx")).toBe("one\n    two\n    three\tx");
  });
});

describe("status lines", () => {
  it("formats acks briefly", () => {
    expect(formatAck({ msgId: 88, seq: 13, sentAt: 0, clientMsgId: "c", duplicate: false })).toBe(
      "✓ sent #13 (msg 88)",
    );
    expect(formatAck({ msgId: 88, seq: 0, sentAt: 0, clientMsgId: "c", duplicate: true })).toBe(
      "✓ sent (msg 88, already stored)",
    );
  });

  it("formats connection events", () => {
    const auth = { uid: "alice", sessionId: "s9", maxSeq: 0, ackedSeq: 0, heartbeatMs: 0, serverTime: 0 };
    const endpoint = { transport: "tcp" as const, host: "127.0.0.1", port: 7100 };
    expect(formatConnected({ auth, endpoint, reconnected: false }, "cli-alice")).toBe(
      "connected to tcp://127.0.0.1:7100 as alice (device cli-alice, session s9)",
    );
    expect(formatConnected({ auth, endpoint, reconnected: true }, "cli-alice")).toMatch(/^reconnected to/);
    expect(formatDisconnected({ reason: "socket hang up", willReconnect: true })).toBe(
      "! disconnected: socket hang up — reconnecting",
    );
    expect(formatDisconnected({ reason: "closed by the client", willReconnect: false })).toBe(
      "! disconnected: closed by the client",
    );
    expect(formatReconnecting({ attempt: 3, delayMs: 1500, endpoint })).toBe(
      "… reconnecting to tcp://127.0.0.1:7100 in 1.5 s (attempt 3)",
    );
    expect(formatReconnecting({ attempt: 1, delayMs: 300, endpoint })).toMatch(/in 300 ms/);
  });

  it("explains a kickout by another login", () => {
    expect(formatKickout({ reason: KickReason.ADMIN, message: "bye" })).toBe("! kicked out (ADMIN): bye");
    const lines = formatKickout({ reason: KickReason.OTHER_LOGIN, message: "" }).split("\n");
    expect(lines[0]).toBe("! kicked out (OTHER_LOGIN)");
    expect(lines[1]).toMatch(/--device-type/);
  });

  it("formats server control frames", () => {
    expect(
      formatCtrl({ type: CtrlType.RECONNECT, endpoints: ["tcp://10.0.0.9:7100"], delayMs: 2000, config: {} }),
    ).toBe("! server asks to reconnect to tcp://10.0.0.9:7100 within 2000 ms");
    expect(formatCtrl({ type: CtrlType.CONFIG, endpoints: [], delayMs: 0, config: { a: "1", b: "2" } })).toBe(
      "! server CONFIG: a=1, b=2",
    );
  });

  it("formats errors with code and name", () => {
    expect(formatError(new ImClientError(2002, "bad signature"))).toBe("error 2002 TOKEN_INVALID: bad signature");
    expect(formatError(new ImClientError(ClientErrorCode.TIMEOUT, "no answer"))).toBe("error 9001 TIMEOUT: no answer");
    expect(formatError(new Error("boom"))).toBe("error: boom");
  });
});

describe("formatPullPage", () => {
  it("lists the page and says how to continue", () => {
    const page = { messages: [message({ seq: 3 }), message({ seq: 4, content: "again" })], hasMore: true, maxSeq: 9 };
    expect(formatPullPage(page, 2, "alice", NOW)).toEqual([
      "09:05:07 #3 bob: hello",
      "09:05:07 #4 bob: again",
      "— 2 messages after #2; more with --after 4",
    ]);
  });

  it("says when the history is complete", () => {
    expect(formatPullPage({ messages: [], hasMore: false, maxSeq: 4 }, 4, "alice", NOW)).toEqual([
      "— 0 messages after #4; that is all (newest #4)",
    ]);
  });
});
