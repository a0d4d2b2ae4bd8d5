import { describe, expect, it } from "vitest";
import { describeEndpoint, parseEndpoint } from "./transport.ts";

describe("parseEndpoint", () => {
  it("reads WebSocket URLs, tcp:// and bare host:port", () => {
    expect(parseEndpoint("wss://im.example.com/ws")).toEqual({ transport: "ws", url: "wss://im.example.com/ws" });
    expect(parseEndpoint("tcp://10.0.0.2:7100")).toEqual({ transport: "tcp", host: "10.0.0.2", port: 7100 });
    expect(parseEndpoint("10.0.0.2:7100")).toEqual({ transport: "tcp", host: "10.0.0.2", port: 7100 });
    expect(parseEndpoint("[::1]:7100")).toEqual({ transport: "tcp", host: "::1", port: 7100 });
    expect(parseEndpoint("10.0.0.2:7101", "ws")).toEqual({ transport: "ws", url: "ws://10.0.0.2:7101/ws" });
  });

  it("rejects what is not an endpoint", () => {
    expect(parseEndpoint("")).toBeUndefined();
    expect(parseEndpoint("host")).toBeUndefined();
    expect(parseEndpoint("host:99999")).toBeUndefined();
    expect(parseEndpoint("http://host:80")).toBeUndefined();
  });

  it("describes endpoints the way it parses them", () => {
    expect(describeEndpoint({ transport: "tcp", host: "h", port: 1 })).toBe("tcp://h:1");
    expect(describeEndpoint({ transport: "ws", url: "ws://h:2/ws" })).toBe("ws://h:2/ws");
  });
});
