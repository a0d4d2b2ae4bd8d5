import { canReadContent, type PrismaDb } from "@im/storage";
import type { OperatorSession } from "./operators.ts";

/**
 * Whether this operator may read message content: admins always, viewers
 * only when an admin granted it (operators.can_read_content). Read per
 * request, so a grant or withdrawal applies at once.
 */
export async function mayReadContent(db: PrismaDb, session: OperatorSession): Promise<boolean> {
  if (session.operator.role === "admin") return true;
  return canReadContent(db, session.operator.id);
}
