import { ConvType } from "@im/sdk";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { type ChatState, parseKey } from "./chat-state.ts";

interface Props {
  uid: string;
  state: ChatState;
  convKey: string;
  title: string;
  onBack: () => void;
  onLoadOlder: (beforeSeq: number) => void;
  onSend: (text: string) => void;
}

function time(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/** One conversation: older pages on demand, messages with their delivery and read state, the composer. */
export function ChatView({ uid, state, convKey, title, onBack, onLoadOlder, onSend }: Props) {
  const [text, setText] = useState("");
  const bottom = useRef<HTMLLIElement>(null);
  const timeline = state.timelines[convKey];
  const { convType, convId } = parseKey(convKey);
  const messages = timeline?.messages ?? [];
  const shown = new Set(messages.map((m) => m.clientMsgId));
  const pending = state.pending.filter(
    (p) => p.convType === convType && p.convId === convId && !shown.has(p.clientMsgId),
  );
  const peerRead = state.peerRead[convKey] ?? 0;
  const newest = messages.at(-1)?.seq ?? 0;

  // Follow new messages, not older pages.
  // biome-ignore lint/correctness/useExhaustiveDependencies: scrolls when the newest message or the queue changes
  useEffect(() => {
    // A block body: newer browsers return a promise from scrollIntoView, which React would take for a cleanup.
    bottom.current?.scrollIntoView({ block: "end" });
  }, [newest, pending.length]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = text.trim();
    if (!body) return;
    onSend(body);
    setText("");
  }

  return (
    <section className="view" aria-label={`Conversation with ${title}`}>
      <header className="bar">
        <button type="button" className="back" onClick={onBack} aria-label="Back to conversations">
          ←
        </button>
        <h2>
          {convType === ConvType.GROUP ? "# " : ""}
          {title}
        </h2>
      </header>
      <ol className="messages" aria-label="Messages">
        <li className="paging">
          {timeline?.loading ? (
            <span>Loading…</span>
          ) : !timeline?.loaded ? (
            <span>Earlier messages load when the connection is back.</span>
          ) : timeline.hasMore ? (
            <button type="button" onClick={() => onLoadOlder(timeline.nextBeforeSeq)}>
              Load older messages
            </button>
          ) : (
            <span>Start of the conversation</span>
          )}
        </li>
        {messages.map((m) => {
          const own = m.fromUid === uid;
          const reads = state.groupReads[m.msgId];
          const status = !own
            ? ""
            : convType === ConvType.C2C
              ? m.seq <= peerRead
                ? "Read"
                : "Sent"
              : reads && reads.read > 0
                ? `Read by ${reads.read} of ${reads.total}`
                : "Sent";
          return (
            <li key={m.seq} className={own ? "msg own" : "msg"} data-seq={m.seq}>
              {!own && convType === ConvType.GROUP && <span className="from">{m.fromUid}</span>}
              <span className="text">{m.content}</span>
              <span className="meta">
                {time(m.sentAt)}
                {status && <span className="state"> · {status}</span>}
              </span>
            </li>
          );
        })}
        {pending.map((p) => (
          <li key={p.clientMsgId} className="msg own pending">
            <span className="text">{p.content}</span>
            <span className="meta">
              <span className="state">Sending…</span>
            </span>
          </li>
        ))}
        <li ref={bottom} className="end" aria-hidden="true" />
      </ol>
      <form className="composer" onSubmit={submit} aria-label="Send a message">
        <input
          aria-label="Message"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Message"
          maxLength={4000}
          autoComplete="off"
        />
        <button type="submit">Send</button>
      </form>
    </section>
  );
}
