import { describe, expect, it } from "vitest";
import { nodeRouteMember, parseNodeRouteMember, redisKeys } from "./redis-keys.ts";

/** The part of a key Redis Cluster hashes: the first non-empty {...}, else the whole key. */
function hashTag(key: string): string {
  const open = key.indexOf("{");
  if (open < 0) return key;
  const close = key.indexOf("}", open + 1);
  if (close < 0 || close === open + 1) return key;
  return key.slice(open + 1, close);
}

describe("redisKeys", () => {
  it("puts every key under the prefix, im: by default", () => {
    const k = redisKeys();
    expect(k.userRoutes("alice")).toBe("im:{u:alice}:routes");
    expect(k.userLoginSeq("alice")).toBe("im:{u:alice}:loginseq");
    expect(k.nodeRoutes("n1")).toBe("im:{n:n1}:routes");
    expect(k.nodeInfo("n1")).toBe("im:{n:n1}:info");
    expect(k.nodesWithRoutes()).toBe("im:nodes:routes");
    expect(k.nodeIndex()).toBe("im:nodes:registry");
    expect(k.busChannel("n1")).toBe("im:bus:n1");
    expect(k.c2sStream("erp")).toBe("im:c2s:{erp}");
    expect(redisKeys("chat-a:").userRoutes("bob")).toBe("chat-a:{u:bob}:routes");
  });

  it("gives a user's keys one hash tag and different users different ones, whatever the uid holds", () => {
    const k = redisKeys("x:");
    for (const uid of ["alice", "a}b", "{a}", "用户😀", "a|b"]) {
      expect(hashTag(k.userRoutes(uid))).toBe(hashTag(k.userLoginSeq(uid)));
      expect(hashTag(k.nodeRoutes(uid))).toBe(hashTag(k.nodeInfo(uid)));
    }
    expect(hashTag(k.userRoutes("alice"))).not.toBe(hashTag(k.userRoutes("bob")));
    expect(hashTag(k.c2sStream("erp"))).not.toBe(hashTag(k.c2sStream("crm")));
  });

  it("refuses a prefix with braces (it would put every key in one slot)", () => {
    expect(() => redisKeys("{im}:")).toThrow(/braces/);
  });

  it("encodes node-set members unambiguously", () => {
    for (const [uid, connId] of [
      ["a|b", "c|d"],
      ['q"x', "[1]"],
      ["", ""],
    ] as const) {
      expect(parseNodeRouteMember(nodeRouteMember(uid, connId))).toEqual({ uid, connId });
    }
    expect(parseNodeRouteMember("alice|n1:1")).toBeNull();
  });
});
