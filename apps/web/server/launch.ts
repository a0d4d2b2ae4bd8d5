import { fileURLToPath } from "node:url";
import { type RunningChild, startChildServer } from "@im/launcher";
import { ensureBuild, WEB_DIR } from "./build.ts";

export { ensureBuild } from "./build.ts";

export interface WebOptions {
  host: string;
  port: number;
  /** The chat server's WebSocket endpoint as browsers reach it, e.g. ws://127.0.0.1:7101/ws. */
  wsUrl: string;
  /** Serve /api/dev-token (only while the chat server accepts the public development secret). */
  devTokens: boolean;
  log?: (line: string) => void;
  startTimeoutMs?: number;
}

/** Builds the web chat if its sources changed and serves it as a child process on host:port. */
export async function startWeb(options: WebOptions): Promise<RunningChild> {
  await ensureBuild(options.log ?? console.log);
  return startChildServer({
    name: "the web chat",
    portVariable: "IM_WEB_PORT",
    args: ["--import", "tsx", fileURLToPath(new URL("./serve.ts", import.meta.url))],
    cwd: WEB_DIR,
    env: {
      ...process.env,
      NODE_ENV: "production",
      IM_WEB_HOST: options.host,
      IM_WEB_PORT: String(options.port),
      IM_WEB_WS_URL: options.wsUrl,
      IM_WEB_DEV_TOKENS: options.devTokens ? "1" : "0",
    },
    host: options.host,
    port: options.port,
    startTimeoutMs: options.startTimeoutMs,
  });
}
