import { im } from "@im/protocol";
import { afterAll, beforeAll, expect } from "vitest";
import type { NodeOptions } from "../node.ts";
import { startTestServer, type TestServer } from "./harness.ts";
import { RawClient } from "./raw-client.ts";

export interface FileServer {
  /** The server the file's tests share (started in beforeAll). */
  readonly server: TestServer;
  /** A raw connection, closed after the file's tests. */
  connect(via?: "tcp" | "ws"): Promise<RawClient>;
  /** A connection authenticated as `uid`; the test fails unless the server answers AUTH_RESP. */
  login(uid: string, opts?: { deviceType?: number; deviceId?: string; via?: "tcp" | "ws" }): Promise<RawClient>;
}

/**
 * One test server for the whole test file: started before its first test, and
 * stopped after its last one together with every client opened through it.
 */
export function useTestServer(overrides: Partial<NodeOptions> = {}): FileServer {
  let started: TestServer | undefined;
  const clients: RawClient[] = [];
  beforeAll(async () => {
    started = await startTestServer(overrides);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await started?.stop();
  });
  const running = (): TestServer => {
    if (!started) throw new Error("the test server starts in beforeAll");
    return started;
  };
  const connect = async (via: "tcp" | "ws" = "tcp") => {
    const c = via === "tcp" ? await RawClient.tcp(running().tcpPort) : await RawClient.ws(running().wsPort);
    clients.push(c);
    return c;
  };
  return {
    get server() {
      return running();
    },
    connect,
    async login(uid, { deviceType = 4, deviceId = `${uid}-${deviceType}`, via = "tcp" } = {}) {
      const c = await connect(via);
      const r = await c.request(im.Cmd.AUTH_REQ, { token: await running().token(uid), deviceType, deviceId });
      expect(r.cmd).toBe(im.Cmd.AUTH_RESP);
      return c;
    },
  };
}
