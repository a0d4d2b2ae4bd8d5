import { ImClient, type ImClientEvents, type ImClientOptions } from "../client.ts";
import { ConvType, DeviceType, type Endpoint } from "../types.ts";
import type { FakeServer } from "./fake-server.ts";

export const EP_A: Endpoint = { transport: "tcp", host: "node-a", port: 7100 };
export const EP_B: Endpoint = { transport: "tcp", host: "node-b", port: 7100 };

/** A client wired to a FakeServer with short timeouts and no jitter surprises. */
export function fakeClient(server: FakeServer, options: Partial<ImClientOptions> = {}): ImClient {
  return new ImClient({
    endpoints: [EP_A],
    token: "token-alice",
    deviceType: DeviceType.DESKTOP,
    deviceId: "dev-1",
    transportFactory: server.factory,
    requestTimeoutMs: 500,
    reconnect: { minDelayMs: 10, maxDelayMs: 40 },
    random: () => 0.5,
    ...options,
  });
}

/** Resolves with the next payload of `event`. */
export function nextEvent<K extends keyof ImClientEvents>(client: ImClient, event: K): Promise<ImClientEvents[K]> {
  return new Promise((resolve) => client.once(event, resolve));
}

/** Records every payload of `event`. */
export function record<K extends keyof ImClientEvents>(client: ImClient, event: K): ImClientEvents[K][] {
  const seen: ImClientEvents[K][] = [];
  client.on(event, (payload) => seen.push(payload));
  return seen;
}

/** An inbox message addressed to alice. */
export function msg(seq: number, content = `m${seq}`) {
  return {
    msgId: seq * 1000,
    seq,
    convType: ConvType.C2C,
    convId: "bob",
    fromUid: "bob",
    toId: "alice",
    clientMsgId: `c-${seq}`,
    contentType: 1,
    content,
    sentAt: 1_700_000_000_000 + seq,
  };
}

/** Lets queued microtasks (fake-transport deliveries) run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
