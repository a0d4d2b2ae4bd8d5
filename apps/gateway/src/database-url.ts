import { readFile } from "node:fs/promises";
import path from "node:path";

/**
 * The database the command-line tools work on: DATABASE_URL, or else the
 * embedded database of `npm start`, whose URL (with its generated password)
 * the server writes to `<IM_DATA_DIR>/database-url`.
 */
export async function toolDatabaseUrl(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const file = path.join(env.IM_DATA_DIR || "./data", "database-url");
  const text = await readFile(file, "utf8").catch(() => "");
  return text.trim() || undefined;
}

export const NO_DATABASE_URL =
  "DATABASE_URL is not set and there is no ./data/database-url (start the server once with npm start, or set DATABASE_URL)";
