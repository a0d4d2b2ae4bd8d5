import net from "node:net";
import { Cmd, decodeBody, encodeMessage, type Frame, FrameDecoder, type im } from "@im/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { ImClient } from "./client.ts";
import type { TransportClose } from "./transport.ts";
import { TcpTransport } from "./transport-tcp.ts";
import { DeviceType } from "./types.ts";

const MAX = 64 * 1024;
const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();

/** A local TCP server on port 0; `onSocket` scripts its side. */
async function listen(onSocket: (socket: net.Socket) => void): Promise<number> {
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    onSocket(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as net.AddressInfo).port;
}

afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const push = (seq: number, content: string) =>
  encodeMessage(Cmd.MSG_PUSH, seq, { message: { seq, msgId: seq, fromUid: "bob", content } });

function collect(transport: TcpTransport) {
  const frames: Frame[] = [];
  const closes: TransportClose[] = [];
  transport.onFrame((f) => frames.push(f));
  transport.onClose((c) => closes.push(c));
  return { frames, closes };
}

const contents = (frames: Frame[]) =>
  frames.map((f) => (decodeBody(f as Frame & { cmd: im.Cmd.MSG_PUSH }, MAX).message?.content ?? "").toString());

describe("TcpTransport", () => {
  it("reassembles a frame that arrives one byte at a time", async () => {
    const port = await listen(async (socket) => {
      const bytes = push(1, "héllo 👋");
      for (const b of bytes) {
        socket.write(Buffer.from([b]));
        await sleep(1);
      }
    });
    const t = new TcpTransport({ host: "127.0.0.1", port, maxFrameBytes: MAX });
    const { frames } = collect(t);
    await t.connect();
    await expect.poll(() => frames.length).toBe(1);
    expect(frames[0]).toMatchObject({ cmd: Cmd.MSG_PUSH, seq: 1 });
    expect(contents(frames)).toEqual(["héllo 👋"]);
    t.close();
  });

  it("splits several frames written at once, and a frame straddling two writes", async () => {
    const port = await listen(async (socket) => {
      const all = Buffer.concat([push(1, "a"), push(2, "b"), push(3, "c"), push(4, "d")]);
      const cut = push(1, "a").length * 3 + 5; // inside the 4th frame's header
      socket.write(all.subarray(0, cut));
      await sleep(10);
      socket.write(all.subarray(cut));
    });
    const t = new TcpTransport({ host: "127.0.0.1", port, maxFrameBytes: MAX });
    const { frames } = collect(t);
    await t.connect();
    await expect.poll(() => frames.length).toBe(4);
    expect(frames.map((f) => f.seq)).toEqual([1, 2, 3, 4]);
    expect(contents(frames)).toEqual(["a", "b", "c", "d"]);
    t.close();
  });

  it("sends whole frames the server can decode", async () => {
    const received: Frame[] = [];
    const port = await listen((socket) => {
      const decoder = new FrameDecoder(MAX);
      socket.on("data", (chunk: Buffer) => received.push(...decoder.push(chunk)));
    });
    const t = new TcpTransport({ host: "127.0.0.1", port, maxFrameBytes: MAX });
    collect(t);
    await t.connect();
    t.send(encodeMessage(Cmd.HEARTBEAT_REQ, 7, {}));
    t.send(encodeMessage(Cmd.PULL_REQ, 8, { afterSeq: 3, limit: 10 }));
    await expect.poll(() => received.length).toBe(2);
    expect(received.map((f) => [f.cmd, f.seq])).toEqual([
      [Cmd.HEARTBEAT_REQ, 7],
      [Cmd.PULL_REQ, 8],
    ]);
    t.close();
  });

  it("closes with the frame error code when the server breaks the format", async () => {
    const port = await listen((socket) => {
      const bad = Buffer.from(push(1, "x"));
      bad.writeUInt16BE(0xbeef, 4);
      socket.write(Buffer.concat([push(1, "ok"), bad]));
    });
    const t = new TcpTransport({ host: "127.0.0.1", port, maxFrameBytes: MAX });
    const { frames, closes } = collect(t);
    await t.connect();
    await expect.poll(() => closes.length).toBe(1);
    expect(contents(frames)).toEqual(["ok"]);
    expect(closes[0]).toMatchObject({ code: 1001 });
    expect(closes[0]!.reason).toMatch(/bad magic/);
  });

  it("reports the server closing, once", async () => {
    const port = await listen((socket) => socket.end());
    const t = new TcpTransport({ host: "127.0.0.1", port, maxFrameBytes: MAX });
    const { closes } = collect(t);
    await t.connect();
    await expect.poll(() => closes.length).toBe(1);
    await sleep(20);
    expect(closes).toEqual([{ reason: "connection closed by the server" }]);
  });

  it("rejects connect() when nothing listens, without calling the close handler", async () => {
    const port = await listen(() => {});
    await new Promise((r) => servers.pop()!.close(r));
    const t = new TcpTransport({ host: "127.0.0.1", port, maxFrameBytes: MAX });
    const { closes } = collect(t);
    await expect(t.connect()).rejects.toThrow(/ECONNREFUSED/);
    expect(closes).toEqual([]);
  });
});

describe("ImClient over TCP", () => {
  it("authenticates, sends and receives against a scripted peer", async () => {
    const port = await listen((socket) => {
      const decoder = new FrameDecoder(MAX);
      socket.on("data", (chunk: Buffer) => {
        for (const f of decoder.push(chunk)) {
          if (f.cmd === Cmd.AUTH_REQ) {
            // Answer and push in one write: the push rides right behind AUTH_RESP.
            socket.write(
              Buffer.concat([
                encodeMessage(Cmd.AUTH_RESP, f.seq, { uid: "alice", sessionId: "s", maxSeq: 1, ackedSeq: 1 }),
                push(2, "welcome back"),
              ]),
            );
          } else if (f.cmd === Cmd.C2C_SEND_REQ) {
            const req = decodeBody(f as Frame & { cmd: im.Cmd.C2C_SEND_REQ }, MAX);
            socket.write(encodeMessage(Cmd.C2C_SEND_ACK, f.seq, { msgId: 99, seq: 3, clientMsgId: req.clientMsgId }));
          }
        }
      });
    });
    const client = new ImClient({
      endpoints: [{ transport: "tcp", host: "127.0.0.1", port }],
      token: "t",
      deviceType: DeviceType.DESKTOP,
      deviceId: "d",
    });
    const seen: string[] = [];
    client.on("message", (m) => seen.push(`${m.seq}:${m.content}`));
    expect(await client.connect()).toMatchObject({ uid: "alice", ackedSeq: 1 });
    expect(await client.sendText("bob", "hi")).toMatchObject({ msgId: 99, seq: 3 });
    expect(seen).toEqual(["2:welcome back", "3:hi"]);
    client.close();
  });
});
