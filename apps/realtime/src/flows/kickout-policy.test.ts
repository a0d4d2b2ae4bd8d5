import type { Route } from "@im/core";
import { describe, expect, it } from "vitest";
import { decideKickout } from "./kickout-policy.ts";

const route = (connId: string, deviceType: 1 | 2 | 3, loginSeq: number): Route => ({
  uid: "u",
  deviceType,
  deviceId: `d-${connId}`,
  nodeId: "n1",
  connId,
  loginSeq,
  loginAt: 0,
  lastActiveAt: 0,
});

describe("decideKickout", () => {
  const ios1 = route("a", 1, 1);
  const web = route("b", 3, 2);

  it("same-type: a new login kicks only the older session of its device type", () => {
    const ios2 = route("c", 1, 3);
    expect(decideKickout("same-type", ios2, [ios1, web, ios2])).toEqual({ kick: [ios1], kickSelf: false });
  });

  it("a login older than an existing one of the same slot kicks itself, not the newer session", () => {
    const late = route("c", 1, 0);
    expect(decideKickout("same-type", late, [ios1, late])).toEqual({ kick: [], kickSelf: true });
  });

  it("single kicks every other session; unlimited kicks none", () => {
    const android = route("c", 2, 3);
    expect(decideKickout("single", android, [ios1, web, android]).kick).toEqual([ios1, web]);
    expect(decideKickout("unlimited", android, [ios1, web, android])).toEqual({ kick: [], kickSelf: false });
  });
});
