// Entry point of `npm run cli -- <command>`: wires the real terminal, clock,
// token minting and network into run(); everything else lives in testable modules.
import { readFile } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import { createInterface } from "node:readline";
import { mintToken } from "@im/auth";
import { ImClient } from "@im/sdk";
import { run } from "./run.ts";

let interrupts = 0;
const interrupted = new Promise<void>((resolve) => {
  const onSignal = () => {
    // A second Ctrl-C leaves at once, even if closing hangs.
    if (++interrupts > 1) process.exit(130);
    resolve();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
});

const code = await run(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  now: Date.now,
  mintToken,
  post: (url, headers, body, ca) =>
    new Promise((resolve, reject) => {
      const payload = JSON.stringify(body);
      const lib = url.startsWith("https:") ? https : http;
      const req = lib.request(
        url,
        {
          method: "POST",
          headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
          ...(ca ? { ca } : {}),
        },
        (res) => {
          let text = "";
          res.on("data", (d: Buffer) => {
            text += d.toString();
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on("error", reject);
      req.end(payload);
    }),
  readFile: (file) =>
    readFile(file, "utf8").catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return null;
      throw err;
    }),
  createClient: (options) => new ImClient(options),
  lines: () => createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY }),
  interrupted,
});
// stdin and signal handlers would keep the process alive; the work is done.
process.exit(code);
