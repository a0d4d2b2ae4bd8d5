import { DeviceType, ImClient, IndexedDbQueueStorage, SendQueue } from "@im/sdk";

/** What /config.json of the web chat's server says. */
export interface WebConfig {
  wsUrl: string;
  /** True when /api/dev-token mints tokens (development only). */
  devTokens: boolean;
}

export interface Credentials {
  uid: string;
  token: string;
}

export interface Session {
  uid: string;
  client: ImClient;
  /** Messages are sent through it, so they survive a reload while offline. */
  queue: SendQueue;
}

const CREDENTIALS_KEY = "im-web-credentials";
const DEVICE_KEY = "im-web-device";

export async function loadConfig(): Promise<WebConfig> {
  const res = await fetch("/config.json");
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  return (await res.json()) as WebConfig;
}

/** Development sign-in: the web chat's own server mints a token for any uid. */
export async function devToken(uid: string): Promise<string> {
  const res = await fetch("/api/dev-token", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ uid }),
  });
  const body = (await res.json()) as { token?: string; message?: string };
  if (!res.ok || !body.token) throw new Error(body.message ?? `sign-in failed (HTTP ${res.status})`);
  return body.token;
}

/** Credentials of this tab (sessionStorage: a reload stays signed in, a new tab signs in again). */
export const savedCredentials = {
  load(): Credentials | null {
    const text = sessionStorage.getItem(CREDENTIALS_KEY);
    return text ? (JSON.parse(text) as Credentials) : null;
  },
  save(credentials: Credentials): void {
    sessionStorage.setItem(CREDENTIALS_KEY, JSON.stringify(credentials));
  },
  clear(): void {
    sessionStorage.removeItem(CREDENTIALS_KEY);
  },
};

/** One id per browser profile: the server keeps this device's sync cursor under it. */
function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = `web-${crypto.getRandomValues(new Uint32Array(2)).join("")}`;
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

/** A client and its send queue; connect with session.client.connect(), then session.queue.start(). */
export function createSession(config: WebConfig, credentials: Credentials): Session {
  const client = new ImClient({
    endpoints: [{ transport: "ws", url: config.wsUrl }],
    token: credentials.token,
    deviceType: DeviceType.WEB,
    deviceId: deviceId(),
    clientVersion: "im-web/0.1",
    // A dead network shows within seconds rather than after the server's 30 s heartbeat.
    heartbeatMs: 5_000,
    reconnect: { minDelayMs: 500, maxDelayMs: 5_000 },
  });
  const queue = new SendQueue(client, new IndexedDbQueueStorage(`im-queue:${credentials.uid}`));
  return { uid: credentials.uid, client, queue };
}
