import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { isIP } from "node:net";
import path from "node:path";

/** An operator's own secret must be at least this long: it signs every login token. */
export const OPERATOR_SECRET_MIN_BYTES = 32;

/** The generated development secret lives here, readable by its owner only. */
export const DEV_SECRET_FILE = "token-secret";

/** Why the server refuses to start; the message is meant for the operator, as is. */
export class StartupRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupRefused";
  }
}

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1 and "localhost". */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  if (h === "localhost") return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  if (isIP(h) === 6) return h === "::1" || h === "0:0:0:0:0:0:0:1" || /^::ffff:127\./.test(h);
  return false;
}

export interface TokenSecretInput {
  /** IM_TOKEN_SECRET. */
  secret?: string;
  /** IM_TOKEN_SECRET_FILE: a file holding the secret (trailing newline ignored). */
  secretFile?: string;
  /** IM_TOKEN_SECRET_PREVIOUS: still accepted for verification during a rotation, never used to sign. */
  previous?: string;
  /** Where the development secret is kept when no secret is configured. */
  dataDir: string;
  /** An SSO verifier is configured: without a secret of our own, SSO is the only way in. */
  sso: boolean;
  /** Every address the process will bind. */
  binds: { name: string; host: string }[];
}

export interface TokenSecrets {
  /** Signs new tokens and verifies them; null when only SSO tokens are accepted. */
  current: string | null;
  /** Verification only (rotation overlap). */
  previous: string[];
  source: "configured" | "development" | "none";
  /** The development secret's file, when that is what is used. */
  file?: string;
}

/**
 * Decides which token secret the server uses. A configured secret must be
 * long and not trivially guessable. Without one, a development secret is
 * generated once per data directory; but nothing may listen beyond loopback
 * then, because whoever can read that directory can mint tokens for any uid.
 */
export async function resolveTokenSecrets(input: TokenSecretInput): Promise<TokenSecrets> {
  if (input.secret && input.secretFile)
    throw new StartupRefused("set IM_TOKEN_SECRET or IM_TOKEN_SECRET_FILE, not both");
  let configured = input.secret;
  if (input.secretFile) configured = await readSecretFile(input.secretFile);
  if (configured !== undefined)
    checkOperatorSecret(configured, input.secretFile ? "IM_TOKEN_SECRET_FILE" : "IM_TOKEN_SECRET");
  const previous: string[] = [];
  if (input.previous) {
    if (!configured) throw new StartupRefused("IM_TOKEN_SECRET_PREVIOUS needs a current IM_TOKEN_SECRET (or _FILE)");
    checkOperatorSecret(input.previous, "IM_TOKEN_SECRET_PREVIOUS");
    previous.push(input.previous);
  }
  const open = input.binds.filter((b) => !isLoopbackHost(b.host));
  const devFile = path.join(path.resolve(input.dataDir), DEV_SECRET_FILE);
  if (configured) {
    // Copying the generated development secret into the environment does not make it the operator's own.
    const dev = open.length > 0 ? (await readFile(devFile, "utf8").catch(() => "")).trim() : "";
    if (dev && dev === configured)
      throw new StartupRefused(
        `refusing to listen on a non-loopback address with the development secret of ${devFile}: set a secret of your own`,
      );
    return { current: configured, previous, source: "configured" };
  }

  if (open.length > 0) {
    const where = open.map((b) => `${b.name}=${b.host}`).join(", ");
    throw new StartupRefused(
      `refusing to listen on a non-loopback address (${where}) without a token secret of your own: ` +
        `set IM_TOKEN_SECRET or IM_TOKEN_SECRET_FILE to at least ${OPERATOR_SECRET_MIN_BYTES} random bytes ` +
        `(e.g. openssl rand -base64 48)`,
    );
  }
  if (input.sso) return { current: null, previous, source: "none" };
  return { current: await loadOrCreateDevSecret(input.dataDir), previous, source: "development", file: devFile };
}

/** Length and a crude variety check: "aaaa…" or a repeated word is not a secret. */
export function checkOperatorSecret(secret: string, name: string): void {
  const bytes = Buffer.from(secret, "utf8");
  if (bytes.length < OPERATOR_SECRET_MIN_BYTES)
    throw new StartupRefused(
      `${name} is ${bytes.length} bytes; it must be at least ${OPERATOR_SECRET_MIN_BYTES} random bytes (e.g. openssl rand -base64 48)`,
    );
  if (new Set(bytes).size < 8)
    throw new StartupRefused(`${name} does not look random (fewer than 8 distinct bytes); use openssl rand -base64 48`);
}

async function readSecretFile(file: string): Promise<string> {
  try {
    return (await readFile(file, "utf8")).replace(/\r?\n$/, "");
  } catch (err) {
    throw new StartupRefused(`cannot read IM_TOKEN_SECRET_FILE ${file}: ${(err as Error).message}`);
  }
}

/**
 * Reads `<dataDir>/token-secret`, creating it (mode 0600, 32 random bytes) on
 * first use. Several processes sharing a data directory agree on one secret:
 * the file is written under a temporary name and linked into place, so a
 * reader never sees it half written and only the first creator wins.
 */
export async function loadOrCreateDevSecret(dataDir: string): Promise<string> {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, DEV_SECRET_FILE);
  const existing = await readFile(file, "utf8").catch(() => null);
  if (existing !== null && existing.trim().length > 0) return existing.trim();
  await mkdir(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  await writeFile(tmp, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600 });
  try {
    await link(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  } finally {
    await rm(tmp, { force: true });
  }
  return (await readFile(file, "utf8")).trim();
}
