// Mixed traffic for the soak: 1:1 and group sends and c2s through the SDK,
// s2c through the gateways' REST API, every send recorded in the ledger.
import { mintToken } from "@im/auth";
import { type ChatMessage, DeviceType, type Endpoint, GroupOp, ImClient } from "@im/sdk";
import type { Ledger, SentMessage } from "./ledger.ts";
import type { Random } from "./random.ts";

export interface TrafficOptions {
  users: number;
  groups: number;
  groupSize: number;
  secret: string;
  /** One entry per realtime node: its TCP and WebSocket ports. */
  nodes: { tcpPort: number; wsPort: number }[];
  gatewayUrls: string[];
  apiKey: string;
  businessId: string;
  random: Random;
  ledger: Ledger;
}

export interface Group {
  id: string;
  members: string[];
}

/** What live clients receive: one list of `message` events per user, in the order the SDK delivered them. */
export type Received = Map<string, ChatMessage[]>;

export class Traffic {
  readonly uids: string[];
  readonly groups: Group[] = [];
  readonly received: Received = new Map();
  private readonly clients = new Map<string, ImClient>();
  private counter = 0;
  inflight = 0;
  /** Ticks skipped because too many sends were still waiting for their ack. */
  throttled = 0;

  constructor(private readonly o: TrafficOptions) {
    this.uids = Array.from({ length: o.users }, (_, i) => `soak-u${i + 1}`);
  }

  /** Endpoints of every node, starting with the user's home node; TCP and WebSocket alternate by user. */
  endpointsFor(index: number): Endpoint[] {
    const n = this.o.nodes.length;
    return Array.from({ length: n }, (_, k) => {
      const node = this.o.nodes[(index + k) % n]!;
      return index % 2 === 0
        ? { transport: "tcp" as const, host: "127.0.0.1", port: node.tcpPort }
        : { transport: "ws" as const, url: `ws://127.0.0.1:${node.wsPort}/ws` };
    });
  }

  newClient(uid: string, index: number, deviceType: DeviceType, deviceId: string): ImClient {
    return new ImClient({
      endpoints: this.endpointsFor(index),
      getToken: () => mintToken({ secret: this.o.secret, uid }),
      deviceType,
      deviceId,
      lastSeq: 0,
      requestTimeoutMs: 5_000,
      connectTimeoutMs: 5_000,
      maxSendAttempts: 8,
      reconnect: { minDelayMs: 200, maxDelayMs: 2_000 },
    });
  }

  async setup(): Promise<void> {
    for (const uid of this.uids) await this.rest("PUT", `/v1/users/${uid}`, { name: uid });
    await Promise.all(
      this.uids.map(async (uid, i) => {
        const client = this.newClient(uid, i, DeviceType.IOS, `${uid}-phone`);
        const got: ChatMessage[] = [];
        this.received.set(uid, got);
        client.on("message", (m) => got.push(m));
        // Background failures (a sync cut by a kill) are retried by the SDK itself; nothing to do here.
        client.on("error", () => {});
        this.clients.set(uid, client);
        await client.connect();
      }),
    );
    for (let g = 0; g < this.o.groups; g++) {
      const members = this.o.random.sample(this.uids, Math.min(this.o.groupSize, this.uids.length));
      const owner = members[0]!;
      const resp = await this.clients.get(owner)!.group({
        op: GroupOp.CREATE,
        name: `soak group ${g + 1}`,
        uids: members.slice(1),
      });
      const id = resp.group?.id;
      if (!id) throw new Error("group create answered without a group id");
      this.groups.push({ id, members: (resp.members ?? []).map((m) => m.uid!).sort() });
    }
  }

  /** Sends at `rate` per second, at most `maxInflight` unacknowledged at once, until `until` (ms since epoch). */
  async run(rate: number, maxInflight: number, until: number): Promise<void> {
    const interval = 1000 / rate;
    let next = Date.now();
    while (Date.now() < until) {
      if (this.inflight < maxInflight) {
        this.inflight++;
        void this.one().finally(() => this.inflight--);
      } else {
        this.throttled++;
      }
      next += interval;
      const wait = next - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else if (wait < -1000) next = Date.now(); // fell behind (event loop stalled): do not burst to catch up
    }
    while (this.inflight > 0) await new Promise((r) => setTimeout(r, 50));
  }

  /** Sends everything that failed once more, with the same ids, until it is acked or `until` passes. */
  async retryFailed(until: number): Promise<void> {
    for (;;) {
      const failed = this.o.ledger.sent.filter((s) => s.status === "failed");
      if (failed.length === 0 || Date.now() > until) return;
      await Promise.all(failed.map((s) => this.attempt(s)));
    }
  }

  closeAll(): void {
    for (const c of this.clients.values()) c.close();
  }

  client(uid: string): ImClient {
    return this.clients.get(uid)!;
  }

  private one(): Promise<void> {
    const r = this.o.random.next();
    const n = ++this.counter;
    const { ledger, random } = this.o;
    let entry: SentMessage;
    if (r < 0.45 || this.groups.length === 0) {
      const [from, to] = random.sample(this.uids, 2) as [string, string];
      entry = ledger.add({ kind: "c2c", id: `c2c-${n}`, from, to, recipients: [from, to], content: `soak#${n} c2c` });
    } else if (r < 0.7) {
      const group = random.pick(this.groups);
      const from = random.pick(group.members);
      entry = ledger.add({
        kind: "group",
        id: `grp-${n}`,
        from,
        to: group.id,
        recipients: group.members,
        content: `soak#${n} group`,
      });
    } else if (r < 0.85) {
      const to = random.sample(this.uids, 1 + random.int(3));
      entry = ledger.add({
        kind: "s2c",
        id: `s2c-${n}`,
        from: this.o.businessId,
        to: to.join(","),
        recipients: to,
        content: `soak#${n} s2c`,
      });
    } else {
      const from = random.pick(this.uids);
      entry = ledger.add({
        kind: "c2s",
        id: `c2s-${n}`,
        from,
        to: this.o.businessId,
        recipients: [],
        content: `soak#${n} c2s`,
      });
    }
    return this.attempt(entry);
  }

  private async attempt(entry: SentMessage): Promise<void> {
    entry.attempts++;
    const { ledger } = this.o;
    try {
      switch (entry.kind) {
        case "c2c": {
          const ack = await this.client(entry.from).sendC2C({
            toUid: entry.to,
            content: entry.content,
            clientMsgId: entry.id,
          });
          ledger.acked(entry, { msgId: ack.msgId });
          break;
        }
        case "group": {
          const ack = await this.client(entry.from).sendGroup({
            groupId: entry.to,
            content: entry.content,
            clientMsgId: entry.id,
          });
          ledger.acked(entry, { msgId: ack.msgId });
          break;
        }
        case "c2s": {
          const ack = await this.client(entry.from).sendC2S({
            businessId: entry.to,
            content: entry.content,
            clientMsgId: entry.id,
          });
          ledger.acked(entry, { eventId: ack.eventId });
          break;
        }
        case "s2c": {
          const body = (await this.rest("POST", "/v1/messages", {
            toUids: entry.recipients,
            contentType: 1,
            content: entry.content,
            idempotencyKey: entry.id,
          })) as { msgId: number };
          ledger.acked(entry, { msgId: body.msgId });
          break;
        }
      }
    } catch (err) {
      ledger.failed(entry, err);
    }
  }

  /** One REST call, retried on the other gateways on failure (a business backend's usual client). */
  private async rest(method: string, route: string, body: unknown): Promise<unknown> {
    const urls = this.o.gatewayUrls;
    let lastError: unknown;
    for (let attempt = 0; attempt < 8; attempt++) {
      const base = urls[(attempt + this.o.random.int(urls.length)) % urls.length]!;
      let status = 0;
      let text = "";
      try {
        const res = await fetch(`${base}${route}`, {
          method,
          headers: { authorization: `Bearer ${this.o.apiKey}`, "content-type": "application/json" },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(5_000),
        });
        status = res.status;
        text = await res.text();
        if (res.ok) return JSON.parse(text);
        lastError = new Error(`${method} ${route}: HTTP ${status} ${text.slice(0, 200)}`);
      } catch (err) {
        lastError = err; // refused, reset or timed out: the gateway is down or frozen, try another
      }
      // A refusal of the request itself will not change on retry.
      if (status >= 400 && status < 500 && status !== 429) throw lastError;
      await new Promise((r) => setTimeout(r, Math.min(3_000, 200 * 2 ** attempt)));
    }
    throw lastError;
  }
}
