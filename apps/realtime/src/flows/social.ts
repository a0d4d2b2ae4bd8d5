import {
  type Actor,
  type ConversationStore,
  ConvType,
  checkFreeText,
  checkIdentifier,
  checkName,
  type GroupStore,
  ImError,
  MAX_ANNOUNCEMENT_LENGTH,
  type OrgStore,
} from "@im/core";
import { Cmd, im } from "@im/protocol";
import type { Connection } from "../connection.ts";
import type { Delivery } from "../delivery.ts";

const Op = im.GroupReq.Op;

/** What the group, conversation and organisation requests need from the node. */
export interface SocialDeps {
  groups: GroupStore;
  conversations: ConversationStore;
  org: OrgStore;
}

/** Mark-read also tells the reader's other devices and the peer of a 1:1. */
export interface MarkReadDeps {
  conversations: Pick<ConversationStore, "markRead">;
  delivery: Pick<Delivery, "notifyUser">;
}

const MAX_GROUP_UIDS = 500;

function requireId(value: string | null | undefined, field: string): string {
  return checkIdentifier(field, value);
}

function uidsOf(req: im.IGroupReq, min = 1): string[] {
  const uids = [...new Set(req.uids ?? [])];
  if (uids.length < min) throw new ImError("INVALID_ARGUMENT", "uids is required");
  if (uids.length > MAX_GROUP_UIDS) throw new ImError("INVALID_ARGUMENT", `at most ${MAX_GROUP_UIDS} uids per request`);
  for (const u of uids) requireId(u, "uids[]");
  return uids;
}

async function groupView(groups: GroupStore, groupId: string): Promise<im.IGroupResp> {
  const [group, members] = await Promise.all([groups.get(groupId), groups.members(groupId)]);
  return {
    group: {
      id: group.id,
      name: group.name,
      ownerUid: group.ownerUid,
      announcement: group.announcement,
      mutedAll: group.mutedAll,
      createdAt: group.createdAt,
    },
    members: members.map((m) => ({ uid: m.uid, role: m.role, mutedUntil: m.mutedUntil ?? 0, joinedAt: m.joinedAt })),
  };
}

/** Runs one GroupReq for `uid`; authorization is the group store's (group-permissions). */
export async function handleGroupReq(deps: SocialDeps, uid: string, req: im.IGroupReq): Promise<im.IGroupResp> {
  const { groups } = deps;
  const actor: Actor = { uid };
  const op = req.op ?? 0;
  if (op === Op.CREATE) {
    const name = checkName("name", (req.name ?? "").trim());
    const group = await groups.create({
      id: req.groupId ? checkIdentifier("group_id", req.groupId) : undefined,
      name,
      ownerUid: uid,
      memberUids: uidsOf(req, 0).filter((u) => u !== uid),
    });
    return groupView(groups, group.id);
  }
  if (op === Op.LIST_MINE) {
    const mine = await groups.groupsOf(uid);
    return {
      groups: mine.map((g) => ({
        id: g.id,
        name: g.name,
        ownerUid: g.ownerUid,
        announcement: g.announcement,
        mutedAll: g.mutedAll,
        createdAt: g.createdAt,
      })),
    };
  }
  const groupId = requireId(req.groupId, "group_id");
  switch (op) {
    case Op.GET:
      await groups.get(groupId); // NOT_FOUND first: a missing group is not a membership question
      if (!(await groups.isMember(groupId, uid))) throw new ImError("NOT_GROUP_MEMBER", "not a member of this group");
      return groupView(groups, groupId);
    case Op.RENAME: {
      const name = checkName("name", (req.name ?? "").trim());
      await groups.rename(actor, groupId, name);
      return groupView(groups, groupId);
    }
    case Op.SET_ANNOUNCEMENT:
      await groups.setAnnouncement(actor, groupId, checkFreeText("text", req.text ?? "", MAX_ANNOUNCEMENT_LENGTH));
      return groupView(groups, groupId);
    case Op.TRANSFER_OWNER:
      await groups.transferOwner(actor, groupId, uidsOf(req)[0]!);
      return groupView(groups, groupId);
    case Op.DISMISS:
      await groups.dismiss(actor, groupId);
      return {};
    case Op.ADD_MEMBERS:
      await groups.addMembers(actor, groupId, uidsOf(req));
      return groupView(groups, groupId);
    case Op.REMOVE_MEMBERS:
      await groups.removeMembers(actor, groupId, uidsOf(req));
      return groupView(groups, groupId);
    case Op.LEAVE:
      await groups.removeMembers(actor, groupId, [uid]);
      return {};
    case Op.SET_ROLE: {
      const role = req.role ?? 0;
      if (role !== 0 && role !== 1) throw new ImError("INVALID_ARGUMENT", "role must be 0 (member) or 1 (admin)");
      await groups.setRole(actor, groupId, uidsOf(req)[0]!, role);
      return groupView(groups, groupId);
    }
    case Op.MUTE_MEMBER:
      await groups.muteMember(actor, groupId, uidsOf(req)[0]!, req.mutedUntil ? Number(req.mutedUntil) : null);
      return groupView(groups, groupId);
    case Op.MUTE_ALL:
      await groups.muteAll(actor, groupId, req.muted === true);
      return groupView(groups, groupId);
    default:
      throw new ImError("INVALID_ARGUMENT", `unknown group op ${op}`);
  }
}

export async function handleConvList(deps: SocialDeps, uid: string, req: im.IConvListReq): Promise<im.IConvListResp> {
  const limit = Math.min(100, req.limit || 20);
  const page = await deps.conversations.list(uid, { cursor: req.cursor || undefined, limit });
  return {
    conversations: page.conversations.map((c) => ({
      convType: c.convType,
      convId: c.convId,
      lastSeq: c.lastSeq,
      lastMsgId: c.lastMsgId,
      lastAt: c.lastAt,
      readSeq: c.readSeq,
      unread: c.unread,
      lastMessage: c.lastMessage ?? null,
    })),
    nextCursor: page.nextCursor ?? "",
  };
}

export function convTypeOf(value: number | null | undefined): ConvType {
  if (value === ConvType.C2C || value === ConvType.GROUP || value === ConvType.SYSTEM) return value;
  throw new ImError("INVALID_ARGUMENT", "conv_type must be C2C, GROUP or SYSTEM");
}

export async function handleGroupReadCount(
  deps: SocialDeps,
  uid: string,
  req: im.IGroupReadCountReq,
): Promise<im.IGroupReadCountResp> {
  const groupId = requireId(req.groupId, "group_id");
  const msgId = Number(req.msgId ?? 0);
  if (!Number.isSafeInteger(msgId) || msgId <= 0) throw new ImError("INVALID_ARGUMENT", "msg_id is required");
  if (!(await deps.groups.isMember(groupId, uid))) throw new ImError("NOT_GROUP_MEMBER", "not a member of this group");
  return deps.conversations.groupReadCount(groupId, msgId);
}

export async function handleOrgTree(deps: SocialDeps, req: im.IOrgTreeReq): Promise<im.IOrgTreeResp> {
  const rootId = req.rootId || undefined;
  const units = await deps.org.tree(rootId);
  const resp: im.IOrgTreeResp = {
    units: units.map((u) => ({ id: u.id, parentId: u.parentId ?? "", name: u.name, depth: u.depth, sort: u.sort })),
  };
  if (req.withMembers) {
    const roots = rootId ? [rootId] : units.filter((u) => u.parentId === null).map((u) => u.id);
    const lists = await Promise.all(roots.map((id) => deps.org.members(id, { recursive: true })));
    resp.members = lists.flat().map((m) => ({ unitId: m.unitId, uid: m.uid, title: m.title }));
  }
  return resp;
}

/** CONV_READ_REQ: moves the reader's read position; other devices and the 1:1 peer hear of it. */
export async function markRead(deps: MarkReadDeps, conn: Connection, req: im.IConvReadReq): Promise<im.IConvReadResp> {
  const session = conn.session!;
  const convType = convTypeOf(req.convType);
  const convId = checkIdentifier("conv_id", req.convId);
  const readSeq = Number(req.readSeq ?? 0);
  if (!Number.isSafeInteger(readSeq) || readSeq < 0) throw new ImError("INVALID_ARGUMENT", "read_seq is invalid");
  const r = await deps.conversations.markRead(session.uid, convType, convId, readSeq);
  if (r.changed) {
    // The reader's other devices update their unread badge...
    void deps.delivery.notifyUser(
      session.uid,
      Cmd.CONV_SYNC,
      { convType, convId, readSeq: r.readSeq, unread: r.unread },
      conn.id,
    );
    // ...and the other party of a 1:1 learns how far its messages were read.
    if (r.peer && r.peer.uid !== session.uid)
      void deps.delivery.notifyUser(r.peer.uid, Cmd.READ_RECEIPT, {
        convType,
        convId: session.uid,
        readerUid: session.uid,
        seq: r.peer.seq,
        msgId: r.lastReadMsgId,
      });
  }
  return { readSeq: r.readSeq, unread: r.unread };
}
