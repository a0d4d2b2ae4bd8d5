import { buildApp, createApiKey, createBusinessLine, createOperator, type OperatorRole } from "@im/gateway";
import { im } from "@im/protocol";
import type { FastifyInstance } from "fastify";
import { startTestServer, TEST_SECRET, type TestServer } from "./harness.ts";

/** What the console sends with each request once signed in. */
export interface ConsoleSession {
  cookie: string;
  csrf: string;
}

export interface NodeWithGateway {
  server: TestServer;
  /** The REST gateway over the node's stores, delivering and kicking through the node. */
  gateway: FastifyInstance;
  /** Creates a business line and answers a new API key for it. */
  businessLineKey(line: { id: string; name: string }): Promise<string>;
  /** Creates an operator and signs in as them through POST /admin/login. */
  signIn(operator: { username: string; password: string; role: OperatorRole }): Promise<ConsoleSession>;
  stop(): Promise<void>;
}

/** A test node with the REST gateway beside it, wired to each other as apps/realtime's main wires them. */
export async function startNodeWithGateway(): Promise<NodeWithGateway> {
  const server = await startTestServer();
  let gateway: FastifyInstance;
  try {
    gateway = await buildApp({
      db: { pool: server.pool },
      storage: server.storage,
      presence: server.presence,
      registry: server.registry,
      deliver: (writes) => server.node.deliver(writes),
      kick: (uid, deviceType, reason, scope) =>
        server.node.kickUser(uid, scope?.kickReason ?? im.KickReason.ADMIN, reason, deviceType, scope?.deviceId),
      tokenSecret: TEST_SECRET,
      logger: { level: "silent" },
    });
  } catch (err) {
    await server.stop();
    throw err;
  }
  return {
    server,
    gateway,
    async businessLineKey(line) {
      await createBusinessLine({ pool: server.pool }, line);
      return (await createApiKey({ pool: server.pool }, line.id, {})).key;
    },
    async signIn({ role, ...credentials }) {
      await createOperator(server.pool, { ...credentials, role });
      const res = await gateway.inject({ method: "POST", url: "/admin/login", payload: credentials });
      return {
        cookie: res.cookies.find((c) => c.name === "im_admin_session")?.value ?? "",
        csrf: res.json().csrfToken,
      };
    },
    async stop() {
      await gateway.close();
      await server.stop();
    },
  };
}
