import {
  type Actor,
  type C2CSend,
  type CreateGroup,
  checkIdentifier,
  checkInt32,
  checkKey,
  checkName,
  checkSeq,
  checkStorable,
  checkUidList,
  type DeviceLogin,
  type GroupSend,
  ImError,
  MAX_GROUP_MEMBERS,
  type SystemSend,
} from "@im/core";

// The stores check with the same rules and limits as the edges (@im/core validation),
// as a backstop: a value the edge would refuse never reaches a batch it could fail.
// Group membership lists are bounded by the group size, not the per-request limit:
// the edges cut requests to MAX_UIDS_PER_CALL, while tools and tests fill whole groups.

/**
 * Rejects a send that the database could not store, before it joins a batch:
 * one bad item must never fail the transaction its neighbours share.
 */
export function checkC2CSend(send: C2CSend): void {
  checkIdentifier("fromUid", send.fromUid);
  checkIdentifier("toUid", send.toUid);
  checkKey("clientMsgId", send.clientMsgId);
  checkInt32("contentType", send.contentType);
  checkStorable("content", send.content);
}

export function checkGroupSend(send: GroupSend): void {
  checkIdentifier("fromUid", send.fromUid);
  checkIdentifier("groupId", send.groupId);
  checkKey("clientMsgId", send.clientMsgId);
  checkInt32("contentType", send.contentType);
  checkStorable("content", send.content);
}

/** Checks a system send; returns its receivers without repeats, in first-seen order. */
export function checkSystemSend(send: SystemSend): string[] {
  checkIdentifier("businessId", send.businessId);
  checkKey("idempotencyKey", send.idempotencyKey);
  checkInt32("contentType", send.contentType);
  checkStorable("content", send.content);
  const toUids = checkUidList("toUids", send.toUids);
  if (toUids.length === 0) throw new ImError("INVALID_ARGUMENT", "toUids must name at least one receiver");
  return toUids;
}

export function checkActor(actor: Actor): void {
  if (typeof actor !== "object" || actor === null) throw new ImError("INVALID_ARGUMENT", "actor is required");
  if ("system" in actor) {
    if (actor.system !== true) throw new ImError("INVALID_ARGUMENT", "actor.system must be true");
    return;
  }
  checkIdentifier("actor.uid", actor.uid);
}

export function checkCreateGroup(input: CreateGroup): string[] {
  if (input.id !== undefined) checkIdentifier("id", input.id);
  checkName("name", input.name);
  checkIdentifier("ownerUid", input.ownerUid);
  return checkUidList("memberUids", input.memberUids, MAX_GROUP_MEMBERS);
}

/** A mute end in ms since epoch, or null for none. */
export function checkMuteUntil(value: unknown): asserts value is number | null {
  if (value === null) return;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0)
    throw new ImError("INVALID_ARGUMENT", "untilMs must be null or a time in ms since epoch");
  // timestamptz ends at year 294276; refuse anything a Date cannot hold.
  if (Number.isNaN(new Date(value).getTime())) throw new ImError("INVALID_ARGUMENT", "untilMs is out of range");
}

export function checkLogin(login: DeviceLogin): void {
  checkIdentifier("uid", login.uid);
  checkIdentifier("deviceId", login.deviceId);
  checkInt32("deviceType", login.deviceType);
}

export function checkPull(afterSeq: unknown, limit: unknown): void {
  checkSeq("afterSeq", afterSeq);
  if (typeof limit !== "number" || !Number.isSafeInteger(limit) || limit < 1)
    throw new ImError("INVALID_ARGUMENT", "limit must be a positive integer");
}
