import type { Prisma, PrismaClient } from "@im/db";
import type { DatabaseErrorMapping } from "../database-errors.ts";
import { PrismaStore } from "../prisma-store.ts";
import type { PrismaDb } from "./queryable.ts";

export interface UserProfile {
  uid: string;
  name: string;
  avatar: string;
  extra: Record<string, unknown>;
  /** ms since epoch. */
  createdAt: number;
  updatedAt: number;
}

export interface ProfileInput {
  name?: string | undefined;
  avatar?: string | undefined;
  extra?: Record<string, unknown> | undefined;
}

const PROFILE = { id: true, name: true, avatar: true, extra: true, createdAt: true, updatedAt: true } as const;

type ProfileRow = Prisma.UserGetPayload<{ select: typeof PROFILE }>;

function toProfile(r: ProfileRow): UserProfile {
  return {
    uid: r.id,
    name: r.name,
    avatar: r.avatar,
    extra: r.extra as Record<string, unknown>,
    createdAt: r.createdAt.getTime(),
    updatedAt: r.updatedAt.getTime(),
  };
}

/** The given fields only: a field left out is no column to write. */
function fieldsOf(input: ProfileInput): { name?: string; avatar?: string; extra?: Prisma.InputJsonObject } {
  return {
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.avatar === undefined ? {} : { avatar: input.avatar }),
    ...(input.extra === undefined ? {} : { extra: input.extra as Prisma.InputJsonObject }),
  };
}

/**
 * Creates the user, or else updates the given fields. Users are never deleted,
 * so a row the insert skipped is still there for the update. Two statements
 * because Prisma's upsert cannot say which branch it took (the `created` flag).
 */
async function upsertOn(
  db: PrismaDb,
  uid: string,
  input: ProfileInput,
): Promise<{ user: UserProfile; created: boolean }> {
  const fields = fieldsOf(input);
  // skipDuplicates: ON CONFLICT DO NOTHING, so a row comes back only when this call inserted it.
  const [inserted] = await db.user.createManyAndReturn({
    data: [{ id: uid, ...fields }],
    skipDuplicates: true,
    select: PROFILE,
  });
  if (inserted) return { user: toProfile(inserted), created: true };
  // updatedAt given: an update that names no field still counts as one.
  const updated = await db.user.update({
    where: { id: uid },
    data: { ...fields, updatedAt: new Date() },
    select: PROFILE,
  });
  return { user: toProfile(updated), created: false };
}

/**
 * User profiles (the users table) as the business API sees them, on Prisma
 * Client. Kept out of UserStore, which serves the realtime hot path and knows no profiles.
 */
export class UserRepository {
  private readonly store: PrismaStore;

  constructor(prisma: PrismaClient, errors: DatabaseErrorMapping = { what: "storage" }) {
    this.store = new PrismaStore(prisma, errors);
  }

  /** Creates the user or updates the given fields; fields left out keep their value. */
  upsert(
    uid: string,
    input: ProfileInput,
    /** The client of an open interactive transaction, to commit with the caller's other writes. */
    db?: PrismaDb,
  ): Promise<{ user: UserProfile; created: boolean }> {
    if (db) return upsertOn(db, uid, input);
    return this.store.transaction((tx) => upsertOn(tx, uid, input));
  }

  async get(uid: string): Promise<UserProfile | undefined> {
    const row = await this.store.read((p) => p.user.findUnique({ where: { id: uid }, select: PROFILE }));
    return row ? toProfile(row) : undefined;
  }

  /** Users by uid, after `cursor` (the last uid of the previous page). */
  async list(
    limit: number,
    cursor: string | undefined,
    /** Only this business line's users; undefined: everyone's. */
    owner?: string,
  ): Promise<{ users: UserProfile[]; nextCursor: string | null }> {
    const rows = await this.store.read((p) =>
      p.user.findMany({
        where: {
          ...(cursor === undefined ? {} : { id: { gt: cursor } }),
          ...(owner === undefined ? {} : { businessLineId: owner }),
        },
        orderBy: { id: "asc" },
        take: limit + 1,
        select: PROFILE,
      }),
    );
    const page = rows.slice(0, limit).map(toProfile);
    return { users: page, nextCursor: rows.length > limit ? (page.at(-1)?.uid ?? null) : null };
  }
}
