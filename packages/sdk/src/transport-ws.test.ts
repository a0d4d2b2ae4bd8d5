import type { AddressInfo } from "node:net";
import { Cmd, decodeBody, decodeFrame, encodeMessage, type Frame, type im } from "@im/protocol";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { ImClient } from "./client.ts";
import type { TransportClose } from "./transport.ts";
import { WsTransport } from "./transport-ws.ts";
import { DeviceType } from "./types.ts";

const MAX = 64 * 1024;
const servers: WebSocketServer[] = [];

async function listen(onSocket: (ws: WebSocket) => void): Promise<string> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, path: "/ws" });
  servers.push(wss);
  wss.on("connection", onSocket);
  await new Promise<void>((resolve) => wss.once("listening", resolve));
  return `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws`;
}

afterEach(async () => {
  for (const wss of servers.splice(0)) {
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
  }
});

function collect(transport: WsTransport) {
  const frames: Frame[] = [];
  const closes: TransportClose[] = [];
  transport.onFrame((f) => frames.push(f));
  transport.onClose((c) => closes.push(c));
  return { frames, closes };
}

describe("WsTransport", () => {
  it("exchanges one frame per binary message, both ways", async () => {
    const received: Frame[] = [];
    const url = await listen((ws) => {
      ws.on("message", (data: Buffer, isBinary) => {
        expect(isBinary).toBe(true);
        received.push(decodeFrame(data));
      });
      ws.send(encodeMessage(Cmd.HEARTBEAT_RESP, 5, { serverTime: 1 }));
      ws.send(encodeMessage(Cmd.MSG_PUSH, 6, { message: { seq: 1, content: "Grüße 🌍" } }));
    });
    const t = new WsTransport({ url, maxFrameBytes: MAX, webSocket: WebSocket });
    const { frames } = collect(t);
    await t.connect();
    t.send(encodeMessage(Cmd.HEARTBEAT_REQ, 1, {}));
    t.send(encodeMessage(Cmd.PULL_REQ, 2, { afterSeq: 0, limit: 5 }));
    await expect.poll(() => frames.length + received.length).toBe(4);
    expect(frames.map((f) => [f.cmd, f.seq])).toEqual([
      [Cmd.HEARTBEAT_RESP, 5],
      [Cmd.MSG_PUSH, 6],
    ]);
    expect(decodeBody(frames[1] as Frame & { cmd: im.Cmd.MSG_PUSH }, MAX).message?.content).toBe("Grüße 🌍");
    expect(received.map((f) => [f.cmd, f.seq])).toEqual([
      [Cmd.HEARTBEAT_REQ, 1],
      [Cmd.PULL_REQ, 2],
    ]);
    t.close();
  });

  it("loads ws by itself when no WebSocket class is given", async () => {
    const url = await listen((ws) => ws.send(encodeMessage(Cmd.HEARTBEAT_RESP, 1, {})));
    const t = new WsTransport({ url, maxFrameBytes: MAX });
    const { frames } = collect(t);
    await t.connect();
    await expect.poll(() => frames.length).toBe(1);
    t.close();
  });

  it("closes when a message is not exactly one valid frame", async () => {
    const url = await listen((ws) => {
      const two = Buffer.concat([encodeMessage(Cmd.HEARTBEAT_RESP, 1, {}), encodeMessage(Cmd.HEARTBEAT_RESP, 2, {})]);
      ws.send(two);
    });
    const t = new WsTransport({ url, maxFrameBytes: MAX });
    const { frames, closes } = collect(t);
    await t.connect();
    await expect.poll(() => closes.length).toBe(1);
    expect(frames).toEqual([]);
    expect(closes[0]).toMatchObject({ code: 1003 });
    expect(closes[0]!.reason).toMatch(/bad frame/);
  });

  it("closes on a text message", async () => {
    const url = await listen((ws) => ws.send("hello"));
    const t = new WsTransport({ url, maxFrameBytes: MAX });
    const { closes } = collect(t);
    await t.connect();
    await expect.poll(() => closes.length).toBe(1);
    expect(closes[0]!.reason).toMatch(/text WebSocket message/);
  });

  it("reports the server's close code and reason", async () => {
    const url = await listen((ws) => ws.close(4000, "draining"));
    const t = new WsTransport({ url, maxFrameBytes: MAX });
    const { closes } = collect(t);
    await t.connect();
    await expect.poll(() => closes.length).toBe(1);
    expect(closes[0]).toEqual({ reason: "draining", code: 4000 });
  });

  it("rejects connect() when the URL does not answer", async () => {
    const url = await listen(() => {});
    const wss = servers.pop()!;
    await new Promise((r) => wss.close(r));
    const t = new WsTransport({ url, maxFrameBytes: MAX });
    const { closes } = collect(t);
    await expect(t.connect()).rejects.toThrow();
    expect(closes).toEqual([]);
  });
});

describe("ImClient over WebSocket", () => {
  it("authenticates and sends with the injected WebSocket class", async () => {
    const url = await listen((ws) => {
      ws.on("message", (data: Buffer) => {
        const f = decodeFrame(data);
        if (f.cmd === Cmd.AUTH_REQ) {
          const req = decodeBody(f as Frame & { cmd: im.Cmd.AUTH_REQ }, MAX);
          ws.send(encodeMessage(Cmd.AUTH_RESP, f.seq, { uid: req.token === "tok-bob" ? "bob" : "?", sessionId: "w" }));
        } else if (f.cmd === Cmd.C2C_SEND_REQ) {
          const req = decodeBody(f as Frame & { cmd: im.Cmd.C2C_SEND_REQ }, MAX);
          ws.send(encodeMessage(Cmd.C2C_SEND_ACK, f.seq, { msgId: 7, clientMsgId: req.clientMsgId }));
        }
      });
    });
    const client = new ImClient({
      endpoints: [{ transport: "ws", url }],
      token: "tok-bob",
      deviceType: DeviceType.WEB,
      deviceId: "browser-1",
      webSocket: WebSocket,
    });
    expect(await client.connect()).toMatchObject({ uid: "bob", sessionId: "w" });
    expect(await client.sendText("alice", "hey")).toMatchObject({ msgId: 7 });
    client.close();
  });
});
