import { readFile } from "node:fs/promises";
import http from "node:http";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { isValidUid, mintToken } from "@im/auth";
import { DIST_DIR } from "./build.ts";

/**
 * The web chat's server, run as a child of `npm start` (see launch.ts): the
 * static build, /config.json (where the chat server's WebSocket is), and — only
 * while the chat server signs tokens with a development secret, which it hands
 * over as IM_WEB_DEV_TOKEN_SECRET — a dev-token route, so anyone trying the
 * product can sign in as any user without a business backend. With an
 * operator's IM_TOKEN_SECRET the route does not exist: tokens
 * then come from the business line's backend (POST /v1/tokens) and are pasted
 * or handed to the page.
 */
export interface WebServerOptions {
  /** The chat server's WebSocket URL as browsers reach it. */
  wsUrl: string;
  /** The chat server's development secret: /api/dev-token exists only with it. */
  devTokenSecret?: string;
  /** Folder of the built app (default dist/). */
  distDir?: string;
}

/** proto DeviceType.WEB: the token only signs in web sessions. */
const DEVICE_WEB = 3;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
};

function securityHeaders(res: http.ServerResponse, wsUrl: string): void {
  const ws = new URL(wsUrl);
  res.setHeader(
    "Content-Security-Policy",
    `default-src 'self'; connect-src 'self' ${ws.protocol}//${ws.host}; img-src 'self' data:; frame-ancestors 'none'`,
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" });
  res.end(JSON.stringify(body));
}

function isLoopback(address: string | undefined): boolean {
  return address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 4096) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

async function devToken(req: http.IncomingMessage, res: http.ServerResponse, secret?: string): Promise<void> {
  // Development only, and only for browsers on this machine.
  if (!secret || !isLoopback(req.socket.remoteAddress)) return json(res, 404, { error: "NOT_FOUND" });
  if (!req.headers["content-type"]?.startsWith("application/json"))
    return json(res, 415, { error: "UNSUPPORTED_MEDIA_TYPE", message: "send application/json" });
  let uid: unknown;
  try {
    uid = ((await readJson(req)) as { uid?: unknown }).uid;
  } catch {
    return json(res, 400, { error: "INVALID_ARGUMENT", message: 'body must be JSON like {"uid":"alice"}' });
  }
  if (typeof uid !== "string" || !isValidUid(uid))
    return json(res, 400, { error: "INVALID_ARGUMENT", message: "uid must be 1-64 characters" });
  const token = await mintToken({ secret, uid, deviceType: DEVICE_WEB, ttlSeconds: 12 * 3600 });
  json(res, 200, { token });
}

async function serveFile(distDir: string, path: string, res: http.ServerResponse): Promise<void> {
  const file = normalize(join(distDir, path));
  if (!file.startsWith(distDir)) return json(res, 404, { error: "NOT_FOUND" });
  try {
    const body = await readFile(file);
    res.writeHead(200, {
      "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
      "Cache-Control": path === "/index.html" ? "no-cache" : "public, max-age=300",
    });
    res.end(body);
  } catch {
    json(res, 404, { error: "NOT_FOUND" });
  }
}

export function createWebServer(options: WebServerOptions): http.Server {
  const { wsUrl, devTokenSecret } = options;
  const devTokens = Boolean(devTokenSecret);
  const distDir = options.distDir ?? DIST_DIR;
  return http.createServer((req, res) => {
    securityHeaders(res, wsUrl);
    const path = new URL(req.url ?? "/", "http://web").pathname;
    const done = (err: unknown) => {
      if (!res.headersSent) json(res, 500, { error: "INTERNAL", message: String(err) });
      else res.destroy();
    };
    if (path === "/config.json" && req.method === "GET") return json(res, 200, { wsUrl, devTokens });
    if (path === "/api/dev-token" && req.method === "POST") return void devToken(req, res, devTokenSecret).catch(done);
    if (req.method !== "GET" && req.method !== "HEAD") return json(res, 405, { error: "METHOD_NOT_ALLOWED" });
    // Everything that is not a built file is the single page.
    const known = ["/app.js", "/app.css", "/app.js.map"];
    void serveFile(distDir, known.includes(path) ? path : "/index.html", res).catch(done);
  });
}

// Run by launch.ts as a child process.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const server = createWebServer({
    wsUrl: process.env.IM_WEB_WS_URL ?? "ws://127.0.0.1:7101/ws",
    devTokenSecret: process.env.IM_WEB_DEV_TOKEN_SECRET || undefined,
  });
  server.listen(Number(process.env.IM_WEB_PORT ?? 7104), process.env.IM_WEB_HOST ?? "127.0.0.1");
  const shutdown = () => server.close(() => process.exit(0));
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}
