// The one token bucket lives in @im/core; this path stays until node.ts imports it from there.
export { type BucketState, RateLimiter } from "@im/core";
