import { randomUUID } from "node:crypto";
import {
  type AppendResult,
  type Conversation,
  type ConversationStore,
  ConvType,
  ImError,
  type InboxMessage,
  type MarkReadResult,
  type MessageStore,
} from "@im/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

export interface OpenedConversations {
  messages: MessageStore;
  conversations: ConversationStore;
  close(): Promise<void>;
}

export interface GroupMessageSend {
  groupId: string;
  fromUid: string;
  /** Members other than the sender. */
  memberUids: string[];
  content: string;
}

/** What the contract needs from a backend. */
export interface ConversationStoreHarness {
  /** Stores on the harness's data; each open() acts as another server (or the same one again). */
  open(): Promise<OpenedConversations>;
  /** Stores a group message the way a group send does: one entry for the sender and one per member. */
  sendGroup(send: GroupMessageSend): Promise<{ msgId: number; seqs: Map<string, number> }>;
  cleanup(): Promise<void>;
}

let counter = 0;
/** A uid no other test uses, so tests can share one database. */
function uid(name: string): string {
  counter++;
  return `${name}-${counter}-${randomUUID().slice(0, 8)}`;
}

async function expectImError(promise: Promise<unknown>, kind: string): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected an ImError ${kind}`).toBeInstanceOf(ImError);
  expect((err as ImError).kind).toBe(kind);
}

/** The owner's seq of an append's entry. */
function seqOf(ack: AppendResult, owner: string): number {
  const write = ack.writes.find((w) => w.ownerUid === owner);
  if (!write) throw new Error(`no entry for ${owner}`);
  return write.message.seq;
}

async function listAll(store: ConversationStore, owner: string, limit = 100): Promise<Conversation[]> {
  const all: Conversation[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list(owner, { cursor, limit });
    all.push(...page.conversations);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** Small, seeded, so a failing randomized run can be repeated. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The ConversationStore contract, run against every backend. */
export function describeConversationStoreContract(
  name: string,
  createHarness: () => Promise<ConversationStoreHarness>,
): void {
  describe(`ConversationStore contract: ${name}`, () => {
    let harness: ConversationStoreHarness;
    let opened: OpenedConversations;
    let messages: MessageStore;
    let conversations: ConversationStore;
    const extra: OpenedConversations[] = [];

    async function openAnother(): Promise<OpenedConversations> {
      const s = await harness.open();
      extra.push(s);
      return s;
    }

    function c2c(fromUid: string, toUid: string, content = "hi"): Promise<AppendResult> {
      return messages.appendC2C({ fromUid, toUid, clientMsgId: randomUUID(), contentType: 1, content });
    }

    beforeAll(async () => {
      harness = await createHarness();
      opened = await harness.open();
      messages = opened.messages;
      conversations = opened.conversations;
    });
    afterAll(async () => {
      for (const s of extra) await s.close();
      await opened?.close();
      await harness?.cleanup();
    });

    it("has no conversations for a user without messages", async () => {
      const nobody = uid("nobody");
      expect(await conversations.list(nobody, { limit: 10 })).toEqual({ conversations: [] });
      expect(await conversations.get(nobody, ConvType.C2C, uid("x"))).toBeUndefined();
    });

    it("lists each side of a 1:1 with its last message and counts only the other side's messages as unread", async () => {
      const [alice, bob] = [uid("alice"), uid("bob")];
      await c2c(alice, bob, "one");
      await c2c(alice, bob, "two");
      await c2c(bob, alice, "back");
      const last = await c2c(alice, bob, "three 🎉");

      const forBob = await conversations.get(bob, ConvType.C2C, alice);
      const [bobsEntry] = (await messages.pull(bob, 3, 1)).messages as [InboxMessage];
      expect(forBob).toEqual({
        convType: ConvType.C2C,
        convId: alice,
        lastSeq: 4,
        lastMsgId: last.msgId,
        lastAt: last.sentAt,
        readSeq: 0,
        unread: 3,
        lastMessage: bobsEntry,
      });
      expect(bobsEntry.content).toBe("three 🎉");
      // Alice's three sends are her own: only bob's one message is unread for her.
      expect(await conversations.get(alice, ConvType.C2C, bob)).toMatchObject({ convId: bob, lastSeq: 4, unread: 1 });
      expect((await conversations.list(bob, { limit: 10 })).conversations).toEqual([forBob]);
    });

    it("never counts messages to oneself as unread", async () => {
      const alice = uid("alice");
      await c2c(alice, alice, "note to self");
      await c2c(alice, alice, "another");
      expect(await conversations.get(alice, ConvType.C2C, alice)).toMatchObject({ lastSeq: 2, unread: 0, readSeq: 0 });
      const read = await conversations.markRead(alice, ConvType.C2C, alice, 2);
      expect(read).toMatchObject({ readSeq: 2, unread: 0, changed: true });
    });

    it("orders the list by last activity, newest first, and pages through it", async () => {
      const owner = uid("owner");
      const peers = Array.from({ length: 23 }, (_, i) => uid(`peer${i}`));
      for (const peer of peers) await c2c(peer, owner);
      // New activity moves a conversation to the top, whoever writes.
      await c2c(peers[3] as string, owner);
      await c2c(owner, peers[10] as string);
      const expected = [peers[10], peers[3], ...peers.filter((_, i) => i !== 3 && i !== 10).reverse()];

      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await conversations.list(owner, { cursor, limit: 5 });
        pages.push(page.conversations.map((c) => c.convId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
      expect(pages.flat()).toEqual(expected);

      const all = await listAll(conversations, owner, 500);
      expect(all.map((c) => c.convId)).toEqual(expected);
      for (const c of all) expect(c.lastAt).toBe(c.lastMessage?.sentAt);
      // An exact fit leaves no cursor behind.
      expect((await conversations.list(owner, { limit: 23 })).nextCursor).toBeUndefined();
    });

    it("pages without repeats or gaps while conversations get new messages", async () => {
      const owner = uid("owner");
      const peers = Array.from({ length: 40 }, (_, i) => uid(`peer${i}`));
      for (const peer of peers) await c2c(peer, owner);

      const seen: string[] = [];
      const touched = new Set<string>();
      let cursor: string | undefined;
      let round = 0;
      do {
        // Between pages, and racing the next one, some conversations get new messages.
        const active = [peers[(round * 7) % 40], peers[(round * 13 + 5) % 40]] as string[];
        for (const p of active) touched.add(p);
        const [page] = await Promise.all([
          conversations.list(owner, { cursor, limit: 6 }),
          ...active.map((p) => c2c(p, owner, `again ${round}`)),
        ]);
        seen.push(...page.conversations.map((c) => c.convId));
        cursor = page.nextCursor;
        round++;
      } while (cursor);

      expect(new Set(seen).size).toBe(seen.length);
      for (const peer of peers) if (!touched.has(peer)) expect(seen).toContain(peer);
      // A fresh walk shows everything once, newest first.
      const all = await listAll(conversations, owner, 7);
      expect(all.map((c) => c.convId).sort()).toEqual([...peers].sort());
      for (let i = 1; i < all.length; i++) {
        const [a, b] = [all[i - 1] as Conversation, all[i] as Conversation];
        expect(a.lastAt > b.lastAt || (a.lastAt === b.lastAt && a.lastSeq > b.lastSeq)).toBe(true);
      }
    });

    it("moves the read position forward only, recounting unread", async () => {
      const [alice, bob] = [uid("alice"), uid("bob")];
      const acks: AppendResult[] = [];
      for (let i = 0; i < 5; i++) acks.push(await c2c(alice, bob, `m${i}`));
      const s = acks.map((a) => seqOf(a, bob));

      expect(await conversations.markRead(bob, ConvType.C2C, alice, s[2] as number)).toMatchObject({
        readSeq: s[2],
        unread: 2,
        changed: true,
        lastReadMsgId: acks[2]?.msgId,
      });
      // Back, or the same again: nothing moves.
      expect(await conversations.markRead(bob, ConvType.C2C, alice, s[0] as number)).toMatchObject({
        readSeq: s[2],
        unread: 2,
        changed: false,
        lastReadMsgId: acks[2]?.msgId,
      });
      expect(await conversations.markRead(bob, ConvType.C2C, alice, s[2] as number)).toMatchObject({
        readSeq: s[2],
        changed: false,
      });
      expect(await conversations.markRead(bob, ConvType.C2C, alice, 0)).toMatchObject({
        readSeq: s[2],
        changed: false,
      });
      expect(await conversations.get(bob, ConvType.C2C, alice)).toMatchObject({ readSeq: s[2], unread: 2 });

      // New messages after the read position are unread again.
      await c2c(alice, bob, "m5");
      expect(await conversations.get(bob, ConvType.C2C, alice)).toMatchObject({ readSeq: s[2], unread: 3 });
    });

    it("clamps a read position beyond the conversation's newest message to it", async () => {
      const [alice, bob, carol] = [uid("alice"), uid("bob"), uid("carol")];
      const a1 = await c2c(alice, bob, "a1");
      const a2 = await c2c(alice, bob, "a2");
      await c2c(carol, bob, "c1"); // bob's seq 3, in another conversation

      expect(await conversations.markRead(bob, ConvType.C2C, alice, 1_000_000)).toMatchObject({
        readSeq: seqOf(a2, bob),
        unread: 0,
        changed: true,
        lastReadMsgId: a2.msgId,
      });
      // A position between two of the conversation's entries counts what lies above it.
      const [dave, erin] = [uid("dave"), uid("erin")];
      const d1 = await c2c(dave, erin, "d1");
      await c2c(carol, erin, "c");
      await c2c(dave, erin, "d2");
      expect(await conversations.markRead(erin, ConvType.C2C, dave, 2)).toMatchObject({
        readSeq: 2,
        unread: 1,
        changed: true,
        lastReadMsgId: d1.msgId,
      });
      expect(a1.msgId).toBeLessThan(a2.msgId);
    });

    it("answers NOT_FOUND for a conversation that does not exist and INVALID_ARGUMENT for bad input", async () => {
      const [alice, bob] = [uid("alice"), uid("bob")];
      await c2c(alice, bob);
      await expectImError(conversations.markRead(bob, ConvType.C2C, uid("stranger"), 1), "NOT_FOUND");
      await expectImError(conversations.markRead(bob, ConvType.GROUP, alice, 1), "NOT_FOUND");
      await expectImError(conversations.markRead(uid("nobody"), ConvType.C2C, alice, 1), "NOT_FOUND");
      for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
        await expectImError(conversations.markRead(bob, ConvType.C2C, alice, bad), "INVALID_ARGUMENT");
      }
      await expectImError(conversations.markRead(bob, 9 as ConvType, alice, 1), "INVALID_ARGUMENT");
      await expectImError(conversations.markRead(bob, ConvType.C2C, "", 1), "INVALID_ARGUMENT");
      await expectImError(conversations.list(bob, { limit: 0 }), "INVALID_ARGUMENT");
      await expectImError(conversations.list(bob, { cursor: "not a cursor", limit: 10 }), "INVALID_ARGUMENT");
      await expectImError(conversations.get("", ConvType.C2C, alice), "INVALID_ARGUMENT");
      // Nothing was changed by the failed calls.
      expect(await conversations.get(bob, ConvType.C2C, alice)).toMatchObject({ readSeq: 0, unread: 1 });
    });

    it("tells a 1:1 reader's peer how far it was read, in the peer's own seqs", async () => {
      const [alice, bob, carol] = [uid("alice"), uid("bob"), uid("carol")];
      // Offset the two timelines so the seqs of one message differ between them.
      await c2c(carol, bob, "c1");
      await c2c(carol, bob, "c2");
      await c2c(alice, carol, "x");
      const a1 = await c2c(alice, bob, "a1");
      const a2 = await c2c(alice, bob, "a2");
      const b1 = await c2c(bob, alice, "reply");
      expect(seqOf(a2, bob)).not.toBe(seqOf(a2, alice));

      const r1 = await conversations.markRead(bob, ConvType.C2C, alice, seqOf(a1, bob));
      expect(r1).toMatchObject({ lastReadMsgId: a1.msgId, peer: { uid: alice, seq: a1.senderSeq } });
      const r2 = await conversations.markRead(bob, ConvType.C2C, alice, seqOf(a2, bob));
      expect(r2).toEqual({
        readSeq: seqOf(a2, bob),
        unread: 0,
        changed: true,
        lastReadMsgId: a2.msgId,
        peer: { uid: alice, seq: a2.senderSeq },
      });
      // Bob's own reply is the newest message the read covers: alice sees it at her seq.
      const r3 = await conversations.markRead(bob, ConvType.C2C, alice, b1.senderSeq);
      expect(r3).toMatchObject({ changed: true, lastReadMsgId: b1.msgId, peer: { uid: alice, seq: seqOf(b1, alice) } });
    });

    it("keeps the highest read position when two devices mark concurrently", async () => {
      const [alice, bob] = [uid("alice"), uid("bob")];
      const acks: AppendResult[] = [];
      for (let i = 0; i < 30; i++) acks.push(await c2c(alice, bob, `m${i}`));
      const other = (await openAnother()).conversations;
      const order = Array.from({ length: 30 }, (_, i) => (i * 17) % 30);
      const results = await Promise.all(
        order.map((i, k) =>
          (k % 2 === 0 ? conversations : other).markRead(bob, ConvType.C2C, alice, seqOf(acks[i] as AppendResult, bob)),
        ),
      );
      // Exactly the calls that raised the position changed it, each to its own seq.
      expect(results.filter((r) => r.changed).length).toBeGreaterThanOrEqual(1);
      for (const r of results) expect(r.unread).toBe(30 - r.readSeq);
      expect(await conversations.get(bob, ConvType.C2C, alice)).toMatchObject({ readSeq: 30, unread: 0 });
    });

    it("keeps unread exact while messages arrive during a read", async () => {
      const [alice, bob] = [uid("alice"), uid("bob")];
      const first = await c2c(alice, bob, "first");
      const other = await openAnother();
      const sends: Promise<AppendResult>[] = [];
      const reads: Promise<MarkReadResult>[] = [];
      for (let i = 0; i < 40; i++) {
        sends.push(
          other.messages.appendC2C({ fromUid: alice, toUid: bob, clientMsgId: `${i}`, contentType: 1, content: "" }),
        );
        reads.push(conversations.markRead(bob, ConvType.C2C, alice, 1_000_000));
      }
      const acks = await Promise.all(sends);
      const results = await Promise.all(reads);
      const total = 41;
      // Each read covered everything committed when it ran; what arrived later is unread.
      for (const r of results) expect(r.unread).toBe(0);
      const last = Math.max(...results.map((r) => r.readSeq));
      expect(await conversations.get(bob, ConvType.C2C, alice)).toMatchObject({
        lastSeq: total,
        readSeq: last,
        unread: total - last,
      });
      expect(acks.length + 1).toBe(total);
      expect(first.msgId).toBeGreaterThan(0);
    });

    it("counts the members who read a group message", async () => {
      const [owner, m1, m2, m3] = [uid("owner"), uid("m1"), uid("m2"), uid("m3")];
      const groupId = uid("group");
      const g1 = await harness.sendGroup({ groupId, fromUid: owner, memberUids: [m1, m2, m3], content: "hello" });
      const g2 = await harness.sendGroup({ groupId, fromUid: m1, memberUids: [owner, m2, m3], content: "hi" });
      expect(await conversations.groupReadCount(groupId, g1.msgId)).toEqual({ read: 0, total: 3 });

      // m1 answered: its own message is no unread for it, but its read of g1 is not implied.
      expect(await conversations.get(m1, ConvType.GROUP, groupId)).toMatchObject({ unread: 1, lastMsgId: g2.msgId });
      expect(await conversations.get(m2, ConvType.GROUP, groupId)).toMatchObject({ unread: 2 });

      await conversations.markRead(m2, ConvType.GROUP, groupId, g1.seqs.get(m2) as number);
      expect(await conversations.groupReadCount(groupId, g1.msgId)).toEqual({ read: 1, total: 3 });
      expect(await conversations.groupReadCount(groupId, g2.msgId)).toEqual({ read: 0, total: 3 });

      const r = await conversations.markRead(owner, ConvType.GROUP, groupId, g2.seqs.get(owner) as number);
      expect(r).toMatchObject({ unread: 0, changed: true, lastReadMsgId: g2.msgId });
      expect(r.peer).toBeUndefined();
      await conversations.markRead(m3, ConvType.GROUP, groupId, 1_000_000);
      expect(await conversations.groupReadCount(groupId, g1.msgId)).toEqual({ read: 2, total: 3 });
      expect(await conversations.groupReadCount(groupId, g2.msgId)).toEqual({ read: 2, total: 3 });

      await expectImError(conversations.groupReadCount(uid("other-group"), g1.msgId), "NOT_FOUND");
      const direct = await c2c(owner, m1);
      await expectImError(conversations.groupReadCount(groupId, direct.msgId), "NOT_FOUND");
      await expectImError(conversations.groupReadCount(groupId, 0), "INVALID_ARGUMENT");
    });

    it("matches a model of random concurrent sends and reads from two devices per user", async () => {
      const seed = Date.now() % 100_000;
      const rand = random(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
      const users = Array.from({ length: 5 }, (_, i) => uid(`u${i}`));
      const servers = [opened, await openAnother()];
      const OPS_PER_DEVICE = 120;

      interface Entry {
        owner: string;
        convId: string;
        seq: number;
        msgId: number;
        fromUid: string;
      }
      const entries: Entry[] = [];
      const byMsg = new Map<number, Entry[]>();
      /** Entries each user has seen acked (as a push would tell its devices). */
      const known = new Map<string, Entry[]>(users.map((u) => [u, []]));
      /** Highest read position any completed markRead returned, per owner and conversation. */
      const completed = new Map<string, number>();
      const reads: { owner: string; convId: string; result: MarkReadResult; floor: number; ackedBefore: number }[] = [];

      async function device(user: string, server: OpenedConversations): Promise<void> {
        for (let op = 0; op < OPS_PER_DEVICE; op++) {
          const mine = known.get(user) as Entry[];
          if (mine.length === 0 || rand() < 0.55) {
            const to = rand() < 0.05 ? user : pick(users.filter((u) => u !== user));
            const ack = await server.messages.appendC2C({
              fromUid: user,
              toUid: to,
              clientMsgId: randomUUID(),
              contentType: 1,
              content: `${op}`,
            });
            const written = ack.writes.map((w) => ({
              owner: w.ownerUid,
              convId: w.message.convId,
              seq: w.message.seq,
              msgId: w.message.msgId,
              fromUid: w.message.fromUid,
            }));
            entries.push(...written);
            byMsg.set(ack.msgId, written);
            for (const e of written) known.get(e.owner)?.push(e);
            continue;
          }
          const target = pick(mine);
          const key = `${user}\u0000${target.convId}`;
          // Mostly a message the device has seen; sometimes "everything", which the store clamps.
          const all = rand() < 0.2;
          const requested = all ? Number.MAX_SAFE_INTEGER : target.seq;
          const floor = Math.max(completed.get(key) ?? 0, all ? knownLast(user, target.convId) : target.seq);
          const ackedBefore = entries.length;
          const result = await server.conversations.markRead(user, ConvType.C2C, target.convId, requested);
          reads.push({ owner: user, convId: target.convId, result, floor, ackedBefore });
          completed.set(key, Math.max(completed.get(key) ?? 0, result.readSeq));
        }
      }
      function knownLast(owner: string, convId: string): number {
        let last = 0;
        for (const e of known.get(owner) as Entry[]) if (e.convId === convId && e.seq > last) last = e.seq;
        return last;
      }

      await Promise.all(users.flatMap((u) => servers.map((s) => device(u, s))));

      const sorted = [...entries].sort((a, b) => a.seq - b.seq);
      const conv = (owner: string, convId: string, log = sorted) =>
        log.filter((e) => e.owner === owner && e.convId === convId);
      const unreadAbove = (owner: string, convId: string, seq: number, log = sorted) =>
        conv(owner, convId, log).filter((e) => e.fromUid !== owner && e.seq > seq).length;

      // Each read: never below what was read before it started, never beyond what it asked, on an entry
      // of the conversation; its unread and receipt agree with the log.
      for (const { owner, convId, result, floor, ackedBefore } of reads) {
        const inConv = conv(owner, convId);
        expect(result.readSeq, `seed ${seed}`).toBeGreaterThanOrEqual(floor);
        expect(inConv.map((e) => e.seq)).toContain(result.readSeq);
        const covered = inConv.filter((e) => e.seq <= result.readSeq).at(-1) as Entry;
        expect(result.lastReadMsgId).toBe(covered.msgId);
        const peerEntry = byMsg.get(covered.msgId)?.find((e) => e.owner === convId);
        expect(result.peer).toEqual({ uid: convId, seq: peerEntry?.seq });
        // Entries acknowledged before the read are counted; entries that did not exist yet cannot be.
        expect(result.unread).toBeGreaterThanOrEqual(
          unreadAbove(owner, convId, result.readSeq, entries.slice(0, ackedBefore)),
        );
        expect(result.unread).toBeLessThanOrEqual(unreadAbove(owner, convId, result.readSeq));
      }

      // Afterwards: every conversation equals the model.
      let checked = 0;
      for (const owner of users) {
        const listed = await listAll(servers[1]?.conversations as ConversationStore, owner, 3);
        const model = new Map<string, Entry[]>();
        for (const e of sorted) if (e.owner === owner) model.set(e.convId, [...(model.get(e.convId) ?? []), e]);
        expect(listed.map((c) => c.convId).sort()).toEqual([...model.keys()].sort());
        for (const c of listed) {
          const inConv = model.get(c.convId) as Entry[];
          const readSeq = Math.max(
            0,
            ...reads.filter((r) => r.owner === owner && r.convId === c.convId).map((r) => r.result.readSeq),
          );
          const last = inConv.at(-1) as Entry;
          expect({
            convId: c.convId,
            lastSeq: c.lastSeq,
            lastMsgId: c.lastMsgId,
            readSeq: c.readSeq,
            unread: c.unread,
          }).toEqual({
            convId: c.convId,
            lastSeq: last.seq,
            lastMsgId: last.msgId,
            readSeq,
            unread: unreadAbove(owner, c.convId, readSeq),
          });
          expect(await conversations.get(owner, ConvType.C2C, c.convId)).toEqual(c);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(users.length);
      expect(reads.length).toBeGreaterThan(100);
    });
  });
}
