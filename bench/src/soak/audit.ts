// The audit: every inbox pulled back through the protocol and compared with
// what was acknowledged, plus what the live clients saw and what reached the
// business line's c2s targets.
import { type ChatMessage, DeviceType } from "@im/sdk";
import type { Ledger } from "./ledger.ts";
import type { Traffic } from "./traffic.ts";

export interface AuditFigures {
  inboxes: number;
  inboxEntries: number;
  /** Acknowledged (message, recipient) pairs checked. */
  deliveriesChecked: number;
  /** Messages stored although their send was never acknowledged (allowed: at most once, like any message). */
  storedUnacked: number;
  c2sChecked: number;
  /** Extra arrivals of a c2s event id (allowed: c2s is at-least-once with event ids). */
  c2sWebhookRepeats: number;
  c2sStreamRepeats: number;
}

export interface AuditResult {
  figures: AuditFigures;
  violations: string[];
}

export interface C2sSeen {
  webhook: Map<string, number>;
  /** null when the stream could not be read (then only the webhook is audited). */
  stream: Map<string, number> | null;
}

/** Pulls one user's whole inbox with a device of its own (not the live one, so no session is displaced). */
export async function pullInbox(traffic: Traffic, uid: string): Promise<ChatMessage[]> {
  const index = traffic.uids.indexOf(uid);
  const client = traffic.newClient(uid, index, DeviceType.DESKTOP, `${uid}-audit`);
  client.on("error", () => {});
  try {
    await client.connect();
    const timeline: ChatMessage[] = [];
    for (let after = 0; ; ) {
      const page = await client.pull(after, 500);
      timeline.push(...page.messages);
      after = page.messages.at(-1)?.seq ?? after;
      if (!page.hasMore || page.messages.length === 0) break;
    }
    return timeline;
  } finally {
    client.close();
  }
}

export async function audit(ledger: Ledger, traffic: Traffic, c2s: C2sSeen): Promise<AuditResult> {
  const violations: string[] = [];
  const figures: AuditFigures = {
    inboxes: 0,
    inboxEntries: 0,
    deliveriesChecked: 0,
    storedUnacked: 0,
    c2sChecked: 0,
    c2sWebhookRepeats: 0,
    c2sStreamRepeats: 0,
  };
  const expected = new Map<string, Set<number>>(); // uid -> acked msgIds it must hold
  for (const s of ledger.sent) {
    if (s.status !== "acked" || s.msgId === undefined) continue;
    for (const uid of s.recipients) {
      const set = expected.get(uid) ?? new Set<number>();
      expected.set(uid, set);
      set.add(s.msgId);
    }
  }
  const storedUnacked = new Set<string>();

  for (const uid of traffic.uids) {
    const timeline = await pullInbox(traffic, uid);
    figures.inboxes++;
    figures.inboxEntries += timeline.length;
    const seen = new Map<number, number>(); // msgId -> times
    timeline.forEach((m, i) => {
      if (m.seq !== i + 1) violations.push(`${uid}: inbox position ${i + 1} has seq ${m.seq} (gap or disorder)`);
      seen.set(m.msgId, (seen.get(m.msgId) ?? 0) + 1);
      const sent = ledger.byMessageId(m.msgId) ?? ledger.byContentText(m.content);
      if (!sent) {
        violations.push(`${uid}: seq ${m.seq} msg ${m.msgId} "${m.content}" was never sent by the soak`);
        return;
      }
      if (!sent.recipients.includes(uid))
        violations.push(
          `${uid}: seq ${m.seq} holds ${sent.kind} ${sent.id}, addressed to ${sent.recipients.join(",")}`,
        );
      if (sent.status === "acked" && sent.msgId !== m.msgId)
        violations.push(`${uid}: ${sent.id} acked as msg ${sent.msgId} but stored as msg ${m.msgId}`);
      if (sent.status !== "acked") storedUnacked.add(sent.id);
    });
    for (const [msgId, times] of seen)
      if (times > 1) violations.push(`${uid}: msg ${msgId} is in the inbox ${times} times`);
    for (const msgId of expected.get(uid) ?? []) {
      figures.deliveriesChecked++;
      if (!seen.has(msgId)) {
        const s = ledger.byMessageId(msgId)!;
        violations.push(`${uid}: acked ${s.kind} ${s.id} (msg ${msgId}) is missing from the inbox`);
      }
    }
    violations.push(...compareLiveView(uid, traffic.received.get(uid) ?? [], timeline));
  }
  figures.storedUnacked = storedUnacked.size;

  for (const s of ledger.sent) {
    if (s.kind !== "c2s" || s.status !== "acked" || !s.eventId) continue;
    figures.c2sChecked++;
    const atWebhook = c2s.webhook.get(s.eventId) ?? 0;
    if (atWebhook === 0) violations.push(`c2s ${s.id} (event ${s.eventId}) never reached the webhook`);
    figures.c2sWebhookRepeats += Math.max(0, atWebhook - 1);
    if (c2s.stream) {
      const inStream = c2s.stream.get(s.eventId) ?? 0;
      if (inStream === 0) violations.push(`c2s ${s.id} (event ${s.eventId}) is not in the business line's stream`);
      figures.c2sStreamRepeats += Math.max(0, inStream - 1);
    }
  }
  return { figures, violations };
}

/**
 * The SDK promises one `message` event per inbox seq, in seq order: what the
 * live client delivered must be exactly the pulled timeline.
 */
function compareLiveView(uid: string, live: ChatMessage[], timeline: ChatMessage[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.max(live.length, timeline.length); i++) {
    const a = live[i];
    const b = timeline[i];
    if (a?.seq === b?.seq && a?.msgId === b?.msgId) continue;
    out.push(
      `${uid}: live client's event ${i + 1} is ${a ? `seq ${a.seq} msg ${a.msgId}` : "missing"}, ` +
        `inbox has ${b ? `seq ${b.seq} msg ${b.msgId}` : "nothing"} (live ${live.length}, inbox ${timeline.length})`,
    );
    break; // the first divergence says it; the rest would only repeat it shifted
  }
  return out;
}
