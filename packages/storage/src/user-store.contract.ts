import { randomUUID } from "node:crypto";
import { ImError, type UserStore } from "@im/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** What the contract needs from a backend. */
export interface UserStoreHarness {
  /** Opens a store on the harness's data; another open() is another server process. */
  open(): Promise<{ users: UserStore; close(): Promise<void> }>;
  cleanup(): Promise<void>;
}

function uid(name: string): string {
  return `${name}-${randomUUID().slice(0, 8)}`;
}

async function expectInvalid(promise: Promise<unknown>): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImError);
  expect((err as ImError).kind).toBe("INVALID_ARGUMENT");
}

/** The UserStore contract, run against every backend. */
export function describeUserStoreContract(name: string, createHarness: () => Promise<UserStoreHarness>): void {
  describe(`UserStore contract: ${name}`, () => {
    let harness: UserStoreHarness;
    let opened: { users: UserStore; close(): Promise<void> }[] = [];
    let users: UserStore;

    beforeAll(async () => {
      harness = await createHarness();
      opened = [await harness.open()];
      users = (opened[0] as { users: UserStore }).users;
    });
    afterAll(async () => {
      for (const o of opened) await o.close();
      await harness?.cleanup();
    });

    it("creates a user with its first login and starts a new device at cursor 0", async () => {
      const alice = uid("alice");
      expect(await users.exists(alice)).toBe(false);
      expect(await users.login({ uid: alice, deviceId: "phone", deviceType: 1 })).toEqual({ ackedSeq: 0 });
      expect(await users.exists(alice)).toBe(true);
      expect(await users.deviceCursor(alice, "phone")).toBe(0);
    });

    it("moves a device cursor forward only, per device", async () => {
      const bob = uid("bob");
      await users.login({ uid: bob, deviceId: "phone", deviceType: 1 });
      await users.login({ uid: bob, deviceId: "web", deviceType: 3 });
      await users.ackDevice(bob, "phone", 7);
      await users.ackDevice(bob, "phone", 3);
      expect(await users.deviceCursor(bob, "phone")).toBe(7);
      expect(await users.deviceCursor(bob, "web")).toBe(0);
      await users.ackDevice(bob, "phone", 12);
      // Logging in again resumes where the device left off.
      expect(await users.login({ uid: bob, deviceId: "phone", deviceType: 1 })).toEqual({ ackedSeq: 12 });
      expect(await users.deviceCursor(bob, "tablet")).toBe(0);
      expect(await users.deviceCursor(uid("nobody"), "phone")).toBe(0);
    });

    it("sees users created through another instance, and keeps a login's cursor there", async () => {
      const carol = uid("carol");
      expect(await users.exists(carol)).toBe(false);
      const other = await harness.open();
      opened.push(other);
      await other.users.login({ uid: carol, deviceId: "d", deviceType: 2 });
      await other.users.ackDevice(carol, "d", 5);
      expect(await users.exists(carol)).toBe(true);
      expect(await users.deviceCursor(carol, "d")).toBe(5);
    });

    it("handles concurrent first logins of one user", async () => {
      const dave = uid("dave");
      const results = await Promise.all(
        ["a", "b", "c", "d", "a"].map((deviceId) => users.login({ uid: dave, deviceId, deviceType: 1 })),
      );
      expect(results).toEqual(Array(5).fill({ ackedSeq: 0 }));
      expect(await users.exists(dave)).toBe(true);
    });

    it("keeps any Unicode uid as is and rejects what is not an identifier", async () => {
      const fancy = uid("用户-🙂");
      await users.login({ uid: fancy, deviceId: "📱", deviceType: 1 });
      expect(await users.exists(fancy)).toBe(true);
      expect(await users.exists(`${fancy}-2`)).toBe(false);
      await expectInvalid(users.exists(`${fancy} `));
      await expectInvalid(users.login({ uid: "a\u0000b", deviceId: "d", deviceType: 1 }));
      await expectInvalid(users.login({ uid: "", deviceId: "d", deviceType: 1 }));
      await expectInvalid(users.login({ uid: "x".repeat(300), deviceId: "d", deviceType: 1 }));
      await expectInvalid(users.exists("a\u0000b"));
      await expectInvalid(users.ackDevice(fancy, "📱", -1));
      await expectInvalid(users.ackDevice(fancy, "📱", 1.5));
    });
  });
}
