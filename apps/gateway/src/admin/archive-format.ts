import type { ArchivedMessage } from "@im/storage";

/** How an archive export is written: CSV (RFC 4180) or JSON lines. */

const CSV_COLUMNS = [
  "msgId",
  "createdAt",
  "convType",
  "senderId",
  "targetId",
  "clientMsgId",
  "contentType",
  "content",
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line
 * break, quotes doubled. A leading =, +, -, @ gets a ' so a spreadsheet
 * opening the export shows text instead of running a formula.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(",")}\r\n`;
}

export function csvLine(m: ArchivedMessage): string {
  return `${CSV_COLUMNS.map((c) => csvField(c === "createdAt" ? new Date(m.createdAt).toISOString() : m[c])).join(",")}\r\n`;
}

export function jsonLine(m: ArchivedMessage): string {
  return `${JSON.stringify(m)}\n`;
}
