// The behaviour every PushProvider shares, run against each implementation.
import { ConvType, type InboxMessage, type PushNotification, type PushProvider } from "@im/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

export interface PushProviderFixture {
  provider: PushProvider;
  /** What reached the provider's channel so far; absent for a provider that delivers nowhere. */
  delivered?: () => PushNotification[];
  close?(): Promise<void>;
}

export function sampleMessage(seq: number, content = `message ${seq}`): InboxMessage {
  return {
    msgId: 1_785_000_000_000_000 + seq,
    seq,
    convType: ConvType.C2C,
    convId: "alice",
    fromUid: "alice",
    toId: "bob",
    clientMsgId: `c-${seq}`,
    contentType: 1,
    content,
    sentAt: 1_767_225_600_000 + seq,
  };
}

/**
 * `delivers: false` is for a provider that discards by design (the no-op one): the delivery
 * cases are then not registered, rather than registered and passing without checking anything.
 */
export function describePushProviderContract(
  name: string,
  setup: () => Promise<PushProviderFixture>,
  { delivers = true }: { delivers?: boolean } = {},
): void {
  describe(`PushProvider contract: ${name}`, () => {
    let f: PushProviderFixture;
    beforeAll(async () => {
      f = await setup();
    });
    const delivered = (): PushNotification[] => {
      if (!f.delivered) throw new Error(`${name} delivers, so its fixture must report what it delivered`);
      return f.delivered();
    };
    afterAll(async () => {
      await f.provider.close();
      await f.close?.();
    });

    it("notify() returns at once, without a promise", () => {
      const started = performance.now();
      for (let i = 1; i <= 200; i++) {
        expect(f.provider.notify({ uid: "bob", message: sampleMessage(i) })).toBeUndefined();
      }
      expect(performance.now() - started).toBeLessThan(200);
    });

    if (delivers)
      it("delivers every notification with its fields intact, emoji included", async () => {
        const text = "you have mail 📬 👨‍👩‍👧 你好";
        f.provider.notify({ uid: "用户😀", message: sampleMessage(9001, text) });
        await expect
          .poll(() => delivered().find((n) => n.message.seq === 9001), { timeout: 5000, interval: 10 })
          .toEqual({ uid: "用户😀", message: sampleMessage(9001, text) });
        await expect.poll(() => delivered().length, { timeout: 5000, interval: 10 }).toBe(201);
        const seqs = delivered()
          .map((n) => n.message.seq)
          .sort((a, b) => a - b);
        expect(seqs).toEqual([...Array.from({ length: 200 }, (_, i) => i + 1), 9001]);
      });

    it("closes, tolerates a second close, and ignores notify() afterwards", async () => {
      await f.provider.close();
      await f.provider.close();
      expect(() => f.provider.notify({ uid: "bob", message: sampleMessage(9999) })).not.toThrow();
      if (!delivers) return;
      // Absence cannot be waited for: give a send that should not happen a moment to show up.
      await new Promise((r) => setTimeout(r, 50));
      expect(delivered().some((n) => n.message.seq === 9999)).toBe(false);
    });
  });
}
