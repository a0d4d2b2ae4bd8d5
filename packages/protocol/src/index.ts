export * from "./close-codes.ts";
export * from "./codec.ts";
export * from "./commands.ts";
export * from "./frame-decoder.ts";
export * from "./header.ts";
export { im } from "./proto.ts";
