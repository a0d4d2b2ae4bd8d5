import { fileURLToPath } from "node:url";
import { type RunningChild, startChildServer } from "@im/launcher";
import { CONSOLE_DIR, ensureBuild } from "./build.ts";

const SERVE = fileURLToPath(new URL("./serve.ts", import.meta.url));

export { CONSOLE_DIR, ensureBuild } from "./build.ts";

export interface ConsoleOptions {
  host: string;
  port: number;
  /** Where the console's /admin proxy sends requests: the gateway's base URL. */
  gatewayUrl: string;
  log?: (line: string) => void;
  /** A CA certificate the console's proxy trusts when the gateway speaks HTTPS (NODE_EXTRA_CA_CERTS). */
  extraCaFile?: string;
  /** Serve HTTPS with this certificate chain and key (PEM files); plain HTTP without. */
  tls?: { certFile: string; keyFile: string };
  /** How long to wait for the console to accept connections. */
  startTimeoutMs?: number;
  /** Aborting stops the build or the starting server and rejects. */
  signal?: AbortSignal;
}

export type RunningConsole = RunningChild;

/**
 * Serves the operator console (a production Next.js build, built first if the
 * sources changed) as a child process on host:port. The console talks only to
 * the gateway, through its own /admin route on the same origin.
 */
export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  await ensureBuild(options.log ?? console.log, options.signal);
  return startChildServer({
    name: "the console",
    portVariable: "IM_CONSOLE_PORT",
    // Our own small server around Next's handler, so the console can speak HTTPS too.
    args: [
      "--import",
      "tsx",
      SERVE,
      options.host,
      String(options.port),
      ...(options.tls ? [options.tls.certFile, options.tls.keyFile] : []),
    ],
    cwd: CONSOLE_DIR,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      IM_GATEWAY_URL: options.gatewayUrl,
      ...(options.extraCaFile ? { NODE_EXTRA_CA_CERTS: options.extraCaFile } : {}),
    },
    scheme: options.tls ? "https" : "http",
    host: options.host,
    port: options.port,
    startTimeoutMs: options.startTimeoutMs,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
