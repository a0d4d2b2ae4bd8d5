import {
  type ChatMessage,
  type ConnectedEvent,
  ConvType,
  type CtrlEvent,
  CtrlType,
  type DisconnectedEvent,
  describeEndpoint,
  ImClientError,
  type KickoutEvent,
  KickReason,
  type PullPage,
  type ReconnectingEvent,
  type SendAck,
} from "@im/sdk";

const pad2 = (n: number) => String(n).padStart(2, "0");

/** Local "HH:MM:SS", with the date in front when it is not the same day as `now`. */
export function formatTime(ms: number, now: number): string {
  const d = new Date(ms);
  const time = `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
  if (new Date(now).toDateString() === d.toDateString()) return time;
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${time}`;
}

/**
 * Makes text from other users safe for a terminal: escape sequences and other
 * control characters are shown as \xNN / \uNNNN instead of being obeyed, and
 * line breaks continue on an indented line.
 */
export function sanitize(text: string, indent = "    "): string {
  // \p{Cc}: C0, DEL and C1 controls; the others reorder text (bidi overrides).
  return text.replace(/\r\n|[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, (c) => {
    if (c === "\r\n" || c === "\n" || c === "\r") return `\n${indent}`;
    if (c === "\t") return c;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** "14:03:27 #12 bob: hello" — who wrote, where, and the inbox seq. */
export function formatMessage(m: ChatMessage, me: string, now: number): string {
  const from = m.fromUid === me ? "me" : sanitize(m.fromUid);
  let who: string;
  if (m.convType === ConvType.GROUP) who = `[${sanitize(m.convId)}] ${from}`;
  else if (m.convType === ConvType.SYSTEM) who = `[system ${sanitize(m.convId)}]${m.fromUid ? ` ${from}` : ""}`;
  else if (m.fromUid === me) who = `me → ${sanitize(m.convId || m.toId)}`;
  else who = from;
  const kind = m.contentType === 1 ? "" : `(type ${m.contentType}) `;
  return `${formatTime(m.sentAt || now, now)} #${m.seq} ${who}: ${kind}${sanitize(m.content)}`;
}

/** "✓ sent #13 (msg 88231)" */
export function formatAck(ack: SendAck): string {
  const where = ack.seq > 0 ? ` #${ack.seq}` : "";
  return `✓ sent${where} (msg ${ack.msgId}${ack.duplicate ? ", already stored" : ""})`;
}

export function formatConnected(e: ConnectedEvent, deviceId: string): string {
  const verb = e.reconnected ? "reconnected" : "connected";
  return `${verb} to ${describeEndpoint(e.endpoint)} as ${e.auth.uid} (device ${deviceId}, session ${e.auth.sessionId})`;
}

export function formatDisconnected(e: DisconnectedEvent): string {
  return `! disconnected: ${e.reason}${e.willReconnect ? " — reconnecting" : ""}`;
}

export function formatReconnecting(e: ReconnectingEvent): string {
  const wait = e.delayMs >= 1000 ? `${(e.delayMs / 1000).toFixed(1)} s` : `${e.delayMs} ms`;
  return `… reconnecting to ${describeEndpoint(e.endpoint)} in ${wait} (attempt ${e.attempt})`;
}

export function formatKickout(e: KickoutEvent): string {
  const reason = KickReason[e.reason] ?? String(e.reason);
  const line = `! kicked out (${reason})${e.message ? `: ${sanitize(e.message)}` : ""}`;
  if (e.reason !== KickReason.OTHER_LOGIN) return line;
  return `${line}\n  another session of this user with the same device type signed in; run the other one with a different --device-type`;
}

export function formatCtrl(e: CtrlEvent): string {
  if (e.type === CtrlType.RECONNECT) {
    const to = e.endpoints.length > 0 ? ` to ${e.endpoints.map((x) => sanitize(x)).join(", ")}` : "";
    return `! server asks to reconnect${to} within ${e.delayMs} ms`;
  }
  const entries = Object.entries(e.config).map(([k, v]) => `${sanitize(k)}=${sanitize(v)}`);
  return `! server ${CtrlType[e.type] ?? e.type}${entries.length > 0 ? `: ${entries.join(", ")}` : ""}`;
}

/** "error 2002 TOKEN_INVALID: bad signature" */
export function formatError(err: unknown): string {
  if (err instanceof ImClientError) return `error ${err.code} ${err.codeName}: ${err.message}`;
  return `error: ${err instanceof Error ? err.message : String(err)}`;
}

/** One history page: a line per message, then where to continue. */
export function formatPullPage(page: PullPage, afterSeq: number, me: string, now: number): string[] {
  const lines = page.messages.map((m) => formatMessage(m, me, now));
  const last = page.messages.at(-1)?.seq ?? afterSeq;
  const count = `${page.messages.length} message${page.messages.length === 1 ? "" : "s"} after #${afterSeq}`;
  lines.push(
    page.hasMore ? `— ${count}; more with --after ${last}` : `— ${count}; that is all (newest #${page.maxSeq})`,
  );
  return lines;
}
