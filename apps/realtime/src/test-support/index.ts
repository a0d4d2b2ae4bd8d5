export * from "./raw-client.ts";
export * from "./server-process.ts";
