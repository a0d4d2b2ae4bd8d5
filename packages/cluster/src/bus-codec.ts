import type { BusMessage, BusPush, InboxMessage } from "@im/core";

/**
 * The node bus's wire form. A `deliver` batch is positional JSON with each
 * message's shared part (content included) written once, however many owners
 * and connections it reaches:
 *
 *   ["d", [[msgId, fromUid, toId, clientMsgId, contentType, content, sentAt], ...],
 *         [[messageIndex, ownerUid, seq, convType, convId, connId, ...], ...]]
 *
 * A group message to 200 members on one node is one payload holding its
 * content once. Other messages are rare and stay plain JSON objects.
 */
type Shared = [number, string, string, string, number, string, number];
type Push = [number, string, number, number, string, ...string[]];

export function encodeBusMessage(message: BusMessage): string {
  if (message.type !== "deliver") return JSON.stringify(message);
  const shared: Shared[] = [];
  const indexOf = new Map<number, number[]>();
  const pushes: Push[] = [];
  for (const p of message.pushes) {
    const m = p.message;
    const part: Shared = [m.msgId, m.fromUid, m.toId, m.clientMsgId, m.contentType, m.content, m.sentAt];
    const candidates = indexOf.get(m.msgId) ?? [];
    let index = candidates.find((i) => sameShared(shared[i]!, part));
    if (index === undefined) {
      index = shared.push(part) - 1;
      indexOf.set(m.msgId, [...candidates, index]);
    }
    pushes.push([index, p.ownerUid, m.seq, m.convType, m.convId, ...p.connIds]);
  }
  return JSON.stringify(["d", shared, pushes]);
}

/** Throws (SyntaxError or TypeError) on a payload that is not a bus message. */
export function decodeBusMessage(payload: string): BusMessage {
  const value: unknown = JSON.parse(payload);
  if (!Array.isArray(value)) {
    if (typeof value !== "object" || value === null || typeof (value as { type?: unknown }).type !== "string")
      throw new TypeError("bus payload is not a message");
    return value as BusMessage;
  }
  const [tag, shared, pushes] = value as [unknown, Shared[], Push[]];
  if (tag !== "d" || !Array.isArray(shared) || !Array.isArray(pushes)) throw new TypeError("bad deliver batch");
  const out: BusPush[] = pushes.map(([index, ownerUid, seq, convType, convId, ...connIds]) => {
    const s = shared[index];
    if (!s) throw new TypeError("deliver batch refers to a missing message");
    const message: InboxMessage = {
      msgId: s[0],
      seq,
      convType: convType as InboxMessage["convType"],
      convId,
      fromUid: s[1],
      toId: s[2],
      clientMsgId: s[3],
      contentType: s[4],
      content: s[5],
      sentAt: s[6],
    };
    return { ownerUid, connIds, message };
  });
  return { type: "deliver", pushes: out };
}

function sameShared(a: Shared, b: Shared): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
