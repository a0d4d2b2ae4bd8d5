import type {
  AccessStore,
  DeliveryLedger,
  MessageStore,
  NodeBus,
  NodeRegistry,
  Presence,
  PushProvider,
  TokenVerifier,
  UserStore,
} from "@im/core";
import type { OutboxStore } from "@im/outbox";
import type { Logger } from "pino";
import type { KickoutPolicy } from "./flows/kickout-policy.ts";
import type { SocialDeps } from "./flows/social.ts";
import type { TlsMaterial } from "./tcp-listener.ts";

export interface NodeDeps extends SocialDeps {
  messages: MessageStore;
  users: UserStore;
  presence: Presence;
  bus: NodeBus;
  verifier: TokenVerifier;
  push: PushProvider;
  registry: NodeRegistry;
  logger: Logger;
  /** Where pushes, acks and offline pushes are noted for tracing; without it nothing is. */
  ledger?: DeliveryLedger;
  /** Where c2s messages go; without it C2S_SEND_REQ is answered UNAVAILABLE. */
  outbox?: Pick<OutboxStore, "enqueueC2S">;
  /** Bans and token revocations checked at login; without it neither is enforced (tests of other parts). */
  access?: AccessStore;
  /**
   * Whether the cluster backplane (Redis) is reachable; /readyz answers 503
   * while it is not. Absent: always (in-memory backends).
   */
  backendsReady?: () => boolean;
}

export interface NodeOptions {
  nodeId: string;
  host: string;
  tcpPort: number;
  wsPort: number;
  maxFrameBytes: number;
  maxContentBytes: number;
  authTimeoutMs: number;
  heartbeatMs: number;
  idleTimeoutMs: number;
  ratePerSec: number;
  rateBurst: number;
  maxConnections: number;
  kickoutPolicy: KickoutPolicy;
  undeliveredMs: number;
  /** Outbound bytes a connection may queue before it is closed as a slow consumer. */
  maxOutboundBytes?: number;
  /** Host clients use to reach this node (published in the node registry). */
  advertiseHost: string;
  /** Node registry TTL. */
  nodeTtlMs: number;
  /** On shutdown, how long clients get to move to other nodes before they are disconnected. */
  drainMs: number;
  /** TLS for both listeners (TCP over TLS, WebSocket over HTTPS); plain when absent. */
  tls?: TlsMaterial;
  /** Browser origins allowed to open WebSockets; absent or empty: the connected hostname only. */
  allowedOrigins?: readonly string[];
  /** Bearer token for /metrics; absent: /metrics answers loopback peers only. */
  metricsToken?: string;
}
