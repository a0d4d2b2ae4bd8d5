import { readdir, readFile, readlink } from "node:fs/promises";

export interface ListeningSocket {
  pid: number;
  address: string;
  port: number;
}

/** The process and all its descendants, found through the parent pid in /proc/<pid>/stat. */
export async function processTree(root: number): Promise<number[]> {
  const parents = new Map<number, number>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => null);
    // The command name is in parentheses and may contain spaces: the ppid is the 2nd field after it.
    const after = stat?.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (after?.[1]) parents.set(Number(entry), Number(after[1]));
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++)
    for (const [pid, ppid] of parents) if (ppid === tree[i] && !tree.includes(pid)) tree.push(pid);
  return tree;
}

/** "0100007F" (little-endian words, as /proc/net/tcp prints them) → "127.0.0.1"; same for IPv6. */
export function decodeProcAddress(hex: string): string {
  const bytes: number[] = [];
  for (let w = 0; w < hex.length; w += 8) {
    const word = hex.slice(w, w + 8);
    for (let b = 6; b >= 0; b -= 2) bytes.push(Number.parseInt(word.slice(b, b + 2), 16));
  }
  if (bytes.length === 4) return bytes.join(".");
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  const text = groups.join(":");
  if (text === "0:0:0:0:0:0:0:1") return "::1";
  if (text === "0:0:0:0:0:0:0:0") return "::";
  if (text.startsWith("0:0:0:0:0:ffff:")) return `::ffff:${bytes.slice(12).join(".")}`;
  return text;
}

/** Every TCP socket in LISTEN state held open by one of `pids` (Linux /proc). */
export async function listeningSockets(pids: readonly number[]): Promise<ListeningSocket[]> {
  const listening = new Map<string, { address: string; port: number }>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    const text = await readFile(table, "utf8").catch(() => "");
    for (const line of text.split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== "0A") continue; // 0A = LISTEN
      const [addr = "", port = "0"] = (f[1] ?? "").split(":");
      listening.set(f[9] ?? "", { address: decodeProcAddress(addr), port: Number.parseInt(port, 16) });
    }
  }
  const found: ListeningSocket[] = [];
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      const socket = inode ? listening.get(inode) : undefined;
      if (socket) found.push({ pid, ...socket });
    }
  }
  return found;
}

export function isLoopbackAddress(address: string): boolean {
  return address.startsWith("127.") || address === "::1" || address.startsWith("::ffff:127.");
}
