import { z } from "zod";
import { ErrorResponse } from "../errors.ts";
import { DecimalInt } from "../routes/context.ts";
import { OPERATOR_ROLES } from "./operators.ts";

export const TAGS = ["admin"];

export const OperatorSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: z.enum(OPERATOR_ROLES),
  createdAt: z.number().int(),
});

/** Error responses every /admin route behind the session gate may give. */
export const adminErrors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
} as const;

/** A time as ms since the epoch, in a query string. */
export const EpochMs = DecimalInt(0, Number.MAX_SAFE_INTEGER);

export const Limit = (max: number, fallback: number) => DecimalInt(1, max).default(fallback);
