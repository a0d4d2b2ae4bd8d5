import { escapeLike } from "../like-pattern.ts";
import type { PrismaDb } from "./queryable.ts";

/**
 * The console's overview figures and its lists of users and groups (keyset
 * paging on id), on Prisma Client: low-rate operator reads.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

export async function overviewCounts(
  prisma: PrismaDb,
  now = Date.now(),
): Promise<{ messagesLastMinute: number; messagesLastHour: number; users: number }> {
  const [messagesLastMinute, messagesLastHour, users] = await Promise.all([
    prisma.message.count({ where: { createdAt: { gt: new Date(now - MINUTE_MS) } } }),
    prisma.message.count({ where: { createdAt: { gt: new Date(now - HOUR_MS) } } }),
    prisma.user.count(),
  ]);
  return { messagesLastMinute, messagesLastHour, users };
}

export interface PageQuery {
  limit: number;
  /** The last id of the previous page. */
  cursor?: string | undefined;
  q?: string | undefined;
}

/** Users by uid after the cursor whose uid starts with q or whose name contains it; `limit + 1` at most. */
export async function searchUsers(
  prisma: PrismaDb,
  page: PageQuery,
): Promise<{ id: string; name: string; createdAt: Date }[]> {
  return prisma.user.findMany({
    select: { id: true, name: true, createdAt: true },
    where: {
      ...(page.cursor === undefined ? {} : { id: { gt: page.cursor } }),
      ...(page.q === undefined
        ? {}
        : {
            OR: [
              { id: { startsWith: escapeLike(page.q) } },
              { name: { contains: escapeLike(page.q), mode: "insensitive" } },
            ],
          }),
    },
    orderBy: { id: "asc" },
    take: page.limit + 1,
  });
}

/** Live groups by id after the cursor whose id or name contains q, with their member counts; `limit + 1` at most. */
export async function searchGroups(
  prisma: PrismaDb,
  page: PageQuery,
): Promise<{ id: string; name: string; ownerUid: string; members: number; createdAt: Date }[]> {
  const rows = await prisma.group.findMany({
    select: { id: true, name: true, ownerId: true, createdAt: true, _count: { select: { members: true } } },
    where: {
      dismissedAt: null,
      ...(page.cursor === undefined ? {} : { id: { gt: page.cursor } }),
      ...(page.q === undefined
        ? {}
        : {
            OR: [
              { id: { contains: escapeLike(page.q), mode: "insensitive" } },
              { name: { contains: escapeLike(page.q), mode: "insensitive" } },
            ],
          }),
    },
    orderBy: { id: "asc" },
    take: page.limit + 1,
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    ownerUid: r.ownerId,
    members: r._count.members,
    createdAt: r.createdAt,
  }));
}
