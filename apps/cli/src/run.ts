import {
  ClientErrorCode,
  describeEndpoint,
  ErrorCode,
  type ImClient,
  ImClientError,
  type ImClientOptions,
  newClientMsgId,
} from "@im/sdk";
import { type Command, type ConnectArgs, DEFAULT_GATEWAY, parseCommand, USAGE, UsageError } from "./args.ts";
import {
  formatAck,
  formatConnected,
  formatCtrl,
  formatDisconnected,
  formatError,
  formatKickout,
  formatMessage,
  formatPullPage,
  formatReconnecting,
} from "./format.ts";

export const CLIENT_VERSION = "im-cli/0.1.0";

/** Everything the CLI touches outside itself; main.ts supplies the real ones, tests fakes. */
export interface CliDeps {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  now(): number;
  mintToken(opts: {
    secret: string | Uint8Array;
    uid: string;
    deviceType?: number;
    deviceId?: string;
    ttlSeconds?: number;
  }): Promise<string>;
  /** One JSON request to the REST gateway; `ca` (PEM) is trusted for https://. */
  post(
    url: string,
    headers: Record<string, string>,
    body: object,
    ca?: string,
  ): Promise<{ status: number; body: string }>;
  /** Reads a file's text, or null when it does not exist (the secret files). */
  readFile(file: string): Promise<string | null>;
  createClient(options: ImClientOptions): ImClient;
  /** Lines typed on stdin; the iteration ends at Ctrl-D. */
  lines(): AsyncIterable<string>;
  /** Resolves on Ctrl-C. */
  interrupted: Promise<void>;
}

/** Runs one command line; resolves with the process exit code. */
export async function run(argv: string[], deps: CliDeps): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    deps.err(`error: ${err.message}`);
    deps.err('run "npm run cli -- --help" for the commands and their options');
    return 2;
  }
  switch (command.name) {
    case "help":
      deps.out(USAGE);
      return 0;
    case "token": {
      const token = await mint(deps, command.uid, command.deviceType, command.ttlSeconds, command.deviceId);
      if (token === undefined) return 1;
      deps.out(token);
      return 0;
    }
    case "send":
      return runSend(command.connect, command.to, command.text, deps);
    case "pull":
      return runPull(command.connect, command.after, command.limit, deps);
    case "watch":
      return runWatch(command.connect, command.after, deps);
    case "chat":
      return runChat(command.connect, command.to, deps);
    case "moderate":
      return runModerate(command, deps);
  }
}

async function runModerate(command: Extract<Command, { name: "moderate" }>, deps: CliDeps): Promise<number> {
  const apiKey = deps.env.IM_API_KEY;
  if (!apiKey) {
    deps.err("error: IM_API_KEY is not set (a business line's key: npm run gateway:keys -- create-key …)");
    return 2;
  }
  let ca: string | undefined;
  if (command.caFile !== undefined) {
    ca = (await deps.readFile(command.caFile)) ?? undefined;
    if (ca === undefined) {
      deps.err(`error: --ca ${command.caFile} does not exist`);
      return 2;
    }
  }
  const base = (command.gateway ?? deps.env.IM_GATEWAY_URL ?? DEFAULT_GATEWAY).replace(/\/$/, "");
  const uid = encodeURIComponent(command.uid);
  const [path, body] =
    command.action === "ban"
      ? [`/v1/users/${uid}/ban`, { reason: command.reason }]
      : command.action === "unban"
        ? [`/v1/users/${uid}/unban`, {}]
        : [
            `/v1/users/${uid}/tokens/revoke`,
            {
              ...(command.deviceType === undefined ? {} : { deviceType: command.deviceType }),
              ...(command.deviceId === undefined ? {} : { deviceId: command.deviceId }),
            },
          ];
  let res: { status: number; body: string };
  try {
    res = await deps.post(`${base}${path}`, { authorization: `Bearer ${apiKey}` }, body, ca);
  } catch (err) {
    deps.err(`error: cannot reach the gateway at ${base}: ${(err as Error).message}`);
    return 1;
  }
  if (res.status !== 200) {
    deps.err(`error: ${res.status} ${res.body}`);
    return 1;
  }
  const answer = JSON.parse(res.body) as { kicked?: number };
  const done = { ban: "banned", unban: "unbanned", revoke: "revoked the tokens of" }[command.action];
  deps.out(`${done} ${command.uid}${answer.kicked === undefined ? "" : ` (${answer.kicked} session(s) kicked)`}`);
  return 0;
}

async function runSend(args: ConnectArgs, to: string, text: string, deps: CliDeps): Promise<number> {
  // autoSync off: sending must not consume this device's unread messages.
  const client = await open(args, deps, { autoSync: false }, false);
  if (!client) return 1;
  try {
    deps.out(formatAck(await client.sendText(to, text)));
    return 0;
  } catch (err) {
    deps.err(formatError(err));
    return 1;
  } finally {
    client.close();
  }
}

async function runPull(args: ConnectArgs, after: number, limit: number, deps: CliDeps): Promise<number> {
  const client = await open(args, deps, { autoSync: false }, false);
  if (!client) return 1;
  try {
    const page = await client.pull(after, limit);
    for (const line of formatPullPage(page, after, me(client, args), deps.now())) deps.out(line);
    return 0;
  } catch (err) {
    deps.err(formatError(err));
    return 1;
  } finally {
    client.close();
  }
}

async function runWatch(args: ConnectArgs, after: number | undefined, deps: CliDeps): Promise<number> {
  const client = await open(args, deps, after === undefined ? {} : { lastSeq: after }, true, (c) =>
    c.on("message", (m) => deps.out(formatMessage(m, me(c, args), deps.now()))),
  );
  if (!client) return 1;
  deps.err("watching for messages; Ctrl-C to quit");
  const ended = sessionEnded(client);
  const why = await Promise.race([ended.then(() => "ended" as const), deps.interrupted.then(() => "quit" as const)]);
  client.close();
  return why === "ended" ? 1 : 0;
}

async function runChat(args: ConnectArgs, to: string, deps: CliDeps): Promise<number> {
  const sentHere = new Set<string>();
  const client = await open(args, deps, {}, true, (c) =>
    c.on("message", (m) => {
      // This terminal's own sends are shown by their ack line.
      if (m.fromUid === me(c, args) && sentHere.has(m.clientMsgId)) return;
      deps.out(formatMessage(m, me(c, args), deps.now()));
    }),
  );
  if (!client) return 1;
  deps.err(`type a message and press Enter to send it to ${to}; Ctrl-D or Ctrl-C to quit`);

  const stop = Promise.race([
    sessionEnded(client).then(() => "ended" as const),
    deps.interrupted.then(() => "quit" as const),
  ]);
  const lines = deps.lines()[Symbol.asyncIterator]();
  let why: "ended" | "quit" | "eof" = "eof";
  for (;;) {
    const next = await Promise.race([lines.next(), stop]);
    if (typeof next === "string") {
      why = next;
      break;
    }
    if (next.done) break;
    const text = next.value.replace(/\r$/, "");
    if (text.trim() === "") continue;
    const clientMsgId = newClientMsgId();
    sentHere.add(clientMsgId);
    const sent = client.sendC2C({ toUid: to, content: text, clientMsgId }).then(
      (ack) => deps.out(formatAck(ack)),
      (err: unknown) => deps.err(formatError(err)),
    );
    const outcome = await Promise.race([sent.then(() => undefined), stop]);
    if (outcome !== undefined) {
      why = outcome;
      break;
    }
  }
  await lines.return?.();
  client.close();
  return why === "ended" ? 1 : 0;
}

/** Mints a token, or prints why it cannot; undefined on failure. */
async function mint(
  deps: CliDeps,
  uid: string,
  deviceType: number | undefined,
  ttlSeconds: number,
  deviceId?: string,
): Promise<string | undefined> {
  const secret = await signingSecret(deps);
  if (secret === undefined) return undefined;
  try {
    return await deps.mintToken({
      secret,
      uid,
      deviceType,
      ttlSeconds,
      ...(deviceId === undefined ? {} : { deviceId }),
    });
  } catch (err) {
    deps.err(`error: cannot mint a token: ${(err as Error).message}`);
    return undefined;
  }
}

/**
 * The server's secret: IM_TOKEN_SECRET, IM_TOKEN_SECRET_FILE, or the
 * development secret the server generated in its data directory (so the CLI
 * works against `npm start` on the same machine, and nowhere else).
 */
async function signingSecret(deps: CliDeps): Promise<string | undefined> {
  if (deps.env.IM_TOKEN_SECRET) return deps.env.IM_TOKEN_SECRET;
  const file = deps.env.IM_TOKEN_SECRET_FILE || `${deps.env.IM_DATA_DIR || "./data"}/token-secret`;
  const text = (await deps.readFile(file))?.trim();
  if (text) return text;
  deps.err(`error: no token secret: ${file} does not exist`);
  deps.err(
    deps.env.IM_TOKEN_SECRET_FILE
      ? "  point IM_TOKEN_SECRET_FILE at the server's secret"
      : "  start the server once (npm start) so it creates it, or set IM_TOKEN_SECRET to the server's secret",
  );
  return undefined;
}

/** Creates and connects a client; prints why it failed and returns undefined. */
async function open(
  args: ConnectArgs,
  deps: CliDeps,
  extra: Partial<ImClientOptions>,
  interactive: boolean,
  listen?: (client: ImClient) => void,
): Promise<ImClient | undefined> {
  let token = args.token;
  if (token === undefined) {
    const ttl = 24 * 3600;
    token = await mint(deps, args.uid, args.deviceType, ttl);
    if (token === undefined) return undefined;
  }
  let tlsCa: string | undefined;
  if (args.caFile !== undefined) {
    tlsCa = (await deps.readFile(args.caFile)) ?? undefined;
    if (tlsCa === undefined) {
      deps.err(`error: --ca ${args.caFile} does not exist`);
      return undefined;
    }
  }
  const client = deps.createClient({
    endpoints: [args.endpoint],
    ...(tlsCa === undefined ? {} : { tlsCa }),
    token,
    deviceType: args.deviceType,
    deviceId: args.deviceId,
    clientVersion: CLIENT_VERSION,
    ...extra,
  });
  listen?.(client);
  if (interactive) {
    client.on("connected", (e) => deps.err(formatConnected(e, args.deviceId)));
    client.on("disconnected", (e) => {
      if (e.code !== ClientErrorCode.KICKED) deps.err(formatDisconnected(e)); // the kickout line says it
    });
    client.on("reconnecting", (e) => deps.err(formatReconnecting(e)));
    client.on("kickout", (e) => deps.err(formatKickout(e)));
    client.on("ctrl", (e) => deps.err(formatCtrl(e)));
    client.on("error", (e) => deps.err(formatError(e)));
    deps.err(`connecting to ${describeEndpoint(args.endpoint)} as ${args.uid}…`);
  }
  try {
    await client.connect();
    return client;
  } catch (err) {
    deps.err(formatError(err));
    const hint = connectHint(err, args);
    if (hint) deps.err(hint);
    return undefined;
  }
}

function connectHint(err: unknown, args: ConnectArgs): string | undefined {
  if (!(err instanceof ImClientError)) return undefined;
  if (err.code === ClientErrorCode.CONNECT_FAILED || err.code === ClientErrorCode.TIMEOUT)
    return `  is the server running and listening on ${describeEndpoint(args.endpoint)}? (npm start)`;
  if (err.code === ErrorCode.TOKEN_INVALID || err.code === ErrorCode.TOKEN_EXPIRED)
    return args.token === undefined
      ? "  the server refused the minted token: set IM_TOKEN_SECRET to the server's secret"
      : "  the server refused --token; mint one with: npm run cli -- token --uid <uid>";
  return undefined;
}

/** Resolves when the client stops for good on its own (kickout, refused reconnect). */
function sessionEnded(client: ImClient): Promise<void> {
  return new Promise((resolve) => {
    client.on("disconnected", (e) => {
      if (!e.willReconnect && e.code !== ClientErrorCode.CLOSED) resolve();
    });
  });
}

function me(client: ImClient, args: ConnectArgs): string {
  return client.session?.uid ?? args.uid;
}
