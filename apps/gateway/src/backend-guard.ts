import { ImError } from "@im/core";
import type { GatewayDeps } from "./deps.ts";

/** What a caller is told to wait before retrying while Redis is unreachable. */
export const BACKENDS_RETRY_AFTER_MS = 2_000;

/** Refuses at once (503 + Retry-After) while the cluster backplane is unreachable. */
export function requireBackends(deps: Pick<GatewayDeps, "backendsReady">): void {
  if (deps.backendsReady?.() === false)
    throw new ImError("UNAVAILABLE", "redis unreachable, retry later", BACKENDS_RETRY_AFTER_MS);
}

/**
 * The deps with presence, registry, deliver and kick refusing at once while
 * Redis is unreachable, instead of waiting out ioredis' reconnect attempts
 * and command timeout (about 5 s) on every request.
 */
export function guardBackends(deps: GatewayDeps): GatewayDeps {
  if (!deps.backendsReady) return deps;
  const guard = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(obj, key, receiver) {
        const value = Reflect.get(obj, key, receiver);
        if (typeof value !== "function" || key === "close") return value;
        return (...args: unknown[]) => {
          requireBackends(deps);
          return (value as (...a: unknown[]) => unknown).apply(obj, args);
        };
      },
    });
  return {
    ...deps,
    presence: guard(deps.presence),
    registry: guard(deps.registry),
    deliver: async (writes) => {
      requireBackends(deps);
      return deps.deliver(writes);
    },
    kick: async (...args) => {
      requireBackends(deps);
      return deps.kick(...args);
    },
  };
}
