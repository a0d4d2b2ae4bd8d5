// The soak's own servers: realtime nodes and gateways as child processes, a
// private redis-server and a private embedded PostgreSQL, each of which the
// soak can kill, freeze and restart without touching anything else on the machine.
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "@im/db";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface ProcessSpec {
  name: string;
  /** Script run with tsx, relative to the repository root. */
  script: string;
  env: Record<string, string>;
  /** A JSON log line that says the process is serving. */
  ready: (rec: Record<string, unknown>) => boolean;
}

/** A server process the soak supervises: started, killed, frozen and started again under the same name and ports. */
export class ServerChild {
  private child: ChildProcess | null = null;
  private expectExit = false;
  frozen = false;
  /** Exits nobody asked for (crashes), with the reason. */
  readonly unexpectedExits: string[] = [];
  private readonly log: WriteStream;

  constructor(
    readonly spec: ProcessSpec,
    logDir: string,
  ) {
    this.log = createWriteStream(path.join(logDir, `${spec.name}.log`), { flags: "a" });
  }

  get name(): string {
    return this.spec.name;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and resolves once it logs that it serves (rejects when it exits first or takes 60 s). */
  start(): Promise<void> {
    this.expectExit = false;
    this.frozen = false;
    const child = spawn(process.execPath, ["--import", "tsx", this.spec.script], {
      cwd: ROOT,
      env: { ...process.env, ...this.spec.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    this.log.write(`--- start ${new Date().toISOString()} pid ${child.pid}\n`);
    createInterface({ input: child.stderr! }).on("line", (line) => this.log.write(`${line}\n`));
    child.once("exit", (code, signal) => {
      this.log.write(`--- exit ${new Date().toISOString()} code ${code} signal ${signal}\n`);
      if (!this.expectExit) this.unexpectedExits.push(`${this.name} exited by itself (code ${code}, signal ${signal})`);
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name} did not start within 60 s`)), 60_000);
      const onExit = () => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited before it was ready (see ${this.name}.log)`));
      };
      child.once("exit", onExit);
      createInterface({ input: child.stdout! }).on("line", (line) => {
        this.log.write(`${line}\n`);
        let rec: Record<string, unknown>;
        try {
          rec = JSON.parse(line);
        } catch {
          return;
        }
        if (this.spec.ready(rec)) {
          clearTimeout(timer);
          child.off("exit", onExit);
          resolve();
        }
      });
    });
  }

  /** Kills with SIGKILL (no goodbye, no drain) and waits until it is gone. */
  async kill(): Promise<void> {
    await this.signalAndWait("SIGKILL");
  }

  /** Asks it to stop (SIGTERM, then SIGKILL after `graceMs`) and waits. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    if (this.frozen) this.resume();
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await this.signalAndWait("SIGTERM");
    clearTimeout(timer);
  }

  freeze(): void {
    if (!this.running) return;
    this.child?.kill("SIGSTOP");
    this.frozen = true;
  }

  resume(): void {
    if (this.running) this.child?.kill("SIGCONT");
    this.frozen = false;
  }

  closeLog(): void {
    this.log.end();
  }

  private async signalAndWait(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.expectExit = true;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill(signal);
    await exited;
    this.frozen = false;
  }
}

/** A redis-server of the soak's own, with an append-only file synced on every write so a kill loses nothing acked. */
export class RedisServer {
  private child: ChildProcess | null = null;

  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      "redis-server",
      [
        "--port",
        String(this.port),
        "--bind",
        "127.0.0.1",
        "--dir",
        this.dir,
        "--save",
        "",
        "--appendonly",
        "yes",
        "--appendfsync",
        "always",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("redis-server did not start within 30 s")), 30_000);
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`redis-server exited with ${code} on port ${this.port}`)));
      createInterface({ input: child.stdout! }).on("line", (line) => {
        if (line.includes("Ready to accept connections")) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
  }
}

/** An embedded PostgreSQL in a data directory of the soak's own, on its own port. */
export class Postgres {
  private running: EmbeddedPostgres | null = null;
  url = "";

  constructor(
    readonly port: number,
    private readonly dataDir: string,
  ) {}

  async start(): Promise<void> {
    this.running = await startEmbeddedPostgres({ dataDir: this.dataDir, port: this.port, database: "soak" });
    this.url = this.running.url;
  }

  async stop(): Promise<void> {
    await this.running?.stop();
    this.running = null;
  }
}
