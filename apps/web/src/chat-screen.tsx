import { ConvType } from "@im/sdk";
import { type FormEvent, useRef, useState } from "react";
import { type ChatState, convKey, parseKey, type Status, title } from "./chat-state.ts";
import { ChatView } from "./chat-view.tsx";
import type { Session } from "./session.ts";
import { useChat } from "./use-chat.ts";

function Banner({ status, queued }: { status: Status; queued: number }) {
  const waiting = queued > 0 ? ` ${queued} message${queued === 1 ? "" : "s"} will be sent when it is back.` : "";
  switch (status.kind) {
    case "online":
      return null;
    case "connecting":
      return (
        <div className="banner" role="status">
          Connecting…
        </div>
      );
    case "reconnecting":
      return (
        <div className="banner warn" role="status">
          Connection lost. Reconnecting (attempt {status.attempt})…{waiting}
        </div>
      );
    case "kicked":
      return (
        <div className="banner error" role="alert">
          Signed out: {status.message}{" "}
          <button type="button" onClick={() => location.reload()}>
            Use it here instead
          </button>
        </div>
      );
    case "closed":
      return (
        <div className="banner error" role="alert">
          Disconnected: {status.message}
        </div>
      );
  }
}

function NewConversation({
  onChat,
  onGroup,
}: {
  onChat: (uid: string) => void;
  onGroup: (name: string, members: string[]) => Promise<void>;
}) {
  const [peer, setPeer] = useState("");
  const [groupName, setGroupName] = useState("");
  const [members, setMembers] = useState("");
  const [error, setError] = useState("");
  const details = useRef<HTMLDetailsElement>(null);
  const done = () => {
    if (details.current) details.current.open = false;
  };

  function chat(event: FormEvent) {
    event.preventDefault();
    if (peer.trim()) onChat(peer.trim());
    setPeer("");
    done();
  }

  async function group(event: FormEvent) {
    event.preventDefault();
    setError("");
    const uids = members
      .split(/[\s,]+/)
      .map((m) => m.trim())
      .filter(Boolean);
    try {
      await onGroup(groupName.trim(), uids);
      setGroupName("");
      setMembers("");
      done();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <details className="new" ref={details}>
      <summary>New conversation</summary>
      <form onSubmit={chat} aria-label="New chat">
        <label>
          Chat with (user id)
          <input value={peer} onChange={(e) => setPeer(e.target.value)} maxLength={64} />
        </label>
        <button type="submit">Open chat</button>
      </form>
      <form onSubmit={group} aria-label="New group">
        <label>
          Group name
          <input value={groupName} onChange={(e) => setGroupName(e.target.value)} required maxLength={64} />
        </label>
        <label>
          Members (user ids, comma separated)
          <input value={members} onChange={(e) => setMembers(e.target.value)} />
        </label>
        <button type="submit">Create group</button>
        {error && <p role="alert">{error}</p>}
      </form>
    </details>
  );
}

function ConversationList({ state, onOpen }: { state: ChatState; onOpen: (key: string) => void }) {
  const convs = Object.values(state.convs).sort((a, b) => b.lastAt - a.lastAt);
  if (convs.length === 0) return <p className="empty">No conversations yet.</p>;
  return (
    <ul className="convs">
      {convs.map((c) => (
        <li key={c.key}>
          <button
            type="button"
            className={c.key === state.active ? "conv active" : "conv"}
            aria-current={c.key === state.active ? "true" : undefined}
            onClick={() => onOpen(c.key)}
          >
            <span className="conv-title">
              {c.convType === ConvType.GROUP ? "# " : ""}
              {title(state, c.convType, c.convId)}
            </span>
            {c.unread > 0 && (
              <span className="badge">
                {c.unread}
                <span className="sr-only"> unread</span>
              </span>
            )}
            <span className="conv-last">{c.lastText}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The signed-in screen: conversation list and the open conversation side by side (one at a time on a phone). */
export function ChatScreen({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const { state, open, loadOlder, send, createGroup } = useChat(session);
  const active = state.active;
  return (
    <div className={active ? "chat has-active" : "chat"}>
      <Banner status={state.status} queued={state.pending.length} />
      <aside className="side" aria-label="Conversations">
        <header className="bar">
          <strong>{session.uid}</strong>
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        </header>
        <NewConversation
          onChat={(uid) => open(convKey(ConvType.C2C, uid))}
          onGroup={async (name, members) => open(await createGroup(name, members))}
        />
        <ConversationList state={state} onOpen={open} />
      </aside>
      <main className="main">
        {active ? (
          <ChatView
            key={active}
            uid={session.uid}
            state={state}
            convKey={active}
            title={title(state, parseKey(active).convType, parseKey(active).convId)}
            onBack={() => open(null)}
            onLoadOlder={(before) => loadOlder(active, before)}
            onSend={(text) => send(active, text)}
          />
        ) : (
          <p className="empty center">Pick a conversation.</p>
        )}
      </main>
    </div>
  );
}
