/**
 * Where the e2e stack listens: its own ports and database, so it never meets
 * a development `npm start` on the default ports.
 */
const base = Number(process.env.IM_E2E_PORT_BASE ?? 7610);

export const E2E = {
  tcpPort: base,
  wsPort: base + 1,
  gatewayPort: base + 2,
  consolePort: base + 3,
  webPort: base + 4,
  embeddedPgPort: base + 22,
  databaseUrl: process.env.IM_E2E_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/im_e2e_${base}`,
  /** Operators the stack creates before it starts (test fixtures of this throwaway database only). */
  admin: { username: "e2e-admin", password: "e2e-admin-password" },
  viewer: { username: "e2e-viewer", password: "e2e-viewer-password" },
} as const;

export const CONSOLE_URL = `http://127.0.0.1:${E2E.consolePort}`;
export const WEB_URL = `http://127.0.0.1:${E2E.webPort}`;
export const GATEWAY_URL = `http://127.0.0.1:${E2E.gatewayPort}`;
export const WS_URL = `ws://127.0.0.1:${E2E.wsPort}/ws`;
