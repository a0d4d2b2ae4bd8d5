import type http from "node:http";
import type net from "node:net";
import { metricsAccess } from "@im/auth";
import type { NodeMetrics } from "./metrics.ts";

export interface HealthDeps {
  nodeId: string;
  metrics: Pick<NodeMetrics, "registry">;
  /** Bearer token for /metrics; absent: /metrics answers loopback peers only. */
  metricsToken?: string | undefined;
  connections(): number;
  /** False while the node drains. */
  accepting(): boolean;
  /** False while the cluster backplane (Redis) is unreachable. */
  backendsReady?: (() => boolean) | undefined;
}

/**
 * /healthz, /readyz and /metrics beside the WebSocket listener, in the
 * gateway's style: `{ "status": "ok", ... }` when well, and errors as
 * `{ "error": { "code", "message" } }` with the matching HTTP status.
 */
export function createHealthHandler(deps: HealthDeps): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const error = (res: http.ServerResponse, status: number, code: string, message: string) =>
    json(res, status, { error: { code, message } });
  return (req, res) => {
    if (req.url === "/healthz") {
      json(res, 200, { status: "ok", node: deps.nodeId, connections: deps.connections() });
      return;
    }
    if (req.url === "/readyz") {
      // Ready while accepting clients; a draining node asks load balancers to stop sending new ones.
      // Without Redis this node reaches no other node's users: not ready until it is back.
      if (!deps.accepting()) error(res, 503, "UNAVAILABLE", "the node is draining");
      else if (deps.backendsReady?.() === false) error(res, 503, "UNAVAILABLE", "redis unreachable");
      else json(res, 200, { status: "ok", node: deps.nodeId });
      return;
    }
    if (req.url === "/metrics") {
      const access = metricsAccess(req.socket.remoteAddress, req.headers.authorization, deps.metricsToken);
      if (access === "unauthorized") return error(res, 401, "NOT_AUTHENTICATED", "/metrics needs its bearer token");
      if (access === "forbidden") return error(res, 403, "FORBIDDEN", "/metrics is served to loopback peers only");
      deps.metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { "content-type": deps.metrics.registry.contentType });
          res.end(text);
        },
        () => error(res, 500, "INTERNAL", "internal error"),
      );
      return;
    }
    error(res, 404, "NOT_FOUND", "not found; WebSocket clients connect to /ws");
  };
}

export function listenOn(
  server: net.Server | http.Server,
  host: string,
  port: number,
): Promise<{ address: string; port: number }> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const addr = server.address();
      resolve(typeof addr === "object" && addr ? { address: addr.address, port: addr.port } : { address: host, port });
    });
  });
}

export function closeServer(server: net.Server | http.Server | null): Promise<void> {
  if (!server) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    if ("closeAllConnections" in server) server.closeAllConnections();
  });
}
