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
import type { im } from "@im/protocol";

/** What the group, conversation and organisation requests need from the node. */
export interface SocialDeps {
  groups: GroupStore;
  conversations: ConversationStore;
  org: OrgStore;
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
  const Op = {
    CREATE: 1,
    GET: 2,
    RENAME: 3,
    SET_ANNOUNCEMENT: 4,
    TRANSFER_OWNER: 5,
    DISMISS: 6,
    ADD_MEMBERS: 7,
    REMOVE_MEMBERS: 8,
    SET_ROLE: 9,
    MUTE_MEMBER: 10,
    MUTE_ALL: 11,
    LIST_MINE: 12,
    LEAVE: 13,
  } as const;
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
