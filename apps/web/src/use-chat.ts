import { ClientErrorCode, ConvType, GroupOp, type ImClient, type ImClientError, KickReason } from "@im/sdk";
import { useCallback, useEffect, useReducer, useRef } from "react";
import { type ConvSummary, convKey, initialState, parseKey, reducer } from "./chat-state.ts";
import type { Session } from "./session.ts";

const HISTORY_PAGE = 20;
/** Group read counts are not pushed: the open group asks again this often. */
const GROUP_READS_EVERY_MS = 4_000;
const GROUP_READS_LATEST = 10;

async function loadConversations(client: ImClient): Promise<ConvSummary[]> {
  const page = await client.conversations({ limit: 100 });
  return page.conversations.map((c) => ({
    key: convKey(c.convType, c.convId),
    convType: c.convType,
    convId: c.convId,
    unread: c.unread,
    lastText: c.lastMessage?.content ?? "",
    lastAt: c.lastAt,
    lastSeq: c.lastSeq,
  }));
}

async function loadGroupNames(client: ImClient): Promise<Record<string, string>> {
  const resp = await client.group({ op: GroupOp.LIST_MINE });
  return Object.fromEntries(resp.groups.map((g) => [g.id, g.name || g.id]));
}

function kickText(reason: KickReason, message: string): string {
  const why =
    reason === KickReason.OTHER_LOGIN
      ? "You signed in on another tab or device."
      : reason === KickReason.ADMIN
        ? "An administrator ended this session."
        : "The server ended this session.";
  return message ? `${why} (${message})` : why;
}

/**
 * The whole chat as React state, fed by the SDK's events: conversations with
 * unread counts, timelines, the send queue, read receipts, connection state.
 */
export function useChat(session: Session) {
  const [state, dispatch] = useReducer(reducer, initialState);
  const activeRef = useRef<string | null>(null);
  activeRef.current = state.active;
  const { client, queue, uid } = session;

  /** Marks the open conversation read up to `seq` when the user can see it. */
  const markRead = useCallback(
    (key: string, seq: number) => {
      if (seq <= 0 || document.visibilityState !== "visible") return;
      const { convType, convId } = parseKey(key);
      client
        .markRead(convType, convId, seq)
        .then((resp) => dispatch({ type: "read", key, unread: resp.unread }))
        .catch(() => {}); // read again on the next message or open
    },
    [client],
  );

  /** Loads the newest page of a conversation (again) and marks it read. */
  const loadNewest = useCallback(
    (key: string) => {
      dispatch({ type: "historyLoading", key });
      const { convType, convId } = parseKey(key);
      client
        .history(convType, convId, { limit: HISTORY_PAGE })
        .then((page) => {
          dispatch({ type: "history", key, page });
          const last = page.messages.at(-1);
          if (last) markRead(key, last.seq);
        })
        .catch(() => dispatch({ type: "historyFailed", key }));
    },
    [client, markRead],
  );

  useEffect(() => {
    const refresh = () => {
      loadConversations(client)
        .then((convs) => dispatch({ type: "convs", convs }))
        .catch(() => {});
      loadGroupNames(client)
        .then((names) => dispatch({ type: "groups", names }))
        .catch(() => {});
    };
    const offs = [
      client.on("connected", () => {
        dispatch({ type: "status", status: { kind: "online" } });
        refresh();
        if (activeRef.current) loadNewest(activeRef.current);
      }),
      client.on("reconnecting", (e) =>
        dispatch({ type: "status", status: { kind: "reconnecting", attempt: e.attempt } }),
      ),
      client.on("kickout", (e) =>
        dispatch({ type: "status", status: { kind: "kicked", message: kickText(e.reason, e.message) } }),
      ),
      client.on("disconnected", (e) => {
        // A kickout has its own event and message; a plain close is the page going away.
        const ended = e.code !== ClientErrorCode.KICKED && e.code !== ClientErrorCode.CLOSED;
        if (!e.willReconnect && ended) dispatch({ type: "status", status: { kind: "closed", message: e.reason } });
      }),
      client.on("message", (message) => {
        const own = message.fromUid === uid;
        dispatch({ type: "message", message, own });
        const key = convKey(message.convType, message.convId);
        if (key === activeRef.current && !own) markRead(key, message.seq);
        if (message.convType === ConvType.GROUP) refreshGroupsOnce(message.convId);
      }),
      client.on("readReceipt", (r) => dispatch({ type: "peerRead", key: convKey(r.convType, r.convId), seq: r.seq })),
      client.on("convSync", (c) => dispatch({ type: "read", key: convKey(c.convType, c.convId), unread: c.unread })),
      queue.on("queued", () => dispatch({ type: "pending", pending: queue.pending })),
      queue.on("sent", ({ message, ack }) => {
        dispatch({ type: "sent", message, ack, uid });
        dispatch({ type: "pending", pending: queue.pending });
      }),
      queue.on("failed", () => dispatch({ type: "pending", pending: queue.pending })),
    ];
    const known = new Set<string>();
    function refreshGroupsOnce(groupId: string) {
      if (known.has(groupId)) return;
      known.add(groupId);
      loadGroupNames(client)
        .then((names) => dispatch({ type: "groups", names }))
        .catch(() => {});
    }
    // What an earlier visit left queued shows (and waits) even before the first connection.
    queue
      .start()
      .then((left) => dispatch({ type: "pending", pending: left }))
      .catch(() => {});
    let disposed = false;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    // The SDK reconnects once connected; the first connection is retried here, e.g. when the page loads offline.
    const connect = (attempt: number) => {
      client.connect().catch((err: ImClientError) => {
        if (disposed) return;
        if (err.terminal) {
          dispatch({ type: "status", status: { kind: "closed", message: err.message } });
          return;
        }
        dispatch({ type: "status", status: { kind: "reconnecting", attempt } });
        retryTimer = setTimeout(() => connect(attempt + 1), Math.min(5_000, 500 * 2 ** attempt));
      });
    };
    connect(1);
    // The open conversation is kept in the URL, so a reload (even offline) returns to it.
    const fromUrl = decodeURIComponent(location.hash.slice(1));
    if (/^[12]:./.test(fromUrl)) {
      activeRef.current = fromUrl;
      dispatch({ type: "open", key: fromUrl });
    }
    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      for (const off of offs) off();
      queue.stop();
      client.close();
    };
  }, [client, queue, uid, markRead, loadNewest]);

  // While a group is open, keep the read counts of this user's latest messages in it fresh.
  const activeTimeline = state.active ? state.timelines[state.active] : undefined;
  const ownLatest = (activeTimeline?.messages ?? [])
    .filter((m) => m.convType === ConvType.GROUP && m.fromUid === uid)
    .slice(-GROUP_READS_LATEST)
    .map((m) => m.msgId)
    .join(",");
  useEffect(() => {
    if (!state.active || !ownLatest) return;
    const { convType, convId } = parseKey(state.active);
    if (convType !== ConvType.GROUP) return;
    const ids = ownLatest.split(",").map(Number);
    const poll = () => {
      Promise.all(ids.map((id) => client.groupReadCount(convId, id).then((r) => [id, r] as const)))
        .then((pairs) =>
          dispatch({
            type: "groupReads",
            reads: Object.fromEntries(pairs),
          }),
        )
        .catch(() => {}); // offline: the next round asks again
    };
    poll();
    const timer = setInterval(poll, GROUP_READS_EVERY_MS);
    return () => clearInterval(timer);
  }, [client, state.active, ownLatest]);

  const loadOlder = useCallback(
    (key: string, beforeSeq: number) => {
      const { convType, convId } = parseKey(key);
      dispatch({ type: "historyLoading", key });
      client
        .history(convType, convId, { beforeSeq, limit: HISTORY_PAGE })
        .then((page) => dispatch({ type: "history", key, page }))
        .catch(() => dispatch({ type: "historyFailed", key }));
    },
    [client],
  );

  const open = useCallback(
    (key: string | null) => {
      dispatch({ type: "open", key });
      history.replaceState(null, "", key ? `#${encodeURIComponent(key)}` : location.pathname);
      if (key === null) return;
      const timeline = state.timelines[key];
      const last = timeline?.messages.at(-1);
      if (!timeline?.loaded) loadNewest(key);
      else if (last) markRead(key, last.seq);
    },
    [loadNewest, markRead, state.timelines],
  );

  const send = useCallback(
    (key: string, text: string) => {
      const { convType, convId } = parseKey(key);
      if (convType !== ConvType.C2C && convType !== ConvType.GROUP) return;
      void queue.send(convType, convId, text);
    },
    [queue],
  );

  const createGroup = useCallback(
    async (name: string, members: string[]) => {
      const resp = await client.group({ op: GroupOp.CREATE, name, uids: members });
      const groupId = resp.group?.id ?? "";
      dispatch({ type: "groups", names: { [groupId]: name } });
      return convKey(ConvType.GROUP, groupId);
    },
    [client],
  );

  return { state, open, loadOlder, send, createGroup };
}
