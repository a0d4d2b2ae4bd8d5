import {
  type Actor,
  type C2CSend,
  MAX_ANNOUNCEMENT_LENGTH as CORE_MAX_ANNOUNCEMENT_LENGTH,
  type CreateGroup,
  type DeviceLogin,
  type GroupSend,
  ImError,
  MAX_NAME_LENGTH,
  type SystemSend,
  storableProblem,
} from "@im/core";

/** Longest uid, device id or client message id; keeps every key well inside PostgreSQL's index entry limit. */
export const MAX_ID_LENGTH = 255;
/** The one name limit (code points in @im/core; checked here in UTF-16 code units, twice that). */
export const MAX_GROUP_NAME_LENGTH = MAX_NAME_LENGTH * 2;
/** Longest group announcement, in UTF-16 code units (code points in @im/core, so twice that). */
export const MAX_ANNOUNCEMENT_LENGTH = CORE_MAX_ANNOUNCEMENT_LENGTH * 2;
/** Most uids one group request may name. */
export const MAX_UIDS_PER_CALL = 10_000;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Why a text cannot be stored as is (PostgreSQL text holds neither U+0000 nor broken UTF-16), or undefined. */
const textProblem = storableProblem;

export function checkId(field: string, value: unknown): asserts value is string {
  if (typeof value !== "string" || value.length === 0) throw new ImError("INVALID_ARGUMENT", `${field} is required`);
  if (value.length > MAX_ID_LENGTH)
    throw new ImError("INVALID_ARGUMENT", `${field} is longer than ${MAX_ID_LENGTH} characters`);
  const problem = textProblem(value);
  if (problem) throw new ImError("INVALID_ARGUMENT", `${field} ${problem}`);
}

export function checkInt32(field: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX)
    throw new ImError("INVALID_ARGUMENT", `${field} must be a 32-bit integer`);
}

export function checkSeq(field: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0)
    throw new ImError("INVALID_ARGUMENT", `${field} must be a non-negative integer`);
}

/**
 * Rejects a send that the database could not store, before it joins a batch:
 * one bad item must never fail the transaction its neighbours share.
 */
export function checkC2CSend(send: C2CSend): void {
  checkId("fromUid", send.fromUid);
  checkId("toUid", send.toUid);
  checkId("clientMsgId", send.clientMsgId);
  checkInt32("contentType", send.contentType);
  if (typeof send.content !== "string") throw new ImError("INVALID_ARGUMENT", "content must be a string");
  const problem = textProblem(send.content);
  if (problem) throw new ImError("INVALID_ARGUMENT", `content ${problem}`);
}

export function checkGroupSend(send: GroupSend): void {
  checkId("fromUid", send.fromUid);
  checkId("groupId", send.groupId);
  checkId("clientMsgId", send.clientMsgId);
  checkInt32("contentType", send.contentType);
  checkText("content", send.content, Number.POSITIVE_INFINITY);
}

/** Checks a system send; returns its receivers without repeats, in first-seen order. */
export function checkSystemSend(send: SystemSend): string[] {
  checkId("businessId", send.businessId);
  checkId("idempotencyKey", send.idempotencyKey);
  checkInt32("contentType", send.contentType);
  checkText("content", send.content, Number.POSITIVE_INFINITY);
  const toUids = checkUids("toUids", send.toUids);
  if (toUids.length === 0) throw new ImError("INVALID_ARGUMENT", "toUids must name at least one receiver");
  return toUids;
}

/** A text that fits a column: a string without U+0000 or broken UTF-16, at most `maxLength` code units. */
export function checkText(field: string, value: unknown, maxLength: number): asserts value is string {
  if (typeof value !== "string") throw new ImError("INVALID_ARGUMENT", `${field} must be a string`);
  if (value.length > maxLength)
    throw new ImError("INVALID_ARGUMENT", `${field} is longer than ${maxLength} characters`);
  const problem = textProblem(value);
  if (problem) throw new ImError("INVALID_ARGUMENT", `${field} ${problem}`);
}

/** A list of ids, returned without repeats in first-seen order. */
export function checkUids(field: string, value: unknown): string[] {
  if (!Array.isArray(value)) throw new ImError("INVALID_ARGUMENT", `${field} must be a list of uids`);
  if (value.length > MAX_UIDS_PER_CALL)
    throw new ImError("INVALID_ARGUMENT", `${field} holds more than ${MAX_UIDS_PER_CALL} uids`);
  for (const uid of value) checkId(`${field}[]`, uid);
  return [...new Set(value as string[])];
}

export function checkActor(actor: Actor): void {
  if (typeof actor !== "object" || actor === null) throw new ImError("INVALID_ARGUMENT", "actor is required");
  if ("system" in actor) {
    if (actor.system !== true) throw new ImError("INVALID_ARGUMENT", "actor.system must be true");
    return;
  }
  checkId("actor.uid", actor.uid);
}

export function checkCreateGroup(input: CreateGroup): string[] {
  if (input.id !== undefined) checkId("id", input.id);
  checkText("name", input.name, MAX_GROUP_NAME_LENGTH);
  checkId("ownerUid", input.ownerUid);
  return checkUids("memberUids", input.memberUids);
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
  checkId("uid", login.uid);
  checkId("deviceId", login.deviceId);
  checkInt32("deviceType", login.deviceType);
}

export function checkPull(afterSeq: unknown, limit: unknown): void {
  checkSeq("afterSeq", afterSeq);
  if (typeof limit !== "number" || !Number.isSafeInteger(limit) || limit < 1)
    throw new ImError("INVALID_ARGUMENT", "limit must be a positive integer");
}
