import { parseArgs } from "node:util";
import { DeviceType, type Endpoint } from "@im/sdk";

export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_TCP_PORT = 7100;
export const DEFAULT_WS_PORT = 7101;
export const DEFAULT_TTL_SECONDS = 24 * 3600;
export const DEFAULT_GATEWAY = "http://127.0.0.1:7180";

export const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  token  --uid <uid> [--device-type <type>] [--device-id <id>] [--ttl 24h]
                                                       print a signed login token (with
                                                       --device-id: valid only for that device)
  chat   --uid <uid> --to <uid>                          send each line you type, print what arrives
  send   --uid <uid> --to <uid> <text>                   send one message, print the ack
  ban    --uid <uid> --reason <text>                     ban a user (no login, sessions kicked)
  unban  --uid <uid>                                     lift a ban
  revoke --uid <uid> [--device-type <type> | --device-id <id>]
                                                       revoke the user's tokens (all devices by
                                                       default) and kick the sessions they opened
  watch  --uid <uid> [--after <seq>]                     print incoming messages until Ctrl-C
  pull   --uid <uid> [--after 0] [--limit 50]            print one page of the inbox

Connection options (chat, send, watch, pull):
  --host <host>         server host (default ${DEFAULT_HOST})
  --port <port>         server port (default ${DEFAULT_TCP_PORT}, or ${DEFAULT_WS_PORT} with --ws)
  --ws                  use WebSocket (ws://<host>:<port>/ws) instead of TCP
  --url <url>           WebSocket URL, e.g. wss://im.example.com/ws (implies --ws)
  --tls                 connect with TLS (TCP over TLS, or wss:// with --ws); the
                        server's certificate is verified
  --ca <file>           trust this CA certificate (PEM) instead of the system's
  --token <token>       login token (default: minted for --uid)
  --device-type <type>  ios, android, web, desktop or pad (default desktop;
                        for "token" the default is a token valid on any device)
  --device-id <id>      stable id of this device (default cli-<uid>)

ban, unban and revoke go through the REST gateway with a business line's API key
(IM_API_KEY; scopes users / tokens): --gateway <url> (default IM_GATEWAY_URL or
${DEFAULT_GATEWAY}), --ca <file> for an https:// gateway with a private CA.

Tokens are signed with IM_TOKEN_SECRET (or the file IM_TOKEN_SECRET_FILE names),
else with the development secret the server generated in ./data/token-secret
(IM_DATA_DIR). --ttl takes 90s, 30m, 24h, 7d or seconds.

Examples:
  npm run cli -- watch --uid bob
  npm run cli -- chat --uid alice --to bob
  npm run cli -- send --uid alice --to bob "hello 👋"
  npm run cli -- pull --uid bob --after 0 --limit 20
  npm run cli -- token --uid alice --device-type web --ttl 1h`;

/** A mistake in the command line; main prints it with the usage and exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** How to reach the server and who to be. */
export interface ConnectArgs {
  uid: string;
  endpoint: Endpoint;
  token?: string;
  deviceType: DeviceType;
  deviceId: string;
  /** PEM file of the certificate authority to trust for TLS (instead of the system's). */
  caFile?: string;
}

export type Command =
  | { name: "help" }
  | { name: "token"; uid: string; deviceType?: DeviceType; deviceId?: string; ttlSeconds: number }
  | { name: "chat"; connect: ConnectArgs; to: string }
  | { name: "send"; connect: ConnectArgs; to: string; text: string }
  | { name: "watch"; connect: ConnectArgs; after?: number }
  | { name: "pull"; connect: ConnectArgs; after: number; limit: number }
  | {
      name: "moderate";
      action: "ban" | "unban" | "revoke";
      uid: string;
      reason?: string;
      deviceType?: DeviceType;
      deviceId?: string;
      gateway?: string;
      caFile?: string;
    };

const OPTIONS = {
  uid: { type: "string" },
  to: { type: "string" },
  token: { type: "string" },
  "device-type": { type: "string" },
  "device-id": { type: "string" },
  ws: { type: "boolean" },
  tls: { type: "boolean" },
  ca: { type: "string" },
  url: { type: "string" },
  host: { type: "string" },
  port: { type: "string" },
  after: { type: "string" },
  limit: { type: "string" },
  ttl: { type: "string" },
  reason: { type: "string" },
  gateway: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;
type OptionName = keyof typeof OPTIONS;

const CONNECT_OPTIONS: OptionName[] = [
  "uid",
  "token",
  "device-type",
  "device-id",
  "ws",
  "tls",
  "ca",
  "url",
  "host",
  "port",
];
const ALLOWED: Record<Exclude<Command["name"], "help" | "moderate"> | "ban" | "unban" | "revoke", OptionName[]> = {
  token: ["uid", "device-type", "device-id", "ttl"],
  chat: [...CONNECT_OPTIONS, "to"],
  send: [...CONNECT_OPTIONS, "to"],
  watch: [...CONNECT_OPTIONS, "after"],
  pull: [...CONNECT_OPTIONS, "after", "limit"],
  ban: ["uid", "reason", "gateway", "ca"],
  unban: ["uid", "gateway", "ca"],
  revoke: ["uid", "device-type", "device-id", "gateway", "ca"],
};

const DEVICE_TYPES: Record<string, DeviceType> = {
  ios: DeviceType.IOS,
  android: DeviceType.ANDROID,
  web: DeviceType.WEB,
  desktop: DeviceType.DESKTOP,
  pad: DeviceType.PAD,
};

/** Parses the arguments after `npm run cli --`. Throws UsageError. */
export function parseCommand(argv: string[]): Command {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const [name, ...rest] = positionals;
  if (values.help || name === undefined || name === "help") return { name: "help" };
  if (!Object.hasOwn(ALLOWED, name)) throw new UsageError(`unknown command "${name}"`);
  const command = name as keyof typeof ALLOWED;

  for (const option of Object.keys(values) as OptionName[]) {
    if (option !== "help" && !ALLOWED[command].includes(option))
      throw new UsageError(`--${option} is not an option of "${command}"`);
  }
  if (command !== "send" && rest.length > 0)
    throw new UsageError(`unexpected argument "${rest[0]}" (quote text that contains spaces)`);

  const uid = required(values.uid, "--uid");
  if (command === "token") {
    return {
      name: "token",
      uid,
      deviceType: values["device-type"] === undefined ? undefined : parseDeviceType(values["device-type"]),
      ...(values["device-id"] === undefined ? {} : { deviceId: values["device-id"] }),
      ttlSeconds: values.ttl === undefined ? DEFAULT_TTL_SECONDS : parseDuration(values.ttl),
    };
  }

  if (command === "ban" || command === "unban" || command === "revoke") {
    return {
      name: "moderate",
      action: command,
      uid,
      ...(command === "ban" ? { reason: required(values.reason, "--reason") } : {}),
      ...(values["device-type"] === undefined ? {} : { deviceType: parseDeviceType(values["device-type"]) }),
      ...(values["device-id"] === undefined ? {} : { deviceId: values["device-id"] }),
      ...(values.gateway === undefined ? {} : { gateway: values.gateway }),
      ...(values.ca === undefined ? {} : { caFile: values.ca }),
    };
  }

  const connect: ConnectArgs = {
    uid,
    endpoint: parseEndpointArgs(values),
    token: values.token,
    deviceType: values["device-type"] === undefined ? DeviceType.DESKTOP : parseDeviceType(values["device-type"]),
    deviceId: values["device-id"] ?? `cli-${uid}`,
    ...(values.ca === undefined ? {} : { caFile: values.ca }),
  };
  switch (command) {
    case "chat":
      return { name: "chat", connect, to: required(values.to, "--to") };
    case "send": {
      const text = rest.join(" ");
      if (text.trim() === "") throw new UsageError('send needs the message text, e.g. send --uid alice --to bob "hi"');
      return { name: "send", connect, to: required(values.to, "--to"), text };
    }
    case "watch":
      return {
        name: "watch",
        connect,
        after: values.after === undefined ? undefined : parseSeq(values.after, "--after"),
      };
    case "pull":
      return {
        name: "pull",
        connect,
        after: values.after === undefined ? 0 : parseSeq(values.after, "--after"),
        limit: values.limit === undefined ? 50 : parseLimit(values.limit),
      };
  }
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === "") throw new UsageError(`${flag} is required`);
  return value;
}

function parseEndpointArgs(values: {
  ws?: boolean;
  tls?: boolean;
  url?: string;
  host?: string;
  port?: string;
}): Endpoint {
  if (values.url !== undefined) {
    if (values.host !== undefined || values.port !== undefined)
      throw new UsageError("--url already names the host and port; drop --host/--port");
    if (values.tls) throw new UsageError("--url says whether it is TLS (wss://); drop --tls");
    if (!/^wss?:\/\/[^/\s]+/i.test(values.url)) throw new UsageError(`--url must be a ws:// or wss:// URL`);
    return { transport: "ws", url: values.url };
  }
  const host = values.host ?? DEFAULT_HOST;
  const port = values.port === undefined ? (values.ws ? DEFAULT_WS_PORT : DEFAULT_TCP_PORT) : parsePort(values.port);
  if (values.ws)
    return {
      transport: "ws",
      url: `${values.tls ? "wss" : "ws"}://${host.includes(":") ? `[${host}]` : host}:${port}/ws`,
    };
  return values.tls ? { transport: "tcp", host, port, tls: true } : { transport: "tcp", host, port };
}

export function parseDeviceType(text: string): DeviceType {
  const type = DEVICE_TYPES[text.toLowerCase()];
  if (type === undefined)
    throw new UsageError(`unknown device type "${text}" (use ${Object.keys(DEVICE_TYPES).join(", ")})`);
  return type;
}

/** "90s", "30m", "24h", "7d" or plain seconds → seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+)\s*([smhd]?)$/i.exec(text.trim());
  if (!m) throw new UsageError(`cannot read duration "${text}" (use e.g. 90s, 30m, 24h, 7d)`);
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86_400 }[m[2]!.toLowerCase() as "" | "s" | "m" | "h" | "d"];
  const seconds = Number(m[1]) * unit;
  if (seconds <= 0) throw new UsageError("--ttl must be positive");
  return seconds;
}

function parseSeq(text: string, flag: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new UsageError(`${flag} must be a seq number (0 or more)`);
  return Number(text);
}

function parseLimit(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 500) throw new UsageError("--limit must be between 1 and 500");
  return n;
}

function parsePort(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65_535) throw new UsageError(`--port must be 1-65535, not "${text}"`);
  return n;
}
