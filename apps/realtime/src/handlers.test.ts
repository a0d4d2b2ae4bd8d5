import { Cmd, ONE_WAY_CMDS, RESPONSE_OF } from "@im/protocol";
import { describe, expect, it } from "vitest";
import type { Connection } from "./connection.ts";
import { createHandlers, type FlowSet } from "./handlers.ts";

describe("command registry", () => {
  const sent: Uint8Array[] = [];
  const conn = { send: (f: Uint8Array) => sent.push(f), session: { uid: "u" } } as unknown as Connection;
  const handlers = createHandlers({} as FlowSet);

  it("has exactly one handler per client command: every request of RESPONSE_OF and the one-way commands", () => {
    const expected = [...Object.keys(RESPONSE_OF).map(Number), ...ONE_WAY_CMDS].sort((a, b) => a - b);
    expect([...handlers.keys()].sort((a, b) => a - b)).toEqual(expected);
    // Server-to-client commands are not accepted from clients.
    for (const cmd of [Cmd.MSG_PUSH, Cmd.KICKOUT, Cmd.AUTH_RESP, Cmd.CTRL]) expect(handlers.has(cmd)).toBe(false);
  });

  it("answers a request with the command RESPONSE_OF pairs it with, echoing the seq", () => {
    handlers.get(Cmd.HEARTBEAT_REQ)!(conn, 77, {});
    expect(sent).toHaveLength(1);
    const view = new DataView(sent[0]!.buffer, sent[0]!.byteOffset);
    expect(view.getUint16(8)).toBe(RESPONSE_OF[Cmd.HEARTBEAT_REQ]);
    expect(view.getUint32(12)).toBe(77);
  });
});
