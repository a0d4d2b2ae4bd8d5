import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import { CONSOLE_DIR, ensureBuild, nextBin } from "./build.ts";

export { CONSOLE_DIR, ensureBuild } from "./build.ts";

export interface ConsoleOptions {
  host: string;
  port: number;
  /** Where the console's /admin proxy sends requests: the gateway's base URL. */
  gatewayUrl: string;
  log?: (line: string) => void;
  /** A CA certificate the console's proxy trusts when the gateway speaks HTTPS (NODE_EXTRA_CA_CERTS). */
  extraCaFile?: string;
  /** How long to wait for the console to accept connections. */
  startTimeoutMs?: number;
}

export interface RunningConsole {
  url: string;
  /** Stops the console process (TERM, then KILL after a grace period); safe to call twice. */
  stop(): Promise<void>;
}

function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * Serves the operator console (a production Next.js build, built first if the
 * sources changed) as a child process on host:port. The console talks only to
 * the gateway, through its own /admin route on the same origin.
 */
export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const log = options.log ?? console.log;
  await ensureBuild(log);
  if (await portOpen(options.host, options.port))
    throw new Error(`console port ${options.host}:${options.port} is already in use (set IM_CONSOLE_PORT)`);
  const child = spawn(process.execPath, [nextBin(), "start", "-H", options.host, "-p", String(options.port)], {
    cwd: CONSOLE_DIR,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      IM_GATEWAY_URL: options.gatewayUrl,
      ...(options.extraCaFile ? { NODE_EXTRA_CA_CERTS: options.extraCaFile } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const grace = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited(child);
      clearTimeout(grace);
    })();
    return stopping;
  };
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  while (!(await portOpen(options.host, options.port))) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the console exited while starting (code ${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the console did not start listening within the time allowed:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${options.port}`, stop };
}
