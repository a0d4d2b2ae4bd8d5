import type { ImClient } from "./client.ts";
import { Emitter, type Listener } from "./emitter.ts";
import { ClientErrorCode, ImClientError } from "./errors.ts";
import { CONTENT_TYPE_TEXT, ConvType, type SendAck } from "./types.ts";

/** The conversations a client can send to. */
export type SendableConv = typeof ConvType.C2C | typeof ConvType.GROUP;

/** A message waiting to be sent; its clientMsgId stays the same across retries and page reloads. */
export interface QueuedMessage {
  clientMsgId: string;
  convType: SendableConv;
  /** Peer uid or group id. */
  convId: string;
  contentType: number;
  content: string;
  /** ms since epoch when the app queued it; the queue sends in this order. */
  queuedAt: number;
  /** Tie-breaker for messages queued in the same millisecond. */
  order: number;
}

/** Where queued messages survive a restart: IndexedDB in browsers, memory in tests and Node. */
export interface QueueStorage {
  load(): Promise<QueuedMessage[]>;
  put(message: QueuedMessage): Promise<void>;
  remove(clientMsgId: string): Promise<void>;
}

export class MemoryQueueStorage implements QueueStorage {
  private readonly items = new Map<string, QueuedMessage>();

  async load(): Promise<QueuedMessage[]> {
    return [...this.items.values()].map((m) => ({ ...m }));
  }

  async put(message: QueuedMessage): Promise<void> {
    this.items.set(message.clientMsgId, { ...message });
  }

  async remove(clientMsgId: string): Promise<void> {
    this.items.delete(clientMsgId);
  }
}

const STORE = "queue";

// The part of the IndexedDB API used here, typed locally so the package needs no DOM typings.
interface IdbRequest<T> {
  result: T;
  error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}
interface IdbOpenRequest extends IdbRequest<IdbDatabase> {
  onupgradeneeded: (() => void) | null;
}
interface IdbStore {
  getAll(): IdbRequest<unknown[]>;
  put(value: unknown): IdbRequest<unknown>;
  delete(key: string): IdbRequest<unknown>;
}
interface IdbTransaction {
  objectStore(name: string): IdbStore;
  error: unknown;
  oncomplete: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}
interface IdbDatabase {
  createObjectStore(name: string, options: { keyPath: string }): unknown;
  transaction(store: string, mode: "readonly" | "readwrite"): IdbTransaction;
}
/** `indexedDB` of a browser (or a test double of it). */
export interface IdbFactory {
  open(name: string, version: number): IdbOpenRequest;
}

/**
 * Queued messages in an IndexedDB database of their own (one per user, e.g.
 * `im-queue:alice`), so they survive a page reload or a closed tab.
 */
export class IndexedDbQueueStorage implements QueueStorage {
  private db: Promise<IdbDatabase> | undefined;
  private readonly factory: IdbFactory;

  constructor(
    private readonly name: string,
    factory?: IdbFactory,
  ) {
    const found = factory ?? (globalThis as { indexedDB?: IdbFactory }).indexedDB;
    if (!found) throw new Error("IndexedDB is not available here; use MemoryQueueStorage");
    this.factory = found;
  }

  async load(): Promise<QueuedMessage[]> {
    return (await this.run("readonly", (store) => store.getAll())) as QueuedMessage[];
  }

  async put(message: QueuedMessage): Promise<void> {
    await this.run("readwrite", (store) => store.put(message));
  }

  async remove(clientMsgId: string): Promise<void> {
    await this.run("readwrite", (store) => store.delete(clientMsgId));
  }

  private open(): Promise<IdbDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const request = this.factory.open(this.name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "clientMsgId" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return this.db;
  }

  private async run<T>(mode: "readonly" | "readwrite", op: (store: IdbStore) => IdbRequest<T>): Promise<T> {
    const db = await this.open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = op(tx.objectStore(STORE));
      // Resolve on commit, so a reload right after put() still finds the message.
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }
}

export interface SendQueueEvents {
  /** Stored and waiting to be sent. */
  queued: QueuedMessage;
  /** The server stored it (`ack.duplicate` when an earlier attempt had already got through). */
  sent: { message: QueuedMessage; ack: SendAck };
  /** Refused by the server for good (e.g. not a group member); it is no longer queued. */
  failed: { message: QueuedMessage; error: ImClientError };
}

/** Failures after which the message stays queued: the network, the server being busy, or a closed client. */
function keepQueued(error: ImClientError): boolean {
  return error.retryable || error.code === ClientErrorCode.CLOSED || error.code === ClientErrorCode.KICKED;
}

/**
 * An outbox in front of ImClient: messages are stored first, then sent one at
 * a time in the order they were queued, each with its own clientMsgId. What
 * cannot be sent now (offline, reconnecting) is sent again after the next
 * `connected` event, and after a reload by start(); the server stores a
 * clientMsgId only once, so a message is never sent twice however often it
 * is retried.
 */
export class SendQueue {
  private readonly emitter = new Emitter<SendQueueEvents>();
  private queue: QueuedMessage[] = [];
  private flushing: Promise<void> | undefined;
  private flushAgain = false;
  private order = 0;
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly client: ImClient,
    private readonly storage: QueueStorage,
  ) {}

  on<K extends keyof SendQueueEvents>(event: K, listener: Listener<SendQueueEvents[K]>): () => void {
    return this.emitter.on(event, listener);
  }

  off<K extends keyof SendQueueEvents>(event: K, listener: Listener<SendQueueEvents[K]>): void {
    this.emitter.off(event, listener);
  }

  /** Messages not yet acknowledged by the server, oldest first. */
  get pending(): QueuedMessage[] {
    return [...this.queue];
  }

  /** Loads what an earlier run left queued and sends it; from now on every reconnect flushes the queue. */
  async start(): Promise<QueuedMessage[]> {
    const stored = await this.storage.load();
    const known = new Set(this.queue.map((m) => m.clientMsgId));
    this.queue.push(...stored.filter((m) => !known.has(m.clientMsgId)));
    this.queue.sort((a, b) => a.queuedAt - b.queuedAt || a.order - b.order);
    this.order = Math.max(this.order, ...this.queue.map((m) => m.order + 1));
    this.stopListening ??= this.client.on("connected", () => void this.flush());
    void this.flush();
    return this.pending;
  }

  /** Stops reacting to reconnects; what is queued stays stored. */
  stop(): void {
    this.stopListening?.();
    this.stopListening = undefined;
  }

  /** Stores a message, then sends it behind anything queued before it. Resolves once it is stored. */
  async send(
    convType: SendableConv,
    convId: string,
    content: string,
    contentType = CONTENT_TYPE_TEXT,
  ): Promise<QueuedMessage> {
    const message: QueuedMessage = {
      clientMsgId: this.newId(),
      convType,
      convId,
      contentType,
      content,
      queuedAt: Date.now(),
      order: this.order++,
    };
    await this.storage.put(message);
    this.queue.push(message);
    this.emitter.emit("queued", message);
    void this.flush();
    return message;
  }

  /** Sends queued messages in order until one has to wait for the connection; concurrent calls share one run. */
  flush(): Promise<void> {
    if (this.flushing) {
      this.flushAgain = true;
      return this.flushing;
    }
    this.flushing = this.drain().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    do {
      this.flushAgain = false;
      while (this.queue.length > 0) {
        const message = this.queue[0]!;
        let ack: SendAck;
        try {
          ack = await this.sendOne(message);
        } catch (err) {
          const error =
            err instanceof ImClientError
              ? err
              : new ImClientError(ClientErrorCode.PROTOCOL, String(err), 0, { cause: err });
          if (keepQueued(error)) return; // the next `connected` event flushes again
          await this.forget(message);
          this.emitter.emit("failed", { message, error });
          continue;
        }
        await this.forget(message);
        this.emitter.emit("sent", { message, ack });
      }
    } while (this.flushAgain);
  }

  private sendOne(m: QueuedMessage): Promise<SendAck> {
    const common = { clientMsgId: m.clientMsgId, content: m.content, contentType: m.contentType };
    return m.convType === ConvType.GROUP
      ? this.client.sendGroup({ groupId: m.convId, ...common })
      : this.client.sendC2C({ toUid: m.convId, ...common });
  }

  private async forget(message: QueuedMessage): Promise<void> {
    this.queue = this.queue.filter((m) => m.clientMsgId !== message.clientMsgId);
    await this.storage.remove(message.clientMsgId);
  }

  private newId(): string {
    return globalThis.crypto.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  }
}
