export * from "./presence-memory.ts";
export * from "./node-bus-memory.ts";
