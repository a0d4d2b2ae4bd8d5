// Keeps proto/README.md honest: its command and error tables must match
// im.proto, and every hex vector must be exactly what the codec produces for
// the values printed beside it (and decode back to them). On a mismatch the
// failure shows the hex to paste into the README.
import { readFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeBody, encodeBody, isKnownCmd, type KnownCmd } from "./codec.ts";
import { decodeFrame, encodeFrame, FLAG_DEFLATE, HEADER_SIZE } from "./header.ts";
import { im } from "./proto.ts";

const readme = readFileSync(new URL("../../../proto/README.md", import.meta.url), "utf8");
const protoSource = readFileSync(new URL("../../../proto/im.proto", import.meta.url), "utf8");

interface VectorValues {
  cmd: string;
  flags: number;
  status: number;
  seq: number;
  body: Record<string, unknown>;
}

interface Vector {
  title: string;
  values: VectorValues;
  hex: string;
}

/** Each `###` subsection of the test vector section: its title, `json` block and `hex` block. */
function parseVectors(markdown: string): Vector[] {
  const section = markdown.slice(markdown.indexOf("## 7. Test vectors"));
  return section
    .split(/^### /m)
    .slice(1)
    .map((part) => {
      const title = part.slice(0, part.indexOf("\n")).trim();
      const json = /^```json\n([\s\S]*?)^```/m.exec(part)?.[1];
      const hex = /^```hex\n([\s\S]*?)^```/m.exec(part)?.[1];
      if (!json || !hex) throw new Error(`vector "${title}" needs a json block and a hex block`);
      return { title, values: JSON.parse(json) as VectorValues, hex: hex.trim() };
    });
}

/** Header grouped by field, then the body 16 bytes per line: the README's layout. */
function formatHex(frame: Uint8Array): string {
  const h = Buffer.from(frame.subarray(0, HEADER_SIZE)).toString("hex");
  const fields = [
    [0, 8],
    [8, 12],
    [12, 14],
    [14, 16],
    [16, 20],
    [20, 24],
    [24, 32],
    [32, 40],
  ] as const;
  const lines = [fields.map(([a, b]) => h.slice(a, b)).join(" ")];
  const body = frame.subarray(HEADER_SIZE);
  for (let i = 0; i < body.length; i += 16) {
    lines.push([...body.subarray(i, i + 16)].map((b) => b.toString(16).padStart(2, "0")).join(" "));
  }
  return lines.join("\n");
}

function normalizeHex(text: string): string {
  return text
    .split("\n")
    .map((line) => line.trim().replace(/\s+/g, " "))
    .join("\n");
}

function mapKeys(value: unknown, fn: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapKeys(v, fn));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [fn(k), mapKeys(v, fn)]));
  }
  return value;
}
const toCamel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const toSnake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

interface CmdSpec {
  value: number;
  direction: string;
  body: string;
  answeredBy: string;
}

/** The Cmd enum of im.proto with what its comments say about each command. */
function parseProtoCmds(source: string): Map<string, CmdSpec> {
  const block = /enum Cmd \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? "";
  const cmds = new Map<string, CmdSpec>();
  for (const m of block.matchAll(/^\s*(\w+) = (\d+);(?:\s*\/\/\s*(.*))?$/gm)) {
    const comment = m[3] ?? "";
    cmds.set(m[1]!, {
      value: Number(m[2]),
      direction: /^(client -> server|server -> client)/.exec(comment)?.[1]?.replace("->", "→") ?? "",
      body: /body (\w+)/.exec(comment)?.[1] ?? "",
      answeredBy: /answered by (\w+)/.exec(comment)?.[1] ?? "—",
    });
  }
  return cmds;
}

/** Rows of the markdown table under `heading`, as arrays of trimmed cells. */
function tableUnder(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(heading);
  expect(start, `README section ${heading}`).toBeGreaterThanOrEqual(0);
  const lines = markdown.slice(start).split("\n");
  const first = lines.findIndex((l) => l.startsWith("|"));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(
      line
        .slice(1, -1)
        .split("|")
        .map((c) => c.trim()),
    );
  }
  return rows;
}

type MessageClass = {
  fromObject(object: Record<string, unknown>): object;
  toObject(message: object, options: { enums: StringConstructor; longs: NumberConstructor }): Record<string, unknown>;
};

const protoCmds = parseProtoCmds(protoSource);

function bodyClass(cmdName: string): MessageClass {
  const typeName = protoCmds.get(cmdName)?.body;
  const cls = typeName ? (im as unknown as Record<string, MessageClass>)[typeName] : undefined;
  if (!cls) throw new Error(`no body message for ${cmdName}`);
  return cls;
}

const vectors = parseVectors(readme);

describe("proto/README.md", () => {
  it("holds the vectors every client checks against", () => {
    expect(vectors.length).toBeGreaterThanOrEqual(6);
    const cmds = vectors.map((v) => v.values.cmd);
    for (const required of ["HEARTBEAT_REQ", "AUTH_REQ", "C2C_SEND_REQ", "C2C_SEND_ACK", "MSG_PUSH", "ERROR"]) {
      expect(cmds, required).toContain(required);
    }
    const emoji = vectors.find(
      (v) => v.values.cmd === "C2C_SEND_REQ" && /\p{Extended_Pictographic}/u.test(String(v.values.body.content)),
    );
    expect(emoji, "a c2c send with emoji").toBeDefined();
    const auth = vectors.find((v) => v.values.cmd === "AUTH_REQ");
    expect(auth?.values.body).toMatchObject({ token: expect.any(String), device_type: expect.any(String) });
  });

  it("has a vector for every command", () => {
    const withVector = new Set(vectors.map((v) => v.values.cmd));
    const missing = [...protoCmds.keys()].filter((name) => name !== "CMD_UNSPECIFIED" && !withVector.has(name));
    expect(missing).toEqual([]);
  });

  it("describes every command in the reference, citing vectors of that command", () => {
    const rows = tableUnder(readme, "## 6. Command reference");
    const names = rows.map(([name]) => name);
    expect(names).toEqual([...protoCmds.keys()].filter((name) => name !== "CMD_UNSPECIFIED"));
    const byId = new Map(vectors.map((v) => [v.title.slice(0, v.title.indexOf(".")), v]));
    for (const row of rows) {
      const [name, answer, , whoMay, section, examples] = row;
      expect(answer, `${name} answer`).not.toBe("");
      expect(whoMay, `${name} who may`).not.toBe("");
      for (const ref of (section ?? "").split(", "))
        expect(readme, `${name} section ${ref}`).toMatch(new RegExp(`^#{2,3} ${ref.replace(".", "\\.")}[. ]`, "m"));
      const ids = (examples ?? "").split(", ");
      expect(ids.length, `${name} examples`).toBeGreaterThan(0);
      for (const id of ids) expect(byId.get(id)?.values.cmd, `${name} example ${id}`).toBe(name);
    }
  });

  it("documents every group operation of im.proto", () => {
    const rows = tableUnder(readme, "### 5.11 Groups");
    const documented = rows.map(([op, value]) => [op?.replace(/`/g, ""), Number(value)]);
    const fromEnum = Object.entries(im.GroupReq.Op).filter(([name]) => name !== "OP_UNSPECIFIED");
    expect(documented).toEqual(fromEnum);
  });

  it("lists exactly the commands of im.proto, with their direction, body and answer", () => {
    const rows = tableUnder(readme, "## 3. Commands");
    const documented = rows.map(([num, hex, name, direction, body, answeredBy]) => {
      expect(Number(hex), `${name} hex`).toBe(Number(num));
      return { name, value: Number(num), direction, body, answeredBy: answeredBy?.split(" ")[0] };
    });
    const fromProto = [...protoCmds]
      .filter(([name]) => name !== "CMD_UNSPECIFIED")
      .map(([name, spec]) => ({ name, ...spec }));
    expect(documented).toEqual(fromProto);
    for (const { name, value } of fromProto) {
      expect(im.Cmd[name as keyof typeof im.Cmd], name).toBe(value);
      expect(isKnownCmd(value), name).toBe(true);
    }
  });

  it("lists exactly the error codes of im.proto", () => {
    const rows = tableUnder(readme, "## 4. Errors");
    const documented = rows.map(([code, name]) => [name, Number(code)]);
    const fromEnum = Object.entries(im.ErrorCode).filter(([name, code]) => typeof code === "number" && name !== "OK");
    expect(documented).toEqual(fromEnum);
  });

  it.each(vectors.map((v) => [v.title, v]))("vector %s: decoding the hex gives the values", (_title, vector) => {
    const { values } = vector;
    const bytes = Buffer.from(vector.hex.replace(/\s+/g, ""), "hex");
    const frame = decodeFrame(bytes);
    expect({ cmd: frame.cmd, flags: frame.flags, status: frame.status, seq: frame.seq }).toEqual({
      cmd: im.Cmd[values.cmd as keyof typeof im.Cmd],
      flags: values.flags,
      status: values.status,
      seq: values.seq,
    });
    const body: object = decodeBody(frame, 64 * 1024) as object;
    const plain = bodyClass(values.cmd).toObject(body, { enums: String, longs: Number });
    expect(mapKeys(plain, toSnake)).toEqual(values.body);
    if (values.cmd === "ERROR") expect(values.body.code).toBe(values.status);
  });

  it.each(vectors.map((v) => [v.title, v]))("vector %s: encoding the values gives the hex", (_title, vector) => {
    const { values } = vector;
    const cmd = im.Cmd[values.cmd as keyof typeof im.Cmd] as KnownCmd;
    const message = bodyClass(values.cmd).fromObject(mapKeys(values.body, toCamel) as Record<string, unknown>);
    const body = encodeBody(cmd, message as never);
    if (values.flags & FLAG_DEFLATE) {
      // Compressed bytes differ between compressors: compare what they inflate to.
      const docBody = Buffer.from(vector.hex.replace(/\s+/g, ""), "hex").subarray(HEADER_SIZE);
      expect(inflateRawSync(docBody).toString("hex")).toBe(Buffer.from(body).toString("hex"));
      return;
    }
    const frame = encodeFrame(cmd, values.seq, body, values.status, values.flags);
    expect(normalizeHex(vector.hex)).toBe(formatHex(frame));
  });
});
