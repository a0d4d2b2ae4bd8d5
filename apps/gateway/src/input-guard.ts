import { storableProblem } from "@im/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import { errorBody } from "./errors.ts";

/** Deeper JSON than this is refused: nothing the API takes nests that far, and deep values overflow stacks. */
export const MAX_INPUT_DEPTH = 32;

/**
 * The first offending spot in a request input (body, query or path params),
 * walked without recursion so that a hostile nesting depth cannot overflow
 * the stack: strings PostgreSQL cannot store (U+0000, unpaired surrogates, in
 * keys too) and nesting deeper than MAX_INPUT_DEPTH.
 */
export function findBadInput(root: unknown, rootName: string): { field: string; message: string } | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: rootName, depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof value === "string") {
      const problem = storableProblem(value);
      if (problem) return { field: path, message: problem };
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (depth >= MAX_INPUT_DEPTH) return { field: path, message: `nests deeper than ${MAX_INPUT_DEPTH} levels` };
    for (const [key, child] of Object.entries(value)) {
      const problem = storableProblem(key);
      if (problem) return { field: path, message: `has a key that ${problem}` };
      stack.push({ value: child, path: `${path}.${key}`, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * Runs before validation on every route: such input is answered 400 naming
 * the field, instead of reaching the database and failing there as a 500
 * (possibly after part of the action ran).
 */
export async function inputGuardHook(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  for (const [name, value] of [
    ["params", request.params],
    ["querystring", request.query],
    ["body", request.body],
  ] as const) {
    const bad = findBadInput(value, name);
    if (bad) {
      const field = bad.field.replace(/^(params|querystring|body)\.?/, "") || name;
      return reply.code(400).send(errorBody("INVALID_ARGUMENT", `${field} ${bad.message}`, field));
    }
  }
  return undefined;
}
