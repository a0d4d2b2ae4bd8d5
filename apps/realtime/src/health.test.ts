import type http from "node:http";
import { describe, expect, it } from "vitest";
import { createHealthHandler } from "./health.ts";
import { createNodeMetrics } from "./metrics.ts";

/** Calls the handler and collects status and JSON body. */
async function get(handler: ReturnType<typeof createHealthHandler>, url: string, remoteAddress = "127.0.0.1") {
  return new Promise<{ status: number; body: unknown }>((resolve) => {
    let status = 0;
    const res = {
      writeHead: (s: number) => {
        status = s;
        return res;
      },
      end: (text?: string) => resolve({ status, body: text ? JSON.parse(text) : undefined }),
    };
    handler({ url, socket: { remoteAddress }, headers: {} } as http.IncomingMessage, res as never);
  });
}

describe("realtime health endpoints, in the gateway's style", () => {
  let accepting = true;
  const handler = createHealthHandler({
    nodeId: "n1",
    metrics: createNodeMetrics("n1"),
    connections: () => 3,
    accepting: () => accepting,
  });

  it("answers {status: ok} while accepting and 503 with the error shape while draining", async () => {
    expect(await get(handler, "/healthz")).toEqual({ status: 200, body: { status: "ok", node: "n1", connections: 3 } });
    expect(await get(handler, "/readyz")).toEqual({ status: 200, body: { status: "ok", node: "n1" } });
    accepting = false;
    expect(await get(handler, "/readyz")).toEqual({
      status: 503,
      body: { error: { code: "UNAVAILABLE", message: "the node is draining" } },
    });
  });

  it("is not ready while Redis is unreachable, and ready again when it is back", async () => {
    let redisUp = false;
    const clustered = createHealthHandler({
      nodeId: "n2",
      metrics: createNodeMetrics("n2"),
      connections: () => 0,
      accepting: () => true,
      backendsReady: () => redisUp,
    });
    expect(await get(clustered, "/readyz")).toEqual({
      status: 503,
      body: { error: { code: "UNAVAILABLE", message: "redis unreachable" } },
    });
    expect((await get(clustered, "/healthz")).status).toBe(200);
    redisUp = true;
    expect(await get(clustered, "/readyz")).toEqual({ status: 200, body: { status: "ok", node: "n2" } });
  });

  it("answers errors as {error: {code, message}}", async () => {
    expect(await get(handler, "/metrics", "10.0.0.9")).toEqual({
      status: 403,
      body: { error: { code: "FORBIDDEN", message: "/metrics is served to loopback peers only" } },
    });
    expect((await get(handler, "/nope")).body).toMatchObject({ error: { code: "NOT_FOUND" } });
  });
});
