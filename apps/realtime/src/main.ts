import { StartupRefused } from "@im/auth";
import pino from "pino";
import { StartAborted, startApp } from "./app.ts";
import { loadConfig } from "./config.ts";

// The composition root: the only place that reads process.env.
const config = loadConfig(process.env);
const logger = pino({ level: config.IM_LOG_LEVEL });

let app: Awaited<ReturnType<typeof startApp>> | null = null;
/** The start-up in progress: a shutdown during it aborts it and waits until what it started is stopped. */
let starting: ReturnType<typeof startApp> | null = null;
const startup = new AbortController();
/** Synchronous stops of what runs outside this process, for when the orderly shutdown runs out of time. */
const lastResorts: (() => void)[] = [];
let exiting = false;

async function shutdown(code: number, why: string): Promise<void> {
  if (exiting) return;
  exiting = true;
  logger.info({ why }, "shutting down");
  // Never hang on the way out, and never leave the embedded database or a child server behind:
  // the orderly stop gets the drain time plus 15 s, then everything outside is stopped at once.
  const force = setTimeout(() => {
    logger.error("shutdown ran out of time; stopping the embedded database and child servers at once");
    for (const action of lastResorts) {
      try {
        action();
      } catch {
        // nothing more can be done on the way out
      }
    }
    process.exit(code || 1);
  }, config.IM_DRAIN_MS + 15_000);
  force.unref();
  try {
    startup.abort();
    if (app) await app.stop();
    else await starting?.catch(() => {});
  } finally {
    process.exit(code);
  }
}

process.on("SIGINT", () => void shutdown(0, "SIGINT"));
process.on("SIGTERM", () => void shutdown(0, "SIGTERM"));
process.on("SIGHUP", () => void shutdown(0, "SIGHUP"));
process.on("uncaughtException", (err) => {
  logger.fatal({ err }, "uncaught exception");
  void shutdown(1, "uncaughtException");
});
process.on("unhandledRejection", (err) => {
  logger.fatal({ err }, "unhandled rejection");
  void shutdown(1, "unhandledRejection");
});

try {
  starting = startApp(config, logger, { signal: startup.signal, lastResort: (a) => lastResorts.push(a) });
  app = await starting;
  const { tcp, ws, gateway } = app.bound;
  logger.info(
    { bound: app.bound },
    `ready${app.embedded ? " (embedded database)" : ""}. TCP${app.tls ? " over TLS" : ""} ${tcp}, ` +
      `WebSocket ${app.tls ? "wss" : "ws"}://${ws}/ws` +
      (gateway !== null ? `, REST ${app.tls ? "https" : "http"}://${gateway} (docs at /docs)` : "") +
      (app.consoleUrl !== null ? `, console ${app.consoleUrl}` : "") +
      (app.webUrl !== null ? `, web chat ${app.webUrl}. ` : ". ") +
      (app.embedded ? `Database URL in ${config.IM_DATA_DIR}/database-url. ` : "") +
      "Try: npm run cli -- chat --uid alice --to bob",
  );
} catch (err) {
  if (err instanceof StartAborted) {
    // A signal stopped the start-up; its shutdown is already under way.
  } else if (err instanceof StartupRefused) {
    // Said plainly on stderr too: this is for the person who just typed npm start.
    process.stderr.write(`error: ${err.message}\n`);
    logger.fatal({ err: err.message }, "refusing to start");
    await shutdown(2, "refusing to start");
  } else {
    logger.fatal({ err }, "startup failed");
    await shutdown(1, "startup failed");
  }
}
