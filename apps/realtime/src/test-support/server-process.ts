import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  tcpPort: number;
  wsPort: number;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts apps/realtime as its own process (as `npm start` does) and waits until
 * it listens. `env` entries set to undefined are removed from the inherited environment.
 */
export function spawnServer(env: Record<string, string | undefined>): Promise<ServerProcess> {
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
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error("server did not start within 60 s")), 60_000);
    child.once("exit", (code) => reject(new Error(`server exited with ${code} before listening`)));
    lines.on("line", (line) => {
      let rec: { msg?: string; tcpPort?: number; wsPort?: number };
      try {
        rec = JSON.parse(line);
      } catch {
        return;
      }
      if (rec.msg === "listening" && rec.tcpPort && rec.wsPort) {
        clearTimeout(timer);
        resolve({
          child,
          exited,
          tcpPort: rec.tcpPort,
          wsPort: rec.wsPort,
          stop: async (signal = "SIGTERM") => {
            if (child.exitCode === null) child.kill(signal);
            await exited;
          },
        });
      }
    });
  });
}
