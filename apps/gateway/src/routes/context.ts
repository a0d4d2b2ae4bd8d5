import { isValidUid, MAX_UID_LENGTH } from "@im/auth";
import { z } from "zod";
import type { GatewayDeps } from "../deps.ts";
import type { MessageRepository } from "../message-repository.ts";
import type { UserRepository } from "../user-repository.ts";

/** What every route module gets. */
export interface RouteContext {
  deps: GatewayDeps;
  users: UserRepository;
  messages: MessageRepository;
  now: () => number;
}

/** A uid as tokens and the realtime nodes accept it. */
export const Uid = z
  .string()
  .min(1)
  .max(MAX_UID_LENGTH * 2)
  .refine(isValidUid, `must be 1-${MAX_UID_LENGTH} characters without control characters`)
  .meta({ description: `1-${MAX_UID_LENGTH} characters (code points), no control characters` });

/** proto DeviceType: 1 iOS, 2 Android, 3 web, 4 desktop, 5 pad. */
export const DeviceTypeSchema = z.number().int().min(1).max(5);

export const security = [{ apiKey: [] }];
