import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { DeviceType, ImClient } from "@im/sdk";
import { type APIRequestContext, test as base, expect, type Page, request } from "@playwright/test";
import { CONSOLE_URL, E2E, GATEWAY_URL, WS_URL } from "./env.ts";

export { expect } from "@playwright/test";

type Who = "admin" | "viewer";

/** A unique suffix, so every spec's data stays its own on the shared stack. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/** Signs in through the login page, as an operator would. */
export async function signIn(page: Page, who: Who = "admin"): Promise<void> {
  const account = E2E[who];
  await page.goto("/login");
  await page.getByRole("textbox", { name: "Username" }).fill(account.username);
  await page.locator("input[type=password]").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
}

/** The admin API as a signed-in operator (cookie session + CSRF header), through the console's origin. */
export class AdminApi {
  private constructor(
    readonly http: APIRequestContext,
    private readonly csrf: string,
  ) {}

  static async signIn(who: Who = "admin"): Promise<AdminApi> {
    const http = await request.newContext({ baseURL: CONSOLE_URL });
    const res = await http.post("/admin/login", { data: E2E[who] });
    expect(res.status(), await res.text()).toBe(200);
    return new AdminApi(http, (await res.json()).csrfToken);
  }

  async get<T = unknown>(path: string): Promise<T> {
    const res = await this.http.get(path);
    expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
    return (await res.json()) as T;
  }

  /** A write; returns the raw response so specs can assert refusals too. */
  write(method: "POST" | "PATCH" | "PUT" | "DELETE", path: string, data?: unknown) {
    return this.http.fetch(path, { method, data, headers: { "x-csrf-token": this.csrf } });
  }

  async ok<T = unknown>(method: "POST" | "PATCH" | "PUT" | "DELETE", path: string, data?: unknown): Promise<T> {
    const res = await this.write(method, path, data);
    expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
    return (await res.json()) as T;
  }

  dispose() {
    return this.http.dispose();
  }
}

/** A business line with one key, created through the admin API; its /v1 client authenticates with the key. */
export interface BusinessLine {
  id: string;
  key: string;
  keyId: string;
  v1: APIRequestContext;
  /** A login token for uid, from the business API. */
  token(uid: string, deviceType?: number): Promise<string>;
}

export async function createBusinessLine(admin: AdminApi, body: Record<string, unknown> = {}): Promise<BusinessLine> {
  const id = unique("biz");
  await admin.ok("POST", "/admin/business-lines", { id, name: `Business ${id}`, ...body });
  const issued = await admin.ok<{ key: string; keyId: string }>("POST", `/admin/business-lines/${id}/keys`, {});
  const v1 = await request.newContext({
    baseURL: GATEWAY_URL,
    extraHTTPHeaders: { authorization: `Bearer ${issued.key}` },
  });
  return {
    id,
    key: issued.key,
    keyId: issued.keyId,
    v1,
    async token(uid, deviceType = DeviceType.IOS) {
      const res = await v1.post("/v1/tokens", { data: { uid, deviceType } });
      expect(res.status(), await res.text()).toBe(200);
      return (await res.json()).token as string;
    },
  };
}

/** An end user connected with the SDK over WebSocket; closed when the test ends. */
export async function connectUser(
  biz: BusinessLine,
  uid: string,
  options: { deviceType?: number; deviceId?: string } = {},
): Promise<ImClient> {
  const deviceType = options.deviceType ?? DeviceType.IOS;
  const token = await biz.token(uid, deviceType);
  const client = new ImClient({
    endpoints: [{ transport: "ws", url: WS_URL }],
    token,
    deviceType,
    deviceId: options.deviceId ?? unique("dev"),
  });
  await client.connect();
  return client;
}

/** Saves a full-page screenshot as a test artifact (test-results/screenshots/<name>.png). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(import.meta.dirname, "..", "test-results", "screenshots");
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await base.info().attach(name, { path, contentType: "image/png" });
}

/** No serious or critical accessibility violations on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

/** Connects an end user of the test's business line with the SDK; the client is closed when the test ends. */
export type Connect = (uid: string, options?: { deviceType?: number; deviceId?: string }) => Promise<ImClient>;

/**
 * Specs get a signed-in admin API client, a business line of their own with a
 * way to connect its users, and clean up the SDK clients they open.
 */
export const test = base.extend<{ admin: AdminApi; clients: ImClient[]; biz: BusinessLine; connect: Connect }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
  admin: async ({}, use) => {
    const admin = await AdminApi.signIn("admin");
    await use(admin);
    await admin.dispose();
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
  clients: async ({}, use) => {
    const clients: ImClient[] = [];
    await use(clients);
    for (const c of clients) c.close();
  },
  biz: async ({ admin }, use) => {
    const biz = await createBusinessLine(admin);
    await use(biz);
    await biz.v1.dispose();
  },
  connect: async ({ biz, clients }, use) => {
    await use(async (uid, options) => {
      const client = await connectUser(biz, uid, options);
      clients.push(client);
      return client;
    });
  },
});
