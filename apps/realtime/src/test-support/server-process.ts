import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

export interface LaunchedServer {
  child: ChildProcess;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** Every JSON log line printed so far (parsed), in order; keeps growing while the process runs. */
  logs: Record<string, unknown>[];
  /** Resolves with the first log line (from the start) that `match` accepts. */
  waitForLog(match: (rec: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

export interface ServerProcess extends LaunchedServer {
  tcpPort: number;
  wsPort: number;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts apps/realtime as its own process (as `npm start` does) and returns at
 * once, before it listens: for tests that watch the start-up itself. `env`
 * entries set to undefined are removed from the inherited environment.
 */
export function launchServer(env: Record<string, string | undefined>): LaunchedServer {
  const merged: NodeJS.ProcessEnv = {
    ...process.env,
    IM_LOG_LEVEL: "info",
    IM_TCP_PORT: "0",
    IM_WS_PORT: "0",
    IM_GATEWAY_PORT: "0",
    // The console is a Next.js process of its own; tests that need it ask for it.
    IM_CONSOLE_PORT: "-1",
    IM_WEB_PORT: "-1",
    ...env,
  };
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  const child = spawn(process.execPath, ["--import", "tsx", "apps/realtime/src/main.ts"], {
    cwd: ROOT,
    env: merged,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const logs: Record<string, unknown>[] = [];
  const watchers = new Set<() => void>();
  createInterface({ input: child.stdout! }).on("line", (line) => {
    try {
      logs.push(JSON.parse(line));
    } catch {
      return;
    }
    for (const w of [...watchers]) w();
  });
  const waitForLog = (match: (rec: Record<string, unknown>) => boolean, timeoutMs = 60_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const found = logs.find(match);
        if (!found) return false;
        watchers.delete(onLine);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const onLine = () => void check();
      const timer = setTimeout(() => {
        watchers.delete(onLine);
        reject(new Error("the expected log line did not come"));
      }, timeoutMs);
      if (!check()) watchers.add(onLine);
    });
  return { child, exited, logs, waitForLog };
}

/** Starts apps/realtime as its own process (as `npm start` does) and waits until it listens. */
export async function spawnServer(env: Record<string, string | undefined>): Promise<ServerProcess> {
  const launched = launchServer(env);
  const { child, exited } = launched;
  const listening = launched.waitForLog((rec) => rec.msg === "listening" && !!rec.tcpPort && !!rec.wsPort, 60_000);
  const rec = await Promise.race([
    listening,
    exited.then((code) => {
      throw new Error(`server exited with ${code} before listening`);
    }),
  ]).catch((err: Error) => {
    throw err.message === "the expected log line did not come" ? new Error("server did not start within 60 s") : err;
  });
  return {
    ...launched,
    tcpPort: rec.tcpPort as number,
    wsPort: rec.wsPort as number,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null) child.kill(signal);
      await exited;
    },
  };
}
