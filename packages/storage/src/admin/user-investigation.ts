import type { ArchivedMessage } from "../archive/message-archive.ts";
import type { PrismaDb } from "./queryable.ts";

/** One user as an operator investigates them: the row, inbox head, devices, newest conversations, latest inbox messages. */
export interface UserInvestigation {
  user: { id: string; name: string; avatar: string; createdAt: Date; bannedAt: Date | null };
  inboxHeadSeq: number;
  devices: {
    deviceId: string;
    deviceType: number;
    ackedSeq: number;
    hasPushToken: boolean;
    lastLoginAt: Date | null;
  }[];
  conversations: {
    convType: number;
    convId: string;
    lastSeq: number;
    lastAt: Date;
    readSeq: number;
    unread: number;
  }[];
  /** With content: the caller decides whether its reader may see it. */
  recentMessages: ArchivedMessage[];
}

/** The latest `limit` messages of the user's inbox, newest first. */
async function recentInboxMessages(db: PrismaDb, uid: string, limit: number): Promise<ArchivedMessage[]> {
  const entries = await db.inboxEntry.findMany({
    where: { ownerId: uid },
    orderBy: { seq: "desc" },
    take: limit,
    select: { messageId: true },
  });
  if (entries.length === 0) return [];
  const rows = await db.message.findMany({
    where: { id: { in: [...new Set(entries.map((e) => e.messageId))] } },
    select: {
      id: true,
      convType: true,
      senderId: true,
      targetId: true,
      clientMsgId: true,
      contentType: true,
      content: true,
      createdAt: true,
    },
  });
  const byId = new Map(rows.map((m) => [m.id, m]));
  return entries.flatMap((e) => {
    const m = byId.get(e.messageId);
    if (!m) return [];
    return [
      {
        msgId: Number(m.id),
        convType: m.convType,
        senderId: m.senderId,
        targetId: m.targetId,
        convId: m.targetId,
        clientMsgId: m.clientMsgId,
        contentType: m.contentType,
        content: m.content,
        createdAt: m.createdAt.getTime(),
      },
    ];
  });
}

/** undefined when there is no such user. */
export async function investigateUser(
  db: PrismaDb,
  uid: string,
  limits: { conversations: number; recentMessages: number },
): Promise<UserInvestigation | undefined> {
  const [user, head, devices, conversations, recentMessages] = await Promise.all([
    db.user.findUnique({
      where: { id: uid },
      select: { id: true, name: true, avatar: true, createdAt: true, bannedAt: true },
    }),
    db.userSeq.findUnique({ where: { ownerId: uid }, select: { lastSeq: true } }),
    db.device.findMany({
      where: { uid },
      orderBy: [{ lastLoginAt: { sort: "desc", nulls: "last" } }, { deviceId: "asc" }],
      select: { deviceId: true, deviceType: true, ackedSeq: true, pushToken: true, lastLoginAt: true },
    }),
    db.conversation.findMany({
      where: { ownerId: uid },
      orderBy: [{ lastAt: "desc" }, { convType: "asc" }, { convId: "asc" }],
      take: limits.conversations,
      select: { convType: true, convId: true, lastSeq: true, lastAt: true, readSeq: true, unread: true },
    }),
    recentInboxMessages(db, uid, limits.recentMessages),
  ]);
  if (!user) return undefined;
  return {
    user,
    inboxHeadSeq: Number(head?.lastSeq ?? 0),
    devices: devices.map((d) => ({
      deviceId: d.deviceId,
      deviceType: d.deviceType,
      ackedSeq: Number(d.ackedSeq),
      hasPushToken: d.pushToken !== null,
      lastLoginAt: d.lastLoginAt,
    })),
    conversations: conversations.map((c) => ({
      convType: c.convType,
      convId: c.convId,
      lastSeq: Number(c.lastSeq),
      lastAt: c.lastAt,
      readSeq: Number(c.readSeq),
      unread: c.unread,
    })),
    recentMessages,
  };
}
