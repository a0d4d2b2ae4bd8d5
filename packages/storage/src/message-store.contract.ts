import { randomUUID } from "node:crypto";
import {
  type AppendResult,
  type C2CSend,
  ConvType,
  ImError,
  type InboxMessage,
  type MessageStore,
  type UserStore,
} from "@im/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

export interface OpenedStorage {
  messages: MessageStore;
  users: UserStore;
  close(): Promise<void>;
}

/** What the contract needs from a backend. */
export interface MessageStoreHarness {
  /** Opens stores on the harness's data; another open() is another server process (or the same one restarted). */
  open(): Promise<OpenedStorage>;
  /** The owner's committed inbox, read past the store (PostgreSQL: on a connection of its own), oldest first. */
  readInbox(ownerUid: string): Promise<{ seq: number; msgId: number; content: string }[]>;
  /** How many messages this sender has stored. */
  countMessages(fromUid: string): Promise<number>;
  cleanup(): Promise<void>;
}

let counter = 0;
/** A uid no other test uses, so tests can share one database. */
function uid(name: string): string {
  counter++;
  return `${name}-${counter}-${randomUUID().slice(0, 8)}`;
}

function send(fromUid: string, toUid: string, content: string, clientMsgId: string = randomUUID()): C2CSend {
  return { fromUid, toUid, clientMsgId, contentType: 1, content };
}

async function pullAll(store: MessageStore, owner: string): Promise<InboxMessage[]> {
  const all: InboxMessage[] = [];
  for (;;) {
    const page = await store.pull(owner, all.at(-1)?.seq ?? 0, 500);
    all.push(...page.messages);
    if (!page.hasMore) return all;
  }
}

function seqRange(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

async function expectImError(promise: Promise<unknown>, kind: string): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected an ImError ${kind}`).toBeInstanceOf(ImError);
  expect((err as ImError).kind).toBe(kind);
}

/** The MessageStore contract, run against every backend. */
export function describeMessageStoreContract(name: string, createHarness: () => Promise<MessageStoreHarness>): void {
  describe(`MessageStore contract: ${name}`, () => {
    let harness: MessageStoreHarness;
    let storage: OpenedStorage;
    let store: MessageStore;
    const extra: OpenedStorage[] = [];

    async function openAnother(): Promise<OpenedStorage> {
      const s = await harness.open();
      extra.push(s);
      return s;
    }

    beforeAll(async () => {
      harness = await createHarness();
      storage = await harness.open();
      store = storage.messages;
    });
    afterAll(async () => {
      for (const s of extra) await s.close();
      await storage?.close();
      await harness?.cleanup();
    });

    it("acknowledges a send only once it is committed, with the entries it wrote", async () => {
      const [alice, bob] = [uid("alice"), uid("bob")];
      const before = Date.now();
      const ack = await store.appendC2C(send(alice, bob, "hello", "c-1"));

      // Read past the store: the ack implies the rows are committed and visible to anyone.
      expect(await harness.readInbox(bob)).toEqual([{ seq: 1, msgId: ack.msgId, content: "hello" }]);
      expect(await harness.readInbox(alice)).toEqual([{ seq: 1, msgId: ack.msgId, content: "hello" }]);

      expect(ack.duplicate).toBe(false);
      expect(ack.senderSeq).toBe(1);
      expect(ack.msgId).toBeGreaterThan(0);
      expect(ack.sentAt).toBeGreaterThanOrEqual(before - 1000);
      expect(ack.sentAt).toBeLessThanOrEqual(Date.now() + 1000);
      const common = {
        msgId: ack.msgId,
        seq: 1,
        convType: ConvType.C2C,
        fromUid: alice,
        toId: bob,
        clientMsgId: "c-1",
        contentType: 1,
        content: "hello",
        sentAt: ack.sentAt,
      };
      expect(ack.writes).toHaveLength(2);
      expect(ack.writes).toContainEqual({ ownerUid: bob, message: { ...common, convId: alice } });
      expect(ack.writes).toContainEqual({ ownerUid: alice, message: { ...common, convId: bob } });

      const page = await store.pull(bob, 0, 10);
      expect(page).toEqual({ messages: [{ ...common, convId: alice }], hasMore: false, maxSeq: 1 });
      expect((await store.pull(alice, 0, 10)).messages).toEqual([{ ...common, convId: bob }]);
    });

    it("numbers each inbox 1, 2, 3, ... for receivers and senders alike", async () => {
      const [a, b, c] = [uid("a"), uid("b"), uid("c")];
      const acks: AppendResult[] = [];
      acks.push(await store.appendC2C(send(a, b, "a→b 1")));
      acks.push(await store.appendC2C(send(b, a, "b→a 1")));
      acks.push(await store.appendC2C(send(a, b, "a→b 2")));
      acks.push(await store.appendC2C(send(c, a, "c→a 1")));
      acks.push(await store.appendC2C(send(a, c, "a→c 1")));

      const inboxA = await pullAll(store, a);
      expect(inboxA.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(inboxA.map((m) => m.content)).toEqual(["a→b 1", "b→a 1", "a→b 2", "c→a 1", "a→c 1"]);
      expect(inboxA.map((m) => m.convId)).toEqual([b, b, b, c, c]);
      expect((await pullAll(store, b)).map((m) => [m.seq, m.content])).toEqual([
        [1, "a→b 1"],
        [2, "b→a 1"],
        [3, "a→b 2"],
      ]);
      expect((await pullAll(store, c)).map((m) => [m.seq, m.content])).toEqual([
        [1, "c→a 1"],
        [2, "a→c 1"],
      ]);
      expect(acks.map((x) => x.senderSeq)).toEqual([1, 2, 3, 1, 5]);
      expect(await store.maxSeq(a)).toBe(5);
      expect(await store.maxSeq(uid("nobody"))).toBe(0);
    });

    it("answers a retried send with the original ack and stores nothing twice", async () => {
      const [alice, bob] = [uid("alice"), uid("bob")];
      await store.appendC2C(send(alice, bob, "first"));
      const original = await store.appendC2C(send(alice, bob, "once", "retry-me"));

      const retry = await store.appendC2C(send(alice, bob, "once", "retry-me"));
      expect(retry).toEqual({
        msgId: original.msgId,
        sentAt: original.sentAt,
        senderSeq: original.senderSeq,
        duplicate: true,
        writes: [],
      });

      // Both copies in flight together (same batch or not): one is stored, both get its ack.
      const [x, y] = await Promise.all([
        store.appendC2C(send(alice, bob, "twin", "twin")),
        store.appendC2C(send(alice, bob, "twin", "twin")),
      ]);
      expect(x.duplicate).toBe(false);
      expect(y).toEqual({ msgId: x.msgId, sentAt: x.sentAt, senderSeq: x.senderSeq, duplicate: true, writes: [] });

      // Another store instance on the same data: a restarted server or a different node.
      const other = await openAnother();
      const late = await other.messages.appendC2C(send(alice, bob, "once", "retry-me"));
      expect(late).toEqual(retry);

      expect((await pullAll(store, bob)).map((m) => m.content)).toEqual(["first", "once", "twin"]);
      expect((await pullAll(store, alice)).map((m) => m.seq)).toEqual([1, 2, 3]);
      expect(await harness.countMessages(alice)).toBe(3);
    });

    it("refuses a reused client_msg_id with another body as a conflict, never answering with the old message", async () => {
      const [alice, bob, carol] = [uid("alice"), uid("bob"), uid("carol")];
      const original = await store.appendC2C(send(alice, bob, "pay 10 €", "pay-1"));
      const other = await openAnother();
      const conflicts = [
        store.appendC2C(send(alice, bob, "pay 1000 €", "pay-1")), // other content
        store.appendC2C(send(alice, carol, "pay 10 €", "pay-1")), // other receiver
        store.appendC2C({ ...send(alice, bob, "pay 10 €", "pay-1"), contentType: 2 }), // other type
        other.messages.appendC2C(send(alice, bob, "pay 1000 €", "pay-1")), // through another server
      ];
      for (const attempt of conflicts) {
        const err = await attempt.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(ImError.is(err, "CONFLICT"), String(err)).toBe(true);
        expect((err as ImError).message).toContain('client_msg_id "pay-1" was already used for a different message');
      }
      // The same body is still a retry.
      expect(await store.appendC2C(send(alice, bob, "pay 10 €", "pay-1"))).toMatchObject({
        msgId: original.msgId,
        duplicate: true,
      });
      // Two different bodies with one id in flight together: one is stored, the other is a conflict.
      const [a, b] = await Promise.allSettled([
        store.appendC2C(send(alice, bob, "left", "twin-ids")),
        store.appendC2C(send(alice, bob, "right", "twin-ids")),
      ]);
      expect([a.status, b.status].sort()).toEqual(["fulfilled", "rejected"]);
      const refused = (a.status === "rejected" ? a : b) as PromiseRejectedResult;
      expect(ImError.is(refused.reason, "CONFLICT")).toBe(true);
      expect((await pullAll(store, bob)).map((m) => m.content)).toEqual([
        "pay 10 €",
        a.status === "fulfilled" ? "left" : "right",
      ]);
      expect(await harness.countMessages(alice)).toBe(2);
    });

    it("stores a send once when its retry races through another server", async () => {
      const [alice, bob] = [uid("alice"), uid("bob")];
      const other = await openAnother();
      const keys = seqRange(1, 40).map((i) => `race-${i}`);
      const [here, there] = await Promise.all(
        [store, other.messages].map((s) => Promise.all(keys.map((k) => s.appendC2C(send(alice, bob, k, k))))),
      );
      for (const [i, a] of (here ?? []).entries()) {
        const b = there?.[i] as AppendResult;
        expect([a.msgId, a.senderSeq, a.sentAt]).toEqual([b.msgId, b.senderSeq, b.sentAt]);
        expect([a.duplicate, b.duplicate].filter((d) => !d)).toHaveLength(1);
      }
      const inbox = await pullAll(store, bob);
      expect(inbox.map((m) => m.seq)).toEqual(seqRange(1, keys.length));
      expect(inbox.map((m) => m.clientMsgId).sort()).toEqual([...keys].sort());
      expect(await harness.countMessages(alice)).toBe(keys.length);
    });

    it("round-trips emoji and any other Unicode byte for byte", async () => {
      const [sender, receiver] = [uid("🦊-émilie"), uid("接收者")];
      const content = "😀 👩‍👩‍👧‍👦 🇨🇭 𝄞 𠜎 \u{10FFFF} e\u0301 \u200d עברית ﷽ \uFEFF\t\n\r\\ \"' %s \u0001";
      const clientMsgId = "id-🙂-\u{1F9D1}\u{200D}\u{1F680}";
      const ack = await store.appendC2C(send(sender, receiver, content, clientMsgId));
      const [got] = (await store.pull(receiver, 0, 1)).messages;
      expect(got).toBeDefined();
      expect(Buffer.from(got?.content ?? "", "utf8").equals(Buffer.from(content, "utf8"))).toBe(true);
      expect(got?.clientMsgId).toBe(clientMsgId);
      expect(got?.fromUid).toBe(sender);
      expect(got?.convId).toBe(sender);
      expect((await harness.readInbox(receiver))[0]?.content).toBe(content);
      expect((await store.appendC2C(send(sender, receiver, content, clientMsgId))).msgId).toBe(ack.msgId);
    });

    it("rejects text PostgreSQL cannot hold without failing the sends around it", async () => {
      const [alice, bob] = [uid("alice"), uid("bob")];
      const results = await Promise.allSettled([
        store.appendC2C(send(alice, bob, "before")),
        store.appendC2C(send(alice, bob, "nul \u0000 inside")),
        store.appendC2C(send(alice, bob, "broken \uD83D surrogate")),
        store.appendC2C(send(alice, `${bob}\u0000`, "bad receiver")),
        store.appendC2C({ ...send(alice, bob, "bad type"), contentType: 2 ** 40 }),
        store.appendC2C(send(alice, bob, "empty id", "")),
        store.appendC2C(send(alice, bob, "after")),
      ]);
      expect(results.map((r) => r.status)).toEqual([
        "fulfilled",
        "rejected",
        "rejected",
        "rejected",
        "rejected",
        "rejected",
        "fulfilled",
      ]);
      for (const r of results) {
        if (r.status === "rejected") {
          expect(r.reason).toBeInstanceOf(ImError);
          expect((r.reason as ImError).kind).toBe("INVALID_ARGUMENT");
        }
      }
      expect((await pullAll(store, bob)).map((m) => [m.seq, m.content])).toEqual([
        [1, "before"],
        [2, "after"],
      ]);
      await expectImError(store.pull(`${bob}\u0000`, 0, 10), "INVALID_ARGUMENT");
      await expectImError(store.pull(bob, -1, 10), "INVALID_ARGUMENT");
      await expectImError(store.pull(bob, 0, 0), "INVALID_ARGUMENT");
    });

    it("stores a message to oneself once, in one inbox entry", async () => {
      const me = uid("me");
      await store.appendC2C(send(me, uid("other"), "to someone else"));
      const ack = await store.appendC2C(send(me, me, "note to self"));
      expect(ack.senderSeq).toBe(2);
      expect(ack.writes).toHaveLength(1);
      expect(ack.writes[0]?.ownerUid).toBe(me);
      expect(ack.writes[0]?.message).toMatchObject({ seq: 2, convId: me, fromUid: me, toId: me });
      const inbox = await pullAll(store, me);
      expect(inbox.map((m) => [m.seq, m.content, m.convId])).toEqual([
        [1, "to someone else", inbox[0]?.toId],
        [2, "note to self", me],
      ]);
      expect(await store.maxSeq(me)).toBe(2);
    });

    it("pages through an inbox with afterSeq and limit", async () => {
      const [sender, owner] = [uid("sender"), uid("owner")];
      for (let i = 1; i <= 25; i++) await store.appendC2C(send(sender, owner, `m${i}`));

      const p1 = await store.pull(owner, 0, 10);
      expect(p1.messages.map((m) => m.seq)).toEqual(seqRange(1, 10));
      expect([p1.hasMore, p1.maxSeq]).toEqual([true, 25]);
      const p2 = await store.pull(owner, 10, 10);
      expect(p2.messages.map((m) => m.content)).toEqual(seqRange(11, 20).map((i) => `m${i}`));
      expect([p2.hasMore, p2.maxSeq]).toEqual([true, 25]);
      const p3 = await store.pull(owner, 20, 10);
      expect(p3.messages.map((m) => m.seq)).toEqual(seqRange(21, 25));
      expect([p3.hasMore, p3.maxSeq]).toEqual([false, 25]);
      expect(await store.pull(owner, 25, 10)).toEqual({ messages: [], hasMore: false, maxSeq: 25 });
      expect(await store.pull(owner, 99, 10)).toEqual({ messages: [], hasMore: false, maxSeq: 25 });
      const exact = await store.pull(owner, 15, 10);
      expect([exact.messages.length, exact.hasMore]).toEqual([10, false]);
      expect(await store.pull(uid("empty"), 0, 10)).toEqual({ messages: [], hasMore: false, maxSeq: 0 });
      expect(await store.maxSeq(owner)).toBe(25);
    });

    it("keeps one sender's messages in call order, across receivers", async () => {
      const sender = uid("sender");
      const receivers = [uid("r0"), uid("r1"), uid("r2")];
      // Not awaited one by one: all are in flight together, as on a busy connection.
      const acks = await Promise.all(
        seqRange(0, 149).map((i) => store.appendC2C(send(sender, receivers[i % 3] as string, `#${i}`))),
      );
      expect(acks.map((a) => a.senderSeq)).toEqual(seqRange(1, 150));
      expect((await pullAll(store, sender)).map((m) => m.content)).toEqual(seqRange(0, 149).map((i) => `#${i}`));
      for (const [r, receiver] of receivers.entries()) {
        const expected = seqRange(0, 149)
          .filter((i) => i % 3 === r)
          .map((i) => `#${i}`);
        expect((await pullAll(store, receiver)).map((m) => m.content)).toEqual(expected);
      }
      const ids = acks.map((a) => a.msgId);
      expect(new Set(ids).size).toBe(150);
    });

    it("moves a device's cursor on a push ack: forward only, never past the inbox head", async () => {
      const [sender, owner] = [uid("sender"), uid("owner")];
      await storage.users.login({ uid: owner, deviceId: "phone", deviceType: 1 });
      await storage.users.login({ uid: owner, deviceId: "tablet", deviceType: 5 });
      for (let i = 1; i <= 4; i++) await store.appendC2C(send(sender, owner, `m${i}`));

      store.advanceCursor(owner, "phone", 2);
      store.advanceCursor(owner, "phone", 3);
      store.advanceCursor(owner, "phone", 1); // late, out of order: ignored
      store.advanceCursor(owner, "ghost-device", 3); // never logged in: ignored
      await store.flush();
      expect(await storage.users.deviceCursor(owner, "phone")).toBe(3);
      expect(await storage.users.deviceCursor(owner, "tablet")).toBe(0);
      expect(await store.isDelivered(owner, 3)).toBe(true);

      store.advanceCursor(owner, "tablet", 1_000); // beyond the head: stops at it
      await store.flush();
      expect(await storage.users.deviceCursor(owner, "tablet")).toBe(4);
      const fresh = await storage.users.login({ uid: owner, deviceId: "phone", deviceType: 1 });
      expect(fresh.ackedSeq).toBe(3);
    });

    it("records delivery by push ack and by a device's pull cursor", async () => {
      const [sender, owner] = [uid("sender"), uid("owner")];
      await storage.users.login({ uid: owner, deviceId: "phone", deviceType: 1 });
      for (let i = 1; i <= 5; i++) await store.appendC2C(send(sender, owner, `m${i}`));
      expect(await store.isDelivered(owner, 1)).toBe(false);

      store.markDelivered(owner, [1, 3]);
      store.markDelivered(owner, [3]);
      await store.flush();
      expect(await store.isDelivered(owner, 1)).toBe(true);
      expect(await store.isDelivered(owner, 2)).toBe(false);
      expect(await store.isDelivered(owner, 3)).toBe(true);
      // Written through: another instance sees it.
      const other = await openAnother();
      expect(await other.messages.isDelivered(owner, 3)).toBe(true);

      // A pull cursor acknowledges everything up to it.
      await storage.users.ackDevice(owner, "phone", 4);
      expect(await store.isDelivered(owner, 2)).toBe(true);
      expect(await store.isDelivered(owner, 4)).toBe(true);
      expect(await store.isDelivered(owner, 5)).toBe(false);
      // The sender's copy is a different entry, delivered to nobody yet.
      expect(await store.isDelivered(sender, 1)).toBe(false);
      // There is no entry 99 to deliver.
      store.markDelivered(owner, [99]);
      expect(await store.isDelivered(owner, 99)).toBe(false);
    });

    it("gives one receiver of 20 concurrent senders a gap-free timeline a live puller never skips", async () => {
      const receiver = uid("receiver");
      const senders = seqRange(1, 20).map((i) => uid(`s${i}`));
      const perSender = 200;
      const inFlight = 10;

      let sending = true;
      const collected: InboxMessage[] = [];
      const puller = (async () => {
        for (;;) {
          const done = !sending;
          const page = await store.pull(receiver, collected.at(-1)?.seq ?? 0, 150);
          collected.push(...page.messages);
          if (done && !page.hasMore) return;
          if (page.messages.length === 0) await new Promise((r) => setTimeout(r, 1));
        }
      })();

      await Promise.all(
        senders.map(async (s) => {
          let next = 0;
          const worker = async () => {
            while (next < perSender) {
              const i = next++;
              await store.appendC2C(send(s, receiver, `${s}:${i}`, `k${i}`));
            }
          };
          await Promise.all(seqRange(1, inFlight).map(worker));
        }),
      );
      sending = false;
      await puller;

      const timeline = await pullAll(store, receiver);
      expect(timeline).toHaveLength(senders.length * perSender);
      expect(timeline.map((m) => m.seq)).toEqual(seqRange(1, senders.length * perSender));
      expect(new Set(timeline.map((m) => `${m.fromUid}/${m.clientMsgId}`)).size).toBe(timeline.length);
      for (const s of senders) {
        const mine = timeline.filter((m) => m.fromUid === s).map((m) => Number(m.clientMsgId.slice(1)));
        expect(mine).toEqual(seqRange(0, perSender - 1));
      }
      // What the puller saw while sends were committing is exactly the final timeline: nothing skipped.
      expect(collected.map((m) => m.seq)).toEqual(timeline.map((m) => m.seq));
      expect(collected.map((m) => m.msgId)).toEqual(timeline.map((m) => m.msgId));
      expect(await store.maxSeq(receiver)).toBe(senders.length * perSender);
    });

    it("keeps every timeline gap-free while two store instances write to the same users", async () => {
      const users = seqRange(0, 9).map((i) => uid(`u${i}`));
      const second = await openAnother();
      const instances = [store, second.messages];
      const perInstance = 600;
      const sent = new Map<string, number>(users.map((u) => [u, 0]));
      await Promise.all(
        instances.map((instance, n) =>
          Promise.all(
            seqRange(0, perInstance - 1).map((i) => {
              const from = users[(i * 7 + n) % users.length] as string;
              const to = users[(i * 3 + 1 + n * 5) % users.length] as string;
              sent.set(from, (sent.get(from) ?? 0) + 1);
              if (to !== from) sent.set(to, (sent.get(to) ?? 0) + 1);
              return instance.appendC2C(send(from, to, `${n}:${i}`, `${n}:${i}`));
            }),
          ),
        ),
      );
      for (const u of users) {
        const inbox = await pullAll(store, u);
        expect(inbox.map((m) => m.seq)).toEqual(seqRange(1, sent.get(u) ?? 0));
      }
    });

    describe("appendSystem", () => {
      async function users(...names: string[]): Promise<string[]> {
        const uids = names.map(uid);
        for (const u of uids) await storage.users.login({ uid: u, deviceId: "d1", deviceType: 1 });
        return uids;
      }

      it("stores a business line's message once, with one entry per receiver and none for the business line", async () => {
        const business = uid("shop");
        const [ann, ben] = await users("ann", "ben");
        const ack = await store.appendSystem({
          businessId: business,
          toUids: [ann as string, ben as string, ann as string],
          idempotencyKey: "order-1",
          contentType: 7,
          content: "your order shipped 📦",
        });
        expect(ack.duplicate).toBe(false);
        expect(ack.msgId).toBeGreaterThan(0);
        expect(ack.writes.map((w) => w.ownerUid)).toEqual([ann, ben]);
        const message = {
          msgId: ack.msgId,
          seq: 1,
          convType: ConvType.SYSTEM,
          convId: business,
          fromUid: business,
          toId: business,
          clientMsgId: "order-1",
          contentType: 7,
          content: "your order shipped 📦",
          sentAt: ack.sentAt,
        };
        expect(ack.writes[0]).toEqual({ ownerUid: ann, message });
        expect(await harness.readInbox(ann as string)).toEqual([
          { seq: 1, msgId: ack.msgId, content: "your order shipped 📦" },
        ]);
        expect((await store.pull(ben as string, 0, 10)).messages).toEqual([message]);
        expect(await harness.readInbox(business)).toEqual([]);
        expect(await harness.countMessages(business)).toBe(1);
      });

      it("answers a retry with the same idempotency key with the original message and stores nothing twice", async () => {
        const business = uid("shop");
        const [ann] = await users("ann");
        const input = {
          businessId: business,
          toUids: [ann as string],
          idempotencyKey: "k",
          contentType: 1,
          content: "x",
        };
        const first = await store.appendSystem(input);
        const [again, concurrent] = await Promise.all([store.appendSystem(input), store.appendSystem(input)]);
        const other = await openAnother();
        const elsewhere = await other.messages.appendSystem(input);
        for (const r of [again, concurrent, elsewhere]) {
          expect(r).toEqual({ msgId: first.msgId, sentAt: first.sentAt, duplicate: true, writes: [] });
        }
        expect(await harness.countMessages(business)).toBe(1);
        expect((await harness.readInbox(ann as string)).map((e) => e.seq)).toEqual([1]);
      });

      it("refuses a reused idempotency key with other receivers or content as a conflict", async () => {
        const business = uid("shop");
        const [ann, ben] = (await users("ann", "ben")) as [string, string];
        const input = { businessId: business, toUids: [ann, ben], idempotencyKey: "k", contentType: 1, content: "x" };
        const first = await store.appendSystem(input);
        // Receivers in another order, or repeated, are the same send.
        const again = await store.appendSystem({ ...input, toUids: [ben, ann, ben] });
        expect(again).toEqual({ msgId: first.msgId, sentAt: first.sentAt, duplicate: true, writes: [] });
        for (const changed of [{ toUids: [ann] }, { content: "y" }, { contentType: 2 }]) {
          const err = await store.appendSystem({ ...input, ...changed }).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(ImError.is(err, "CONFLICT"), JSON.stringify(changed)).toBe(true);
          expect((err as ImError).message).toContain('idempotencyKey "k" was already used for a different message');
        }
        expect(await harness.countMessages(business)).toBe(1);
      });

      it("keeps every receiver's seqs contiguous among c2c traffic", async () => {
        const business = uid("shop");
        const [ann, ben] = await users("ann", "ben");
        const a = ann as string;
        const b = ben as string;
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            i % 2 === 0
              ? store.appendSystem({
                  businessId: business,
                  toUids: [a, b],
                  idempotencyKey: `k${i}`,
                  contentType: 1,
                  content: `s${i}`,
                })
              : store.appendC2C(send(a, b, `c${i}`)),
          ),
        );
        expect((await pullAll(store, a)).map((m) => m.seq)).toEqual(seqRange(1, 20));
        expect((await pullAll(store, b)).map((m) => m.seq)).toEqual(seqRange(1, 20));
        const systemContents = (await pullAll(store, b))
          .filter((m) => m.convType === ConvType.SYSTEM)
          .map((m) => m.content);
        expect(systemContents).toEqual(Array.from({ length: 10 }, (_, i) => `s${i * 2}`));
      });

      it("rejects unknown receivers and malformed sends without storing anything or failing its neighbours", async () => {
        const business = uid("shop");
        const [ann] = await users("ann");
        const a = ann as string;
        const base = { businessId: business, contentType: 1, content: "x" };
        const [ghost, ok] = await Promise.allSettled([
          store.appendSystem({ ...base, toUids: [a, uid("ghost")], idempotencyKey: "g" }),
          store.appendSystem({ ...base, toUids: [a], idempotencyKey: "ok" }),
        ]);
        expect(ghost.status).toBe("rejected");
        expect(((ghost as PromiseRejectedResult).reason as ImError).kind).toBe("USER_NOT_FOUND");
        expect(ok.status).toBe("fulfilled");
        await expectImError(store.appendSystem({ ...base, toUids: [], idempotencyKey: "e" }), "INVALID_ARGUMENT");
        await expectImError(store.appendSystem({ ...base, toUids: [a], idempotencyKey: "" }), "INVALID_ARGUMENT");
        expect(await harness.countMessages(business)).toBe(1);
        expect((await harness.readInbox(a)).map((e) => e.seq)).toEqual([1]);
      });
    });

    it("refuses appends after close", async () => {
      const s = await harness.open();
      await s.close();
      await expectImError(s.messages.appendC2C(send(uid("a"), uid("b"), "late")), "UNAVAILABLE");
    });
  });
}
