/** Where a stored message's conversation opens as a transcript, as seen from its sender (c2c) or the group. */
export function transcriptHref(m: { convType: number; senderId: string; targetId: string; convId: string }): string {
  const params = new URLSearchParams({ convType: String(m.convType) });
  if (m.convType === 1) {
    params.set("uid", m.senderId);
    params.set("convId", m.targetId);
  } else if (m.convType === 2) {
    params.set("convId", m.targetId);
  } else {
    params.set("uid", m.targetId);
    params.set("convId", m.convId);
  }
  return `/messages/transcript?${params.toString()}`;
}

export function traceHref(msgId: number): string {
  return `/trace?msgId=${msgId}`;
}

/** A datetime-local input's value (local time) as ms since epoch, and back. */
export function fromLocalInput(value: string): string {
  if (!value) return "";
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? "" : String(ms);
}

export function toLocalInput(ms: string): string {
  if (!ms) return "";
  const d = new Date(Number(ms));
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
