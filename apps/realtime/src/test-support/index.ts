export * from "./cluster.ts";
export * from "./listening-sockets.ts";
export * from "./raw-client.ts";
export * from "./server-process.ts";
export * from "./tls.ts";
