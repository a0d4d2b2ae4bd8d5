import { type BusMessage, ConvType } from "@im/core";
import { describe, expect, it } from "vitest";
import { decodeBusMessage, encodeBusMessage } from "./bus-codec.ts";

const message = {
  msgId: 12,
  seq: 3,
  convType: ConvType.C2C,
  convId: "ann",
  fromUid: "ann",
  toId: "bob",
  clientMsgId: "k1",
  contentType: 1,
  content: "hi 👋 \u0000",
  sentAt: 1_700_000_000_000,
};

describe("bus codec", () => {
  it("round-trips a batch in which one message has different owners, seqs and conversations", () => {
    const batch: BusMessage = {
      type: "deliver",
      pushes: [
        { ownerUid: "bob", connIds: ["n:1", "n:2"], message },
        { ownerUid: "ann", connIds: ["n:3"], message: { ...message, seq: 9, convId: "bob" } },
        // Same msgId, other shared fields (never happens today, must not be merged).
        { ownerUid: "cy", connIds: ["n:4"], message: { ...message, content: "other" } },
      ],
    };
    const payload = encodeBusMessage(batch);
    expect(decodeBusMessage(payload)).toEqual(batch);
    expect(payload.split("hi 👋").length - 1).toBe(1);
  });

  it("round-trips the other messages as they are", () => {
    const kick: BusMessage = { type: "kick", uid: "u", connId: "c", reason: 2, text: "bye" };
    expect(decodeBusMessage(encodeBusMessage(kick))).toEqual(kick);
  });

  it("refuses payloads that are not bus messages", () => {
    expect(() => decodeBusMessage("{broken")).toThrow(SyntaxError);
    expect(() => decodeBusMessage("42")).toThrow(TypeError);
    expect(() => decodeBusMessage('["d",[],[[5,"u",1,1,"c","n:1"]]]')).toThrow(TypeError);
  });
});
