import { Counter, Gauge, Histogram, Registry } from "prom-client";

/** Prometheus metrics of one realtime node (own registry so several nodes can share a process). */
export function createNodeMetrics(nodeId: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ node: nodeId });
  return {
    registry,
    connections: new Gauge({
      name: "im_connections",
      help: "Open client connections",
      labelNames: ["transport"],
      registers: [registry],
    }),
    sessions: new Gauge({ name: "im_sessions", help: "Authenticated sessions", registers: [registry] }),
    framesIn: new Counter({
      name: "im_frames_in_total",
      help: "Frames received",
      labelNames: ["cmd"],
      registers: [registry],
    }),
    errors: new Counter({
      name: "im_errors_total",
      help: "Error frames sent, by status code",
      labelNames: ["code"],
      registers: [registry],
    }),
    messagesIn: new Counter({
      name: "im_messages_in_total",
      help: "Client messages stored",
      labelNames: ["kind"],
      registers: [registry],
    }),
    pushes: new Counter({ name: "im_pushes_total", help: "Message pushes written to sessions", registers: [registry] }),
    offlineNotify: new Counter({
      name: "im_offline_notifications_total",
      help: "Messages handed to the push provider",
      registers: [registry],
    }),
    kicks: new Counter({
      name: "im_kickouts_total",
      help: "Sessions kicked out",
      labelNames: ["reason"],
      registers: [registry],
    }),
    storeLatency: new Histogram({
      name: "im_send_store_seconds",
      help: "Time from a send frame to its durable ack",
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
  };
}

export type NodeMetrics = ReturnType<typeof createNodeMetrics>;
