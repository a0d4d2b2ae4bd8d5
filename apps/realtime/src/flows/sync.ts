import { ImError, type MessageStore, type UserStore } from "@im/core";
import type { im } from "@im/protocol";
import type { Connection } from "../connection.ts";
import type { UndeliveredTracker } from "../undelivered-tracker.ts";

export interface SyncDeps {
  messages: Pick<MessageStore, "pull">;
  users: Pick<UserStore, "ackDevice">;
  tracker: Pick<UndeliveredTracker, "ackedUpTo">;
}

export const MAX_PULL = 500;
export const DEFAULT_PULL = 100;

/**
 * PULL_REQ: a page of the user's inbox after `after_seq`. The cursor a device
 * pulls from acknowledges everything up to it for that device.
 */
export async function pull(deps: SyncDeps, conn: Connection, req: im.IPullReq): Promise<im.IPullResp> {
  const session = conn.session!;
  const afterSeq = req.afterSeq ?? 0;
  if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) throw new ImError("INVALID_ARGUMENT", "after_seq is invalid");
  const limit = Math.min(MAX_PULL, req.limit || DEFAULT_PULL);
  const page = await deps.messages.pull(session.uid, afterSeq, limit);
  // A cursor past the inbox head acknowledges only what exists; otherwise messages yet to come
  // below it would look already read (AUTH_RESP's acked_seq).
  const acked = Math.min(afterSeq, page.maxSeq);
  if (acked > 0) {
    await deps.users.ackDevice(session.uid, session.deviceId, acked);
    deps.tracker.ackedUpTo(session.uid, acked);
  }
  return { messages: page.messages, hasMore: page.hasMore, maxSeq: page.maxSeq };
}
