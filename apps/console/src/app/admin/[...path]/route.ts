import type { NextRequest } from "next/server";

/**
 * The admin API on the console's own origin: requests under /admin go to the
 * gateway unchanged (cookies included), so the operator session stays an
 * HttpOnly, SameSite=Strict cookie and the browser never sees an API key.
 * Responses stream through (exports can be large).
 */
const GATEWAY = process.env.IM_GATEWAY_URL ?? "http://127.0.0.1:7180";

// Hop-by-hop headers are the proxy's own business.
const HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "host", "content-length"]);

async function proxy(request: NextRequest): Promise<Response> {
  const url = new URL(request.nextUrl.pathname + request.nextUrl.search, GATEWAY);
  const headers = new Headers();
  for (const [k, v] of request.headers) if (!HOP.has(k)) headers.set(k, v);
  const forwardedFor = request.headers.get("x-forwarded-for");
  const peer = request.headers.get("x-real-ip") ?? "";
  if (!forwardedFor && peer) headers.set("x-forwarded-for", peer);
  headers.set("x-forwarded-proto", request.nextUrl.protocol.replace(":", ""));
  headers.set("x-forwarded-host", request.headers.get("host") ?? "");
  let upstream: Response;
  try {
    upstream = await fetch(url, {
      method: request.method,
      headers,
      body: request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer(),
      redirect: "manual",
      cache: "no-store",
    });
  } catch {
    return Response.json(
      { error: { code: "UNAVAILABLE", message: "the gateway is not reachable from the console" } },
      { status: 503 },
    );
  }
  const out = new Headers();
  for (const [k, v] of upstream.headers)
    if (!HOP.has(k) && k !== "set-cookie" && k !== "content-encoding") out.set(k, v);
  for (const cookie of upstream.headers.getSetCookie()) out.append("set-cookie", cookie);
  return new Response(upstream.body, { status: upstream.status, headers: out });
}

export const dynamic = "force-dynamic";
export { proxy as DELETE, proxy as GET, proxy as PATCH, proxy as POST, proxy as PUT };
