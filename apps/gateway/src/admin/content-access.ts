import type pg from "pg";
import type { OperatorSession } from "./operators.ts";

/**
 * Whether this operator may read message content: admins always, viewers
 * only when an admin granted it (operators.can_read_content). Read per
 * request, so a grant or withdrawal applies at once.
 */
export async function mayReadContent(db: Pick<pg.Pool, "query">, session: OperatorSession): Promise<boolean> {
  if (session.operator.role === "admin") return true;
  const { rows } = await db.query<{ can_read_content: boolean }>(
    "SELECT can_read_content FROM operators WHERE id = $1",
    [session.operator.id],
  );
  return rows[0]?.can_read_content === true;
}
