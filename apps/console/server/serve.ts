import { readFileSync } from "node:fs";
import { createServer as createHttp, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttps } from "node:https";
import next from "next";
import { CONSOLE_DIR } from "./build.ts";

/**
 * The console's production server: Next.js's request handler behind Node's
 * own HTTP or, given a certificate and key, HTTPS server (`next start` has no
 * HTTPS). Run by launch.ts as a child process:
 * `serve.ts <host> <port> [<cert file> <key file>]`.
 */
const [host = "127.0.0.1", portText = "7103", certFile, keyFile] = process.argv.slice(2);
const port = Number(portText);

const app = next({ dev: false, dir: CONSOLE_DIR, hostname: host, port });
const handle = app.getRequestHandler();
await app.prepare();

const onRequest = (req: IncomingMessage, res: ServerResponse) => {
  handle(req, res).catch(() => {
    res.statusCode = 500;
    res.end("console error");
  });
};
const server =
  certFile && keyFile
    ? createHttps({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, onRequest)
    : createHttp(onRequest);
server.listen(port, host);

const stop = () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 3_000).unref();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
