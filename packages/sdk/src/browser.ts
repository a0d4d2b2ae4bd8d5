// The browser entry: everything but the TCP transport, and no Node built-ins
// (the "browser" condition of package.json picks this file and the browser
// half of "#platform"). src/index.ts adds the TCP transport for Node.

// The protocol's status codes, so apps can compare ImClientError.code without importing @im/protocol.
export { ErrorCode } from "@im/protocol";
export {
  type ClientState,
  type ConnectedEvent,
  type ConvSyncEvent,
  type CtrlEvent,
  type DisconnectedEvent,
  ImClient,
  type ImClientEvents,
  type ImClientOptions,
  type KickoutEvent,
  newClientMsgId,
  type ReadReceiptEvent,
  type ReconnectingEvent,
  type ReconnectOptions,
} from "./client.ts";
export type { Listener } from "./emitter.ts";
export { ClientErrorCode, ImClientError } from "./errors.ts";
export {
  type IdbFactory,
  IndexedDbQueueStorage,
  MemoryQueueStorage,
  type QueuedMessage,
  type QueueStorage,
  type SendableConv,
  SendQueue,
  type SendQueueEvents,
} from "./send-queue.ts";
export {
  describeEndpoint,
  parseEndpoint,
  type Transport,
  type TransportClose,
  type TransportFactory,
} from "./transport.ts";
export { type WebSocketConstructor, WsTransport, type WsTransportOptions } from "./transport-ws.ts";
export * from "./types.ts";
