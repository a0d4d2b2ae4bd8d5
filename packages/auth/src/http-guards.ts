import { createHash, timingSafeEqual } from "node:crypto";
import { isLoopbackHost } from "./token-secret.ts";

/** `Authorization: Bearer <token>` equals `token`, compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(.+)$/i.exec(header ?? "")?.[1]?.trim() ?? "";
  // Hashing first gives equal lengths, so the comparison leaks nothing about the token's length either.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(token).digest();
  return given.length > 0 && timingSafeEqual(a, b);
}

/**
 * Who may read /metrics: with a token configured, whoever presents it; without
 * one, loopback peers only (a scraper on the same machine, or behind a proxy
 * there). Metrics name nodes, routes and load: nothing for the whole network.
 */
export function metricsAccess(
  peerAddress: string | undefined,
  authorization: string | undefined,
  token: string | undefined,
): "ok" | "unauthorized" | "forbidden" {
  if (token) return bearerMatches(authorization, token) ? "ok" : "unauthorized";
  return peerAddress && isLoopbackHost(peerAddress) ? "ok" : "forbidden";
}

/**
 * WebSocket upgrades from browsers carry Origin; a page on another site must
 * not ride on the user's network position (cross-site WebSocket hijacking).
 * No Origin (native apps, servers): allowed, they are not a browser's victim.
 * With an allowlist: the exact origin (scheme://host[:port]) must be in it, or
 * the list is "*". Without one: the Origin's hostname must be the hostname the
 * client asked for in Host (any port, so a web app served from another local
 * port still works).
 */
export function originAllowed(
  origin: string | undefined,
  hostHeader: string | undefined,
  allowed: readonly string[] | undefined,
): boolean {
  if (origin === undefined || origin === "") return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (allowed && allowed.length > 0) {
    if (allowed.includes("*")) return true;
    const normalized = `${parsed.protocol}//${parsed.host}`.toLowerCase();
    return allowed.some((a) => a.trim().replace(/\/$/, "").toLowerCase() === normalized);
  }
  if (!hostHeader) return false;
  let requested: string;
  try {
    requested = new URL(`http://${hostHeader}`).hostname.toLowerCase();
  } catch {
    return false;
  }
  return parsed.hostname.toLowerCase() === requested;
}
