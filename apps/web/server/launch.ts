import { fileURLToPath } from "node:url";
import { type RunningChild, startChildServer } from "@im/launcher";
import { ensureBuild, WEB_DIR } from "./build.ts";

export { ensureBuild } from "./build.ts";

export interface WebOptions {
  host: string;
  port: number;
  /** The chat server's WebSocket endpoint as browsers reach it, e.g. ws://127.0.0.1:7101/ws. */
  wsUrl: string;
  /**
   * The chat server's development signing secret, when it runs with one: then
   * /api/dev-token mints tokens with it. Never pass an operator's secret.
   */
  devTokenSecret?: string;
  log?: (line: string) => void;
  startTimeoutMs?: number;
  /** Aborting stops the starting server and rejects. */
  signal?: AbortSignal;
}

/** Builds the web chat if its sources changed and serves it as a child process on host:port. */
export async function startWeb(options: WebOptions): Promise<RunningChild> {
  await ensureBuild(options.log ?? console.log);
  options.signal?.throwIfAborted();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    IM_WEB_HOST: options.host,
    IM_WEB_PORT: String(options.port),
    IM_WEB_WS_URL: options.wsUrl,
  };
  // Only what this call says: an inherited variable must not turn the token route on.
  delete env.IM_WEB_DEV_TOKEN_SECRET;
  if (options.devTokenSecret) env.IM_WEB_DEV_TOKEN_SECRET = options.devTokenSecret;
  return startChildServer({
    name: "the web chat",
    portVariable: "IM_WEB_PORT",
    args: ["--import", "tsx", fileURLToPath(new URL("./serve.ts", import.meta.url))],
    cwd: WEB_DIR,
    env,
    host: options.host,
    port: options.port,
    startTimeoutMs: options.startTimeoutMs,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
