export { type BuildOnceOptions, buildOnce, sourceStamp } from "./build-once.ts";
export { type ChildServerOptions, portOpen, type RunningChild, startChildServer } from "./child-server.ts";
