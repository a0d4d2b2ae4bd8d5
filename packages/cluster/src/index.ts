export * from "./node-bus-memory.ts";
export * from "./presence-memory.ts";
