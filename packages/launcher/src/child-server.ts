import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";

export interface ChildServerOptions {
  /** For error messages: "the console", "the web chat". */
  name: string;
  /** The environment variable that moves it to another port, named when the port is taken. */
  portVariable: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  host: string;
  port: number;
  /** The URL scheme it serves (default http). */
  scheme?: "http" | "https";
  /** How long to wait for it to accept connections (default 30 s). */
  startTimeoutMs?: number;
  /** Aborting while it starts stops the process and rejects. */
  signal?: AbortSignal;
}

export interface RunningChild {
  url: string;
  /** Stops the process (TERM, then KILL after a grace period); safe to call twice. */
  stop(): Promise<void>;
  /** Kills the process at once (SIGKILL), for a shutdown out of time; synchronous. */
  killNow(): void;
}

export function portOpen(host: string, port: number): Promise<boolean> {
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
 * Runs a web server as a child of this Node (`process.execPath args…`) and
 * resolves once it accepts connections on host:port. A crash while starting
 * rejects with the child's last output.
 */
export async function startChildServer(options: ChildServerOptions): Promise<RunningChild> {
  options.signal?.throwIfAborted();
  if (await portOpen(options.host, options.port))
    throw new Error(
      `${options.name} port ${options.host}:${options.port} is already in use (set ${options.portVariable})`,
    );
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: options.env,
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
    if (options.signal?.aborted) {
      await stop();
      options.signal.throwIfAborted();
    }
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${options.name} exited while starting (code ${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.name} did not start listening within the time allowed:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  const killNow = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  return { url: `${options.scheme ?? "http"}://${host}:${options.port}`, stop, killNow };
}
