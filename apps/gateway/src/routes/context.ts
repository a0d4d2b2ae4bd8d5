import {
  extraProblem,
  ID_RULE,
  identifierProblem,
  MAX_EXTRA_BYTES,
  MAX_EXTRA_DEPTH,
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
  nameProblem,
  parseDecimal,
  textProblem,
} from "@im/core";
import { z } from "zod";
import type { GatewayDeps } from "../deps.ts";
import type { MessageRepository } from "../message-repository.ts";
import { securityOf } from "../openapi-document.ts";
import type { UserRepository } from "../user-repository.ts";

/** What every route module gets. */
export interface RouteContext {
  deps: GatewayDeps;
  users: UserRepository;
  messages: MessageRepository;
  now: () => number;
}

/**
 * An identifier (uid, group id, org unit id, business line id, device id) by the
 * one rule in @im/core that tokens, the realtime protocol and the stores share.
 */
export const Id = z
  .string()
  .superRefine((value, ctx) => {
    const problem = identifierProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .meta({ description: ID_RULE, maxLength: MAX_ID_LENGTH * 2 });

/** A uid: an identifier. */
export const Uid = Id;

/** A required name (user, group, org unit, business line): trimmed, non-empty, no controls. */
export function Name(max = MAX_NAME_LENGTH) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const problem = nameProblem(value, max);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .meta({
      description: `1-${max} characters, no leading or trailing whitespace, no control characters`,
      maxLength: max * 2,
    });
}

/** Free text (announcement, reason): may span lines, no other controls, at most `max` characters. */
export function Text(max: number) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const problem = textProblem(value, max);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .meta({ description: `At most ${max} characters; tab and line breaks are the only control characters` });
}

/** A user's `extra` JSON object, bounded in size and depth. */
export const Extra = z
  .record(z.string(), z.unknown())
  .superRefine((value, ctx) => {
    const problem = extraProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .meta({ description: `A JSON object of at most ${MAX_EXTRA_BYTES} bytes, nested at most ${MAX_EXTRA_DEPTH} deep` });

/**
 * A non-negative integer in a path or query string, spelled as plain decimal
 * digits: "0x10", " 7", "1e3", "+1" and "01" are refused instead of coerced.
 */
export function DecimalInt(min: number, max: number) {
  return z
    .string()
    .regex(/^(?:0|[1-9][0-9]{0,15})$/, "must be a decimal integer")
    .transform((text, ctx) => {
      const n = parseDecimal(text);
      if (n === undefined) {
        ctx.addIssue({ code: "custom", message: "must be a decimal integer" });
        return z.NEVER;
      }
      return n;
    })
    .pipe(z.number().int().min(min).max(max));
}

/** proto DeviceType: 1 iOS, 2 Android, 3 web, 4 desktop, 5 pad. */
export const DeviceTypeSchema = z.number().int().min(1).max(5);

/** Every /v1 route is called with a business line's API key. */
export const security = securityOf.businessKey;
