import type { BusMessage, NodeBus } from "@im/core";
import type { Redis } from "ioredis";
import { decodeBusMessage, encodeBusMessage } from "./bus-codec.ts";
import { type RedisKeys, redisKeys } from "./redis-keys.ts";

export interface RedisNodeBusOptions {
  /** Connection PUBLISH goes through (may be shared with other commands). */
  publisher: Redis;
  /**
   * Dedicated connection for SUBSCRIBE (a subscribed connection cannot run
   * other commands). Keep ioredis' autoResubscribe on (the default) so
   * subscriptions come back after a reconnect.
   */
  subscriber: Redis;
  /** Key prefix (default `im:`); channels are `<prefix>bus:<nodeId>`. */
  prefix?: string | undefined;
  /** Publish failures, undecodable payloads and throwing handlers end up here. */
  onError?: ((err: unknown) => void) | undefined;
}

/**
 * Node bus over Redis pub/sub: one channel per node, one PUBLISH per message;
 * a delivery batch goes in the compact form of bus-codec.ts.
 *
 * - At-most-once: a message to a node that is not subscribed right then
 *   (dead, restarting, or its subscriber connection is reconnecting) is
 *   dropped. One caveat: a PUBLISH in flight when the publisher connection
 *   drops is re-sent after the reconnect, so that rare message may arrive twice.
 * - Order: messages from one publisher connection to one node arrive in
 *   publish order (one connection, one channel, one subscriber connection).
 * - publish() never throws; failures go to onError.
 *
 * Connections are borrowed: close() unsubscribes this bus's channels and stops
 * delivery but does not quit them. Two buses sharing a subscriber connection
 * must subscribe disjoint nodeIds.
 */
export class RedisNodeBus implements NodeBus {
  private readonly keys: RedisKeys;
  private readonly handlers = new Map<string, (message: BusMessage) => void>();
  private closed = false;

  constructor(private readonly opts: RedisNodeBusOptions) {
    this.keys = redisKeys(opts.prefix);
    opts.subscriber.on("message", this.onMessage);
  }

  publish(nodeId: string, message: BusMessage): void {
    let payload: string;
    try {
      payload = encodeBusMessage(message);
    } catch (err) {
      this.fail(err);
      return;
    }
    this.opts.publisher.publish(this.keys.busChannel(nodeId), payload).catch((err: unknown) => this.fail(err));
  }

  /** Resolves once Redis confirmed the subscription: later publishes reach the handler. */
  async subscribe(nodeId: string, handler: (message: BusMessage) => void): Promise<void> {
    if (this.closed) throw new Error("node bus is closed");
    const channel = this.keys.busChannel(nodeId);
    this.handlers.set(channel, handler);
    await this.opts.subscriber.subscribe(channel);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const channels = [...this.handlers.keys()];
    this.handlers.clear();
    this.opts.subscriber.off("message", this.onMessage);
    if (channels.length === 0) return;
    const unsubscribed = this.opts.subscriber.unsubscribe(...channels).catch((err: unknown) => this.fail(err));
    // While Redis is unreachable the UNSUBSCRIBE waits in the offline queue; don't hold close() on it.
    if (this.opts.subscriber.status === "ready") await unsubscribed;
  }

  private readonly onMessage = (channel: string, payload: string): void => {
    const handler = this.handlers.get(channel);
    if (!handler) return;
    let message: BusMessage;
    try {
      message = decodeBusMessage(payload);
    } catch (err) {
      this.fail(err);
      return;
    }
    try {
      handler(message);
    } catch (err) {
      this.fail(err);
    }
  };

  private fail(err: unknown): void {
    try {
      this.opts.onError?.(err);
    } catch {
      // an error reporter that throws must not break delivery
    }
  }
}
