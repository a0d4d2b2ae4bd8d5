import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { ImError } from "@im/core";
import { createDb, type PrismaClient } from "@im/db";
import {
  findLiveApiKey,
  insertApiKey,
  insertBusinessLine,
  lockUnrevokedApiKey,
  type PrismaDb,
  revokeApiKeyAfter,
  revokeLiveApiKey,
  withPrismaTransaction,
} from "@im/storage";
import type pg from "pg";

/**
 * The database handle the key functions need (a `createDb()` result fits). Keys live on
 * Prisma Client: without `prisma`, a call makes a client on the pool for its own use.
 */
export interface KeyDb {
  pool: pg.Pool;
  prisma?: PrismaClient | undefined;
}

/** For the writes: `{ prisma: tx }` runs them in the caller's interactive transaction (with its audit entry). */
export type KeyWriteDb = KeyDb | { prisma: PrismaDb };

async function onPrismaClient<T>(db: KeyDb, fn: (prisma: PrismaClient) => Promise<T>): Promise<T> {
  if (db.prisma) return fn(db.prisma);
  const onPool = createDb({ pool: db.pool });
  try {
    return await fn(onPool.prisma);
  } finally {
    await onPool.close();
  }
}

function onPrisma<T>(db: KeyWriteDb, fn: (prisma: PrismaDb) => Promise<T>): Promise<T> {
  return "pool" in db ? onPrismaClient(db, fn) : fn(db.prisma);
}

export interface BusinessLineInput {
  id: string;
  name: string;
  webhookUrl?: string;
  webhookSecret?: string;
}

export interface ApiKeyInput {
  /** Scopes the key may use; empty (default) means every scope. */
  scopes?: string[];
  /** Requests per second; 0 (default) means the gateway's default limit. */
  rateLimit?: number;
}

/** A freshly made key: `key` is shown once and stored only as its hash. */
export interface IssuedKey {
  keyId: string;
  businessId: string;
  key: string;
}

/** What a request authenticated with a key may do. */
export interface KeyGrant {
  keyId: string;
  businessId: string;
  scopes: string[];
  rateLimit: number;
}

/** Every scope a key can be limited to. */
export const SCOPES = [
  "users",
  "tokens",
  "messages",
  "kick",
  "iplist",
  "groups",
  "conversations",
  "c2s",
  "cross-line",
] as const;
export type Scope = (typeof SCOPES)[number];

const KEY_PREFIX = "imk";
const KEY_PATTERN = /^imk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

function newKey(): { keyId: string; key: string } {
  const keyId = randomBytes(8).toString("hex");
  return { keyId, key: `${KEY_PREFIX}_${keyId}_${randomBytes(32).toString("base64url")}` };
}

function checkKeyInput(input: ApiKeyInput): { scopes: string[]; rateLimit: number } {
  const scopes = [...new Set(input.scopes ?? [])];
  for (const s of scopes)
    if (!(SCOPES as readonly string[]).includes(s))
      throw new ImError("INVALID_ARGUMENT", `unknown scope ${s} (known: ${SCOPES.join(", ")})`);
  const rateLimit = input.rateLimit ?? 0;
  if (!Number.isSafeInteger(rateLimit) || rateLimit < 0 || rateLimit > 1_000_000)
    throw new ImError("INVALID_ARGUMENT", "rateLimit must be an integer from 0 to 1000000");
  return { scopes, rateLimit };
}

export async function createBusinessLine(db: KeyWriteDb, input: BusinessLineInput): Promise<void> {
  if (!ID_PATTERN.test(input.id))
    throw new ImError("INVALID_ARGUMENT", "business id must be 1-64 letters, digits, '.', '_' or '-'");
  if (input.name.trim() === "") throw new ImError("INVALID_ARGUMENT", "name is required");
  if (input.webhookUrl !== undefined && !/^https?:\/\/\S+$/.test(input.webhookUrl))
    throw new ImError("INVALID_ARGUMENT", "webhookUrl must be an http(s) URL");
  // The dispatcher never sends unsigned calls, so a webhook without a secret would only collect dead letters.
  if (input.webhookUrl !== undefined && !input.webhookSecret)
    throw new ImError("INVALID_ARGUMENT", "a webhookUrl needs a webhookSecret to sign its calls");
  const line = {
    id: input.id,
    name: input.name,
    webhookUrl: input.webhookUrl ?? null,
    webhookSecret: input.webhookSecret ?? null,
  };
  const created = await onPrisma(db, (prisma) => insertBusinessLine(prisma, line));
  if (!created) throw new ImError("CONFLICT", `business line ${input.id} already exists`);
}

export async function createApiKey(db: KeyWriteDb, businessId: string, input: ApiKeyInput = {}): Promise<IssuedKey> {
  const { scopes, rateLimit } = checkKeyInput(input);
  const { keyId, key } = newKey();
  const row = { id: keyId, businessLineId: businessId, keyHash: hashKey(key), scopes, rateLimit };
  if (!(await onPrisma(db, (prisma) => insertApiKey(prisma, row))))
    throw new ImError("NOT_FOUND", `business line ${businessId} does not exist`);
  return { keyId, businessId, key };
}

/** Issues a new key with the old one's scopes and limit and revokes the old one, in one transaction. */
export interface RotateOptions {
  /** Only a key of this business line (NOT_FOUND otherwise). */
  businessId?: string;
  /** Runs inside the rotating transaction, e.g. to write the audit entry that commits with it. */
  beforeCommit?: (tx: PrismaDb, issued: IssuedKey) => Promise<void>;
  /**
   * How long the old key keeps working next to the new one (default 0: refused at once), so a
   * business line can roll the new key out without downtime. At most MAX_KEY_OVERLAP_SECONDS.
   */
  overlapSeconds?: number;
}

/** The longest a rotated key may keep working beside its successor: one week. */
export const MAX_KEY_OVERLAP_SECONDS = 7 * 24 * 60 * 60;

export async function rotateApiKey(db: KeyDb, keyId: string, opts: RotateOptions = {}): Promise<IssuedKey> {
  const overlap = opts.overlapSeconds ?? 0;
  if (!Number.isSafeInteger(overlap) || overlap < 0 || overlap > MAX_KEY_OVERLAP_SECONDS)
    throw new ImError("INVALID_ARGUMENT", `overlapSeconds must be an integer from 0 to ${MAX_KEY_OVERLAP_SECONDS}`);
  return onPrismaClient(db, (prisma) =>
    withPrismaTransaction(prisma, async (client) => {
      const old = await lockUnrevokedApiKey(client, keyId, opts.businessId);
      if (!old) throw new ImError("NOT_FOUND", `no live key ${keyId}`);
      const fresh = newKey();
      await insertApiKey(client, {
        id: fresh.keyId,
        businessLineId: old.businessLineId,
        keyHash: hashKey(fresh.key),
        scopes: old.scopes,
        rateLimit: old.rateLimit,
      });
      // A revocation time in the future is the overlap: the key works until then.
      await revokeApiKeyAfter(client, keyId, overlap);
      const issued = { keyId: fresh.keyId, businessId: old.businessLineId, key: fresh.key };
      await opts.beforeCommit?.(client, issued);
      return issued;
    }),
  );
}

export async function revokeApiKey(db: KeyWriteDb, keyId: string): Promise<void> {
  if (!(await onPrisma(db, (prisma) => revokeLiveApiKey(prisma, keyId))))
    throw new ImError("NOT_FOUND", `no live key ${keyId}`);
}

/** The grant of a presented key, or undefined when it is malformed, unknown or revoked. */
export async function findApiKey(db: KeyDb, key: string): Promise<KeyGrant | undefined> {
  const match = KEY_PATTERN.exec(key);
  if (!match) return undefined;
  const hash = hashKey(key);
  const row = await onPrismaClient(db, (prisma) => findLiveApiKey(prisma, hash));
  if (!row || row.id !== match[1]) return undefined;
  if (!timingSafeEqual(Buffer.from(row.keyHash), Buffer.from(hash))) return undefined;
  return { keyId: row.id, businessId: row.businessLineId, scopes: row.scopes, rateLimit: row.rateLimit };
}
