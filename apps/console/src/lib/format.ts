/** Shared formatting, so every page shows times and counts the same way. */

const dateTime = new Intl.DateTimeFormat("en-GB", {
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || ms === 0) return "—";
  return dateTime.format(new Date(ms));
}

export function formatAgo(ms: number | null | undefined, now = Date.now()): string {
  if (!ms) return "—";
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

export function formatNumber(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || Number.isNaN(n)) return "—";
  return n.toLocaleString("en-US", { maximumFractionDigits: digits });
}

/** Device types of the protocol (DeviceType in proto/im.proto). */
export const DEVICE_TYPES: Record<number, string> = { 1: "iOS", 2: "Android", 3: "Web", 4: "Desktop", 5: "Pad" };

export function deviceTypeName(t: number): string {
  return DEVICE_TYPES[t] ?? `type ${t}`;
}

/** Conversation types of the protocol (ConvType). */
export const CONV_TYPES: Record<number, string> = { 1: "1:1", 2: "group", 3: "system" };

export function convTypeName(t: number): string {
  return CONV_TYPES[t] ?? `type ${t}`;
}

/** A number as the API's query strings take it: plain decimal digits (undefined stays undefined). */
export function decimal(n: number | undefined | null): string | undefined {
  return n === undefined || n === null ? undefined : String(n);
}
